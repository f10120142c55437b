import EntrustCore

/// A sign-in account as listed and used for access decisions: never its password hash.
public struct UserAccount: Codable, Sendable, Equatable, StoreRecord {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var role: String
    public var person: String?
    /// The transaction office of the linked person (a transaction point's staff count for its office).
    public var office: String?
    /// The association of the linked person.
    public var association: String?
    public var language: String
    public var disabled: Bool
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, username, displayName = "display_name", role, person, office, association, language, disabled
        case createdAt = "created_at"
    }

    public var userRole: UserRole { UserRole(rawValue: role) ?? .viewer }
    public var preferredLanguage: Language { Language(rawValue: language) ?? .vi }

    /// The principal recorded in the audit log: the linked person's code (approvals need it), else `user:NAME`.
    public var principal: Principal { Principal(person ?? "user:\(username)") }

    /// What the account may see, from its role and its person.
    public var scope: AccessScope {
        switch userRole {
        case .admin: return .everything
        case .bankStaff, .approver: return office.map(AccessScope.office) ?? .nothing
        case .associationOfficer: return association.map(AccessScope.association) ?? .nothing
        case .viewer:
            if let office { return .office(office) }
            if let association { return .association(association) }
            return person == nil ? .everything : .nothing
        }
    }

    static let selection = """
        SELECT u.id, u.username, u.display_name, u.role, p.code AS person,
               CASE WHEN b.kind = 'transaction_point' THEN bp.code ELSE b.code END AS office,
               a.code AS association, u.language, u.disabled, u.created_at
        FROM user_account u
        LEFT JOIN person p ON p.id = u.person_id
        LEFT JOIN association a ON a.id = p.association_id
        LEFT JOIN bank_unit b ON b.id = p.bank_unit_id
        LEFT JOIN bank_unit bp ON bp.id = b.parent_id
        """
}

/// An API token as listed: its code and owner, never the secret.
public struct APITokenView: Codable, Sendable, StoreRecord {
    public var code: String
    public var username: String
    public var note: String?
    public var createdAt: String
    public var createdBy: String
    public var revokedAt: String?

    enum CodingKeys: String, CodingKey {
        case code, username, note, createdAt = "created_at", createdBy = "created_by", revokedAt = "revoked_at"
    }
}

/// A calendar-feed token as listed.
public struct CalendarTokenView: Codable, Sendable, StoreRecord {
    public var code: String
    public var subjectKind: String
    public var subjectCode: String
    public var createdAt: String
    public var createdBy: String
    public var revokedAt: String?

    enum CodingKeys: String, CodingKey {
        case code, subjectKind = "subject_kind", subjectCode = "subject_code", createdAt = "created_at"
        case createdBy = "created_by", revokedAt = "revoked_at"
    }
}
