import EntrustCore

/// An administrative unit as listed and shown.
public struct AdminUnitView: Codable, Sendable, StoreRecord {
    public var code: String
    public var kind: String
    public var name: String
    public var parent: String?
    public var validUntil: String?

    enum CodingKeys: String, CodingKey { case code, kind, name, parent, validUntil = "valid_until" }
}

/// A bank unit as listed and shown; transaction points carry their commune and fixed day.
public struct BankUnitView: Codable, Sendable, StoreRecord {
    public var code: String
    public var kind: String
    public var name: String
    public var parent: String?
    public var commune: String?
    public var communeName: String?
    public var fixedDay: Int?

    enum CodingKeys: String, CodingKey {
        case code, kind, name, parent, commune, communeName = "commune_name", fixedDay = "fixed_day"
    }
}

/// An association as listed and shown.
public struct AssociationView: Codable, Sendable, StoreRecord {
    public var code: String
    public var kind: String
    public var level: String
    public var name: String
    public var adminUnit: String?
    public var adminUnitName: String?
    public var parent: String?

    enum CodingKeys: String, CodingKey {
        case code, kind, level, name, adminUnit = "admin_unit", adminUnitName = "admin_unit_name", parent
    }
}

/// A person as listed and shown.
public struct PersonView: Codable, Sendable, StoreRecord {
    public var code: String
    public var name: String
    public var phone: String?
    public var email: String?
    public var language: String
    public var association: String?
    public var bankUnit: String?
    public var position: String?
    public var standingCommittee: Bool
    public var approver: Bool

    enum CodingKeys: String, CodingKey {
        case code, name, phone, email, language, association, bankUnit = "bank_unit", position
        case standingCommittee = "standing_committee", approver
    }
}
