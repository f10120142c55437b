import EntrustCore

/// A contract as listed.
public struct ContractSummary: Codable, Sendable, StoreRecord {
    public var number: String
    public var kind: String
    public var state: String
    public var office: String
    public var association: String?
    public var associationName: String?
    public var point: String?
    public var startDate: String
    public var endDate: String
    public var version: Int
    public var templateCode: String
    public var templateVersion: String
    public var predecessor: String?
    public var successor: String?
    public var endReason: String?
    public var pendingChange: String?

    enum CodingKeys: String, CodingKey {
        case number, kind, state, office, association, associationName = "association_name", point
        case startDate = "start_date", endDate = "end_date", version, templateCode = "template_code"
        case templateVersion = "template_version", predecessor, successor, endReason = "end_reason"
        case pendingChange = "pending_change"
    }

    static let selection = """
        SELECT c.number, c.kind, c.state, o.code AS office, a.code AS association, a.name AS association_name,
               pt.code AS point, c.start_date, c.end_date, c.version, c.template_code, c.template_version,
               pre.number AS predecessor, suc.number AS successor, c.end_reason,
               (SELECT kind FROM contract_change ch WHERE ch.contract_id = c.id AND ch.status = 'pending') AS pending_change
        FROM contract c
        JOIN bank_unit o ON o.id = c.office_id
        LEFT JOIN association a ON a.id = c.association_id
        LEFT JOIN bank_unit pt ON pt.id = c.point_id
        LEFT JOIN contract pre ON pre.id = c.predecessor_id
        LEFT JOIN contract suc ON suc.id = c.successor_id
        """
}

/// One version of a contract's terms: the original signature or an amendment.
public struct ContractVersionView: Codable, Sendable, StoreRecord {
    public var version: Int
    public var startDate: String
    public var endDate: String
    public var point: String?
    public var bankSignatory: String?
    public var associationSignatory: String?
    public var reason: String
    public var createdBy: String
    public var createdAt: String
    public var approvedBy: String?
    public var approvedAt: String?

    enum CodingKeys: String, CodingKey {
        case version, startDate = "start_date", endDate = "end_date", point, bankSignatory = "bank_signatory"
        case associationSignatory = "association_signatory", reason, createdBy = "created_by", createdAt = "created_at"
        case approvedBy = "approved_by", approvedAt = "approved_at"
    }
}

/// A request that waits for (or received) a second person's decision.
public struct ContractChangeView: Codable, Sendable, StoreRecord {
    public var kind: String
    public var reason: String
    public var payloadJSON: String
    public var requestedBy: String
    public var requestedAt: String
    public var status: String
    public var decidedBy: String?
    public var decidedAt: String?
    public var decisionNote: String?

    enum CodingKeys: String, CodingKey {
        case kind, reason, payloadJSON = "payload_json", requestedBy = "requested_by", requestedAt = "requested_at"
        case status, decidedBy = "decided_by", decidedAt = "decided_at", decisionNote = "decision_note"
    }
}

/// Everything `contracts show` prints.
public struct ContractDetail: Codable, Sendable {
    public var contract: ContractSummary
    public var versions: [ContractVersionView]
    public var changes: [ContractChangeView]
    /// Obligation occurrences by status (open, late, done, waived).
    public var obligations: [String: Int]
    public var nextDue: [ObligationView]
}

/// An obligation occurrence as a person sees it; `status` is derived (open turns late after the grace period).
public struct ObligationView: Codable, Sendable, StoreRecord {
    public var ref: String
    public var contract: String
    public var association: String?
    public var associationName: String?
    public var code: String
    public var titleVi: String
    public var titleEn: String
    public var responsible: String
    public var dueDate: String
    public var lateAfter: String
    public var status: String
    public var completedBy: String?
    public var completedOn: String?
    /// When the completion was entered (ISO 8601, Vietnam time), beside the day it claims (`completedOn`).
    public var completedAt: String?
    public var evidence: String?
    public var waiveReason: String?

    enum CodingKeys: String, CodingKey {
        case ref, contract, association, associationName = "association_name", code, titleVi = "title_vi", titleEn = "title_en"
        case responsible, dueDate = "due_date", lateAfter = "late_after", status, completedBy = "completed_by"
        case completedOn = "completed_on", completedAt = "completed_at", evidence, waiveReason = "waive_reason"
    }

    public func title(_ language: Language) -> String { language == .vi ? titleVi : titleEn }

    /// `?1` is today; lateness is computed here so every reader agrees on it.
    static let selection = """
        SELECT c.number || ':' || ob.code || ':' || ob.period_key AS ref, c.number AS contract,
               a.code AS association, a.name AS association_name, ob.code, ob.title_vi, ob.title_en, ob.responsible,
               ob.due_date, ob.late_after,
               CASE WHEN ob.status = 'open' AND ob.late_after < ?1 THEN 'late' ELSE ob.status END AS status,
               ob.completed_by, ob.completed_on, ob.completed_at, ob.evidence, ob.waive_reason
        FROM obligation ob
        JOIN contract c ON c.id = ob.contract_id
        LEFT JOIN association a ON a.id = c.association_id
        """
}
