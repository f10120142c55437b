/// A Savings and Loan Group as typed by a person or read from a file, before references are resolved.
public struct GroupDraft: Hashable, Sendable {
    /// A readable code such as `TS-G07`; nil lets the store number the group within its commune.
    public var code: String?
    public var name: String
    public var village: String?
    public var communeCode: String
    /// The managing association (a commune association).
    public var associationCode: String
    public var foundedOn: LocalDate
    /// The commune People's Committee's approval (decision number).
    public var approvalReference: String?
    /// The convention's minimum monthly saving, whole đồng.
    public var minimumMonthlySaving: VND
    public var source: SourceLocation?

    public init(code: String? = nil, name: String, village: String? = nil, communeCode: String, associationCode: String,
                foundedOn: LocalDate, approvalReference: String? = nil, minimumMonthlySaving: VND = VND(0),
                source: SourceLocation? = nil) {
        self.code = code
        self.name = name
        self.village = village
        self.communeCode = communeCode
        self.associationCode = associationCode
        self.foundedOn = foundedOn
        self.approvalReference = approvalReference
        self.minimumMonthlySaving = minimumMonthlySaving
        self.source = source
    }
}
