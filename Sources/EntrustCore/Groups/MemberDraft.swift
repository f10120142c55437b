/// A member household as typed by a person or read from a file.
public struct MemberDraft: Hashable, Sendable {
    public var groupCode: String
    /// nil lets the store number the member within the group (`TS-G07-12`).
    public var code: String?
    public var name: String
    public var nationalID: String
    public var category: PovertyCategory
    public var joinedOn: LocalDate
    /// When the household head is also registered as a person (an association officer, say), their code:
    /// it lets the store refuse a standing-committee member on a board.
    public var personCode: String?
    public var source: SourceLocation?

    public init(groupCode: String, code: String? = nil, name: String, nationalID: String, category: PovertyCategory,
                joinedOn: LocalDate, personCode: String? = nil, source: SourceLocation? = nil) {
        self.groupCode = groupCode
        self.code = code
        self.name = name
        self.nationalID = nationalID
        self.category = category
        self.joinedOn = joinedOn
        self.personCode = personCode
        self.source = source
    }
}
