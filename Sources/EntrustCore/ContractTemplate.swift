/// The kinds of contract entrust knows. Each template file declares one.
public enum ContractKind: String, Codable, Sendable, CaseIterable {
    /// Transaction office ↔ commune association (hợp đồng ủy thác).
    case communeEntrustment = "commune_entrustment"
    /// Transaction office ↔ district association (văn bản thỏa thuận).
    case districtAgreement = "district_agreement"
    /// Provincial branch ↔ provincial association.
    case provincialAgreement = "provincial_agreement"
    /// Transaction office ↔ a Savings and Loan Group, through its leader (hợp đồng ủy nhiệm).
    case groupMandate = "group_mandate"

    /// The association level on the other side of the contract, or nil for a group mandate.
    public var associationLevel: AssociationLevel? {
        switch self {
        case .communeEntrustment: return .commune
        case .districtAgreement: return .district
        case .provincialAgreement: return .province
        case .groupMandate: return nil
        }
    }
}

/// Who carries an obligation, or takes part in it.
public enum Party: String, Codable, Sendable, CaseIterable {
    case transactionOffice = "transaction_office"
    case provincialBranch = "provincial_branch"
    case bankOfficer = "bank_officer"
    case communeAssociation = "commune_association"
    case districtAssociation = "district_association"
    case provincialAssociation = "provincial_association"
    case group
    case groupBoard = "group_board"
    case groupLeader = "group_leader"
    case communePeoplesCommittee = "commune_peoples_committee"
}

/// Things that happen and start an obligation's clock (a disbursement starts the 30-day loan-use check).
public enum EventKind: String, Codable, Sendable, CaseIterable {
    case disbursement
    case groupFounding = "group_founding"
    case boardElection = "board_election"
    case conventionDrafting = "convention_drafting"
    case loanReview = "loan_review"
    case incident
    case riskCase = "risk_case"
}

/// What a yearly quota counts.
public enum QuotaSubject: String, Codable, Sendable, CaseIterable {
    case groups, households, loans
    case communeAssociations = "commune_associations"
    case districtAssociations = "district_associations"
}

/// One target of a yearly quota: "100% of groups, at least 5 households each".
public struct QuotaTarget: Hashable, Codable, Sendable {
    public var subject: QuotaSubject
    public var percent: Int
    /// At least this many `perItemUnit` in each item counted (5 households per group inspected).
    public var perItemMinimum: Int?
    public var perItemUnit: QuotaSubject?

    public init(subject: QuotaSubject, percent: Int, perItemMinimum: Int? = nil, perItemUnit: QuotaSubject? = nil) {
        self.subject = subject
        self.percent = percent
        self.perItemMinimum = perItemMinimum
        self.perItemUnit = perItemUnit
    }
}

/// When an obligation falls due.
public enum ObligationSchedule: Hashable, Codable, Sendable {
    /// Every month on the transaction point's fixed day (the session runs even on weekends and holidays).
    case transactionDay
    /// Every `every` months on `day`, counted from the contract's first month.
    case monthly(every: Int, day: Int)
    /// Every `every` years on `month`/`day`, counted from the contract's first year.
    case yearly(every: Int, month: Int, day: Int)
    /// `days` after an event is recorded (0: on the event's date).
    case afterEvent(EventKind, days: Int)
    /// Once a year, due on `month`/`day`, with counted targets.
    case yearlyQuota(targets: [QuotaTarget], month: Int, day: Int)

    /// The schedule kind as written in the template files.
    public var kindName: String {
        switch self {
        case .transactionDay: return "transaction_day"
        case .monthly: return "monthly"
        case .yearly: return "yearly"
        case .afterEvent: return "after_event"
        case .yearlyQuota: return "yearly_quota"
        }
    }

    public static let kindNames = ["transaction_day", "monthly", "yearly", "after_event", "yearly_quota"]
}

/// One entrusted task, for the contract text (the three areas: propaganda, supervision, coordination).
public struct TaskTemplate: Hashable, Codable, Sendable {
    public var code: String
    public var area: String
    public var title: LocalizedText

    public init(code: String, area: String, title: LocalizedText) {
        self.code = code
        self.area = area
        self.title = title
    }
}

/// An obligation as a template describes it, before it is dated.
public struct ObligationTemplate: Hashable, Codable, Sendable {
    public var code: String
    public var title: LocalizedText
    public var responsible: Party
    public var participants: [Party]
    public var schedule: ObligationSchedule
    public var evidence: LocalizedText
    /// Days after the due date before an open occurrence counts as late.
    public var graceDays: Int

    public init(code: String, title: LocalizedText, responsible: Party, participants: [Party] = [],
                schedule: ObligationSchedule, evidence: LocalizedText, graceDays: Int) {
        self.code = code
        self.title = title
        self.responsible = responsible
        self.participants = participants
        self.schedule = schedule
        self.evidence = evidence
        self.graceDays = graceDays
    }
}

/// A contract template from `contracts/templates/*.yaml`.
public struct ContractTemplate: Hashable, Codable, Sendable {
    public var code: String
    /// Free text such as `2024.1`; contracts record the version they were signed on.
    public var version: String
    public var kind: ContractKind
    public var title: LocalizedText
    /// Exactly the two signing sides, bank side first.
    public var parties: [Party]
    /// The default term of a new contract, in months.
    public var termMonths: Int
    public var tasks: [TaskTemplate]
    /// Clauses keyed by topic (`fee`, `amendment`, `renewal`, `termination`, …).
    public var clauses: [String: LocalizedText]
    public var obligations: [ObligationTemplate]

    public init(code: String, version: String, kind: ContractKind, title: LocalizedText, parties: [Party],
                termMonths: Int, tasks: [TaskTemplate], clauses: [String: LocalizedText], obligations: [ObligationTemplate]) {
        self.code = code
        self.version = version
        self.kind = kind
        self.title = title
        self.parties = parties
        self.termMonths = termMonths
        self.tasks = tasks
        self.clauses = clauses
        self.obligations = obligations
    }

    /// Whether any obligation is due on the transaction point's fixed day.
    public var needsTransactionPoint: Bool {
        obligations.contains { $0.schedule == .transactionDay }
    }
}
