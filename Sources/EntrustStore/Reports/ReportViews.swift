import EntrustCore

/// The district (transaction office) report of a month: every figure is summed from the month's loan rows and the
/// stored group evaluations, never from stored totals.
public struct DistrictReport: Codable, Sendable {
    public struct ClassCount: Codable, Sendable {
        public var groupClass: String
        public var count: Int
        /// Of all groups evaluated in scope, two decimals (`96.71`).
        public var percent: String
    }

    public struct Figure: Codable, Sendable {
        public var code: String
        public var name: String
        public var outstanding: Int64
        /// Share of the scope's outstanding, two decimals.
        public var percent: String
    }

    /// The same totals for an earlier month, for "change since".
    public struct Earlier: Codable, Sendable {
        public var month: String
        public var outstanding: Int64
        public var households: Int
        public var groups: Int
        public var change: Int64
    }

    public var month: String
    /// The transaction office's code, or `all`.
    public var scope: String
    public var scopeName: String
    public var groups: Int
    public var byClass: [ClassCount]
    public var outstanding: Int64
    public var households: Int
    public var overdue: Int64
    public var frozen: Int64
    public var overdueRatio: String
    /// Overdue and frozen (nợ xấu) over outstanding.
    public var badDebtRatio: String
    public var communes: Int
    public var communesWithoutOverdue: Int
    public var savings: Int64
    public var topCommunes: [Figure]
    public var byKind: [Figure]
    public var previousMonth: Earlier?
    public var startOfYear: Earlier?
    public var plan: Int64?
    public var planAttainment: String?
    /// The extract was imported again after the evaluation: classes may be out of date.
    public var evaluationStale: Bool
}

/// One commune's line in the commune report.
public struct CommuneReportRow: Codable, Sendable, StoreRecord {
    public var code: String
    public var name: String
    public var groups: Int
    public var members: Int
    public var membersWithSavings: Int
    public var households: Int
    public var outstanding: Int64
    public var overdue: Int64
    public var frozen: Int64
    public var savings: Int64
    public var good: Int
    public var fair: Int
    public var average: Int
    public var weak: Int

    enum CodingKeys: String, CodingKey {
        case code, name, groups, members, households, outstanding, overdue, frozen, savings, good, fair, average, weak
        case membersWithSavings = "members_with_savings"
    }
}

/// One group's evaluation: inputs, points per criterion, total and class.
public struct GroupEvaluationView: Codable, Sendable, StoreRecord {
    public var code: String
    public var name: String
    public var commune: String
    public var association: String
    public var scorecardFrom: String
    public var comparedMonth: String?
    public var attendanceSource: String
    public var loans: Int
    public var households: Int
    public var outstanding: Int64
    public var overdue: Int64
    public var frozen: Int64
    public var sessionsHeld: Int
    public var sessionsTransacted: Int
    public var interestDue: Int64
    public var interestCollected: Int64
    public var principalDue: Int64
    public var principalCollected: Int64
    public var savingsBalance: Int64
    public var previousSavingsBalance: Int64
    public var activeMembers: Int
    public var membersWithSavings: Int
    public var pointsOverdueRatio: Int
    public var pointsTransactionAttendance: Int
    public var pointsInterestCollection: Int
    public var pointsPrincipalCollection: Int
    public var pointsSavingsGrowth: Int
    public var pointsSaversShare: Int
    public var total: Int
    public var groupClass: String

    enum CodingKeys: String, CodingKey {
        case code, name, commune, association, loans, households, outstanding, overdue, frozen, total
        case scorecardFrom = "scorecard_from", comparedMonth = "compared_month", attendanceSource = "attendance_source"
        case sessionsHeld = "sessions_held", sessionsTransacted = "sessions_transacted", interestDue = "interest_due"
        case interestCollected = "interest_collected", principalDue = "principal_due", principalCollected = "principal_collected"
        case savingsBalance = "savings_balance", previousSavingsBalance = "previous_savings_balance", activeMembers = "active_members"
        case membersWithSavings = "members_with_savings", pointsOverdueRatio = "points_overdue_ratio"
        case pointsTransactionAttendance = "points_transaction_attendance", pointsInterestCollection = "points_interest_collection"
        case pointsPrincipalCollection = "points_principal_collection", pointsSavingsGrowth = "points_savings_growth"
        case pointsSaversShare = "points_savers_share", groupClass = "class"
    }

    /// The inputs again as Core sees them, to show the ratios.
    public var inputs: GroupMonthInputs {
        GroupMonthInputs(outstanding: outstanding, overdue: overdue, sessionsHeld: sessionsHeld, sessionsTransacted: sessionsTransacted,
                         interestDue: interestDue, interestCollected: interestCollected, principalDue: principalDue,
                         principalCollected: principalCollected, savingsBalance: savingsBalance,
                         previousSavingsBalance: previousSavingsBalance, activeMembers: activeMembers, membersWithSavings: membersWithSavings)
    }
}

/// One commune association's evaluation.
public struct AssociationEvaluationView: Codable, Sendable, StoreRecord {
    public var code: String
    public var name: String
    public var kind: String
    public var commune: String
    public var office: String?
    public var province: String?
    public var outstanding: Int64
    public var overdue: Int64
    public var frozen: Int64
    public var households: Int
    public var interestDue: Int64
    public var interestCollected: Int64
    public var groups: Int
    public var groupsGood: Int
    public var groupsFair: Int
    public var groupsAverage: Int
    public var groupsWeak: Int
    public var obligationsDue: Int
    public var obligationsOnTime: Int
    public var trainingTarget: Int
    public var trainingDone: Int
    public var pointsJSON: String
    public var total: Int
    public var associationClass: String

    enum CodingKeys: String, CodingKey {
        case code, name, kind, commune, office, province, outstanding, overdue, frozen, households, groups, total
        case interestDue = "interest_due", interestCollected = "interest_collected", groupsGood = "groups_good"
        case groupsFair = "groups_fair", groupsAverage = "groups_average", groupsWeak = "groups_weak"
        case obligationsDue = "obligations_due", obligationsOnTime = "obligations_on_time", trainingTarget = "training_target"
        case trainingDone = "training_done", pointsJSON = "points_json", associationClass = "class"
    }
}

/// Outstanding summed over a roll-up key (an office, a province, an association kind).
public struct RollUp: Codable, Sendable, StoreRecord {
    public var level: String
    public var code: String
    public var name: String
    public var associations: Int
    public var outstanding: Int64
    public var overdue: Int64
    public var households: Int
    public var good: Int
    public var fair: Int
    public var average: Int
    public var weak: Int
}
