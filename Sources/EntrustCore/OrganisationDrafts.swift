/// Where a value came from, so that an error can name the file, line and column.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: String?

    public init(file: String, line: Int, column: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        column.map { "\(file):\(line): \($0)" } ?? "\(file):\(line)"
    }
}

/// An administrative unit as typed by a person (CLI) or read from a file, before references are resolved.
public struct AdminUnitDraft: Hashable, Sendable {
    public var code: String
    public var kind: AdminUnitKind
    public var name: String
    public var parentCode: String?
    /// Districts stopped existing in July 2025; older data keeps them with an end date.
    public var validUntil: LocalDate?
    public var source: SourceLocation?

    public init(code: String, kind: AdminUnitKind, name: String, parentCode: String? = nil,
                validUntil: LocalDate? = nil, source: SourceLocation? = nil) {
        self.code = code
        self.kind = kind
        self.name = name
        self.parentCode = parentCode
        self.validUntil = validUntil
        self.source = source
    }
}

/// A bank unit before references are resolved. Transaction points also name their commune and fixed day.
public struct BankUnitDraft: Hashable, Sendable {
    public var code: String
    public var kind: BankUnitKind
    public var name: String
    public var parentCode: String?
    public var communeCode: String?
    public var fixedDay: Int?
    public var source: SourceLocation?

    public init(code: String, kind: BankUnitKind, name: String, parentCode: String? = nil,
                communeCode: String? = nil, fixedDay: Int? = nil, source: SourceLocation? = nil) {
        self.code = code
        self.kind = kind
        self.name = name
        self.parentCode = parentCode
        self.communeCode = communeCode
        self.fixedDay = fixedDay
        self.source = source
    }
}

/// An association before references are resolved.
public struct AssociationDraft: Hashable, Sendable {
    public var code: String
    public var kind: AssociationKind
    public var level: AssociationLevel
    public var name: String
    public var adminUnitCode: String?
    public var parentCode: String?
    public var source: SourceLocation?

    public init(code: String, kind: AssociationKind, level: AssociationLevel, name: String,
                adminUnitCode: String? = nil, parentCode: String? = nil, source: SourceLocation? = nil) {
        self.code = code
        self.kind = kind
        self.level = level
        self.name = name
        self.adminUnitCode = adminUnitCode
        self.parentCode = parentCode
        self.source = source
    }
}

/// A person (association officer or bank staff) before references are resolved.
public struct PersonDraft: Hashable, Sendable {
    public var code: String
    public var name: String
    public var phone: String?
    public var email: String?
    public var language: Language
    public var associationCode: String?
    public var bankUnitCode: String?
    public var position: Position?
    /// Members of an association's standing committee may not sit on a group board.
    public var standingCommittee: Bool
    /// The checker in maker-checker for contracts of their office.
    public var approver: Bool
    public var source: SourceLocation?

    public init(code: String, name: String, phone: String? = nil, email: String? = nil, language: Language = .vi,
                associationCode: String? = nil, bankUnitCode: String? = nil, position: Position? = nil,
                standingCommittee: Bool = false, approver: Bool = false, source: SourceLocation? = nil) {
        self.code = code
        self.name = name
        self.phone = phone
        self.email = email
        self.language = language
        self.associationCode = associationCode
        self.bankUnitCode = bankUnitCode
        self.position = position
        self.standingCommittee = standingCommittee
        self.approver = approver
        self.source = source
    }
}

/// Everything one bulk file holds, loaded all-or-nothing in this order.
public struct OrganisationBatch: Sendable {
    public var adminUnits: [AdminUnitDraft] = []
    public var bankUnits: [BankUnitDraft] = []
    public var associations: [AssociationDraft] = []
    public var people: [PersonDraft] = []

    public init() {}

    public var count: Int { adminUnits.count + bankUnits.count + associations.count + people.count }
}
