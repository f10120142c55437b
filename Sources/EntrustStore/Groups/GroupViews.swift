import EntrustCore

/// A Savings and Loan Group as listed and shown, with its size warning (5–60 active members).
public struct GroupView: Codable, Sendable, StoreRecord {
    public var code: String
    public var name: String
    public var village: String?
    public var commune: String
    public var communeName: String
    public var association: String
    public var foundedOn: String
    public var approvalReference: String?
    public var minimumMonthlySaving: Int64
    public var status: String
    public var statusOn: String?
    public var statusNote: String?
    public var quorum: String?
    public var activeMembers: Int
    public var leader: String?
    /// Set when the group has fewer than 5 or more than 60 active members.
    public var warning: LocalizedText?

    enum CodingKeys: String, CodingKey {
        case code, name, village, commune, communeName = "commune_name", association, foundedOn = "founded_on"
        case approvalReference = "approval_ref", minimumMonthlySaving = "min_monthly_saving", status
        case statusOn = "status_on", statusNote = "status_note", quorum, activeMembers = "active_members", leader, warning
    }
}

/// A member household as listed.
public struct MemberView: Codable, Sendable, StoreRecord {
    public var code: String
    public var group: String
    public var name: String
    public var nationalID: String
    public var category: String
    public var joinedOn: String
    public var leftOn: String?
    public var leaveReason: String?
    public var person: String?
    /// The board seat the member holds now, if any.
    public var boardRole: String?

    enum CodingKeys: String, CodingKey {
        case code, group, name, nationalID = "national_id", category, joinedOn = "joined_on", leftOn = "left_on"
        case leaveReason = "leave_reason", person, boardRole = "board_role"
    }
}

/// One board term, current or past.
public struct BoardTermView: Codable, Sendable, StoreRecord {
    public var role: String
    public var member: String
    public var name: String
    public var termStart: String
    public var termEnd: String
    public var endedOn: String?
    public var endReason: String?

    enum CodingKeys: String, CodingKey {
        case role, member, name, termStart = "term_start", termEnd = "term_end", endedOn = "ended_on", endReason = "end_reason"
    }
}
