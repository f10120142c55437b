/// The six criteria of the monthly group scorecard.
public enum ScorecardCriterion: String, Codable, Sendable, CaseIterable {
    /// Overdue over outstanding; lower is better.
    case overdueRatio = "overdue_ratio"
    /// Share of the month's commune sessions at which the group transacted; higher is better.
    case transactionAttendance = "transaction_attendance"
    /// Interest collected over interest due.
    case interestCollection = "interest_collection"
    /// Principal collected over principal due.
    case principalCollection = "principal_collection"
    /// Savings balance growth over the previous month.
    case savingsGrowth = "savings_growth"
    /// Members with savings over active members.
    case saversShare = "savers_share"
}

/// The four classes of a group or an association.
public enum GroupClass: String, Codable, Sendable, CaseIterable, Comparable {
    case good, fair, average, weak

    public var label: LocalizedText {
        switch self {
        case .good: return LocalizedText(vi: "Tốt", en: "Good")
        case .fair: return LocalizedText(vi: "Khá", en: "Fair")
        case .average: return LocalizedText(vi: "Trung bình", en: "Average")
        case .weak: return LocalizedText(vi: "Yếu", en: "Weak")
        }
    }

    public static func < (lhs: GroupClass, rhs: GroupClass) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One band of a criterion: "overdue ratio at most 0% → 30 points", "interest collection at least 98% → 15".
public struct ScoreBand: Hashable, Codable, Sendable {
    public enum Comparison: String, Codable, Sendable, CaseIterable {
        case atMost = "at_most", below, atLeast = "at_least", above
    }

    public var comparison: Comparison
    public var threshold: Ratio
    public var points: Int

    public init(_ comparison: Comparison, _ threshold: Ratio, points: Int) {
        self.comparison = comparison
        self.threshold = threshold
        self.points = points
    }

    public func matches(_ value: Ratio) -> Bool {
        switch comparison {
        case .atMost: return value <= threshold
        case .below: return value < threshold
        case .atLeast: return value >= threshold
        case .above: return value > threshold
        }
    }
}

extension Ratio: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let parts = try container.decode([UInt64].self)
        guard parts.count == 2, parts[1] > 0 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a ratio is [numerator, denominator]")
        }
        self.init(unsigned: parts[0], parts[1])
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode([numerator, denominator])
    }
}

/// A criterion's maximum and its bands, tried in order; the first that matches gives the points.
public struct CriterionRule: Hashable, Codable, Sendable {
    public var criterion: ScorecardCriterion
    public var maxPoints: Int
    public var bands: [ScoreBand]
    /// Points when no band matches.
    public var otherwise: Int

    public init(criterion: ScorecardCriterion, maxPoints: Int, bands: [ScoreBand], otherwise: Int = 0) {
        self.criterion = criterion
        self.maxPoints = maxPoints
        self.bands = bands
        self.otherwise = otherwise
    }

    public func points(for value: Ratio) -> Int {
        bands.first { $0.matches(value) }?.points ?? otherwise
    }
}

/// The class cut-offs: a total at or above `good` is Good, and so on; below `average` is Weak.
public struct ClassCutoffs: Hashable, Codable, Sendable {
    public var good: Int
    public var fair: Int
    public var average: Int

    public init(good: Int = 90, fair: Int = 70, average: Int = 50) {
        self.good = good
        self.fair = fair
        self.average = average
    }

    public func classify(_ total: Int) -> GroupClass {
        if total >= good { return .good }
        if total >= fair { return .fair }
        if total >= average { return .average }
        return .weak
    }
}

/// One version of the scorecard, in force from a month on.
public struct Scorecard: Hashable, Codable, Sendable {
    public var effectiveFrom: YearMonth
    public var criteria: [CriterionRule]
    public var cutoffs: ClassCutoffs

    public init(effectiveFrom: YearMonth, criteria: [CriterionRule], cutoffs: ClassCutoffs) {
        self.effectiveFrom = effectiveFrom
        self.criteria = criteria
        self.cutoffs = cutoffs
    }

    public var totalMaxPoints: Int { criteria.reduce(0) { $0 + $1.maxPoints } }

    /// Scores one group's month: the points of every criterion, the total and the class.
    public func score(_ inputs: GroupMonthInputs) -> GroupScore {
        let values = inputs.ratios
        var points: [ScorecardCriterion: Int] = [:]
        for rule in criteria {
            points[rule.criterion] = min(rule.points(for: values[rule.criterion] ?? .zero), rule.maxPoints)
        }
        let total = points.values.reduce(0, +)
        return GroupScore(values: values, points: points, total: total, groupClass: cutoffs.classify(total))
    }

    /// The version in force for `month` among several, or nil when none had started yet.
    public static func inForce(_ versions: [Scorecard], for month: YearMonth) -> Scorecard? {
        versions.filter { $0.effectiveFrom <= month }.max { $0.effectiveFrom < $1.effectiveFrom }
    }
}

/// What a group did in a month, in whole đồng and counts, before any ratio is taken.
public struct GroupMonthInputs: Hashable, Codable, Sendable {
    public var outstanding: Int64
    public var overdue: Int64
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

    public init(outstanding: Int64, overdue: Int64, sessionsHeld: Int, sessionsTransacted: Int, interestDue: Int64,
                interestCollected: Int64, principalDue: Int64, principalCollected: Int64, savingsBalance: Int64,
                previousSavingsBalance: Int64, activeMembers: Int, membersWithSavings: Int) {
        self.outstanding = outstanding
        self.overdue = overdue
        self.sessionsHeld = sessionsHeld
        self.sessionsTransacted = sessionsTransacted
        self.interestDue = interestDue
        self.interestCollected = interestCollected
        self.principalDue = principalDue
        self.principalCollected = principalCollected
        self.savingsBalance = savingsBalance
        self.previousSavingsBalance = previousSavingsBalance
        self.activeMembers = activeMembers
        self.membersWithSavings = membersWithSavings
    }

    /// The six ratios. Where nothing was due (no interest, no principal, no session, no loan), the group has met
    /// everything that was asked of it: collection and attendance count as 100% and the overdue ratio as 0%.
    /// Savings growth is (balance − previous) / previous, 0% when it fell or stayed, and 100% when savings start from 0.
    public var ratios: [ScorecardCriterion: Ratio] {
        func rate(_ part: Int64, _ whole: Int64) -> Ratio {
            whole <= 0 ? .one : Ratio(min(max(part, 0), whole), whole) ?? .zero
        }
        let growth: Ratio
        if savingsBalance <= previousSavingsBalance {
            growth = .zero
        } else if previousSavingsBalance <= 0 {
            growth = .one
        } else {
            growth = Ratio(savingsBalance - previousSavingsBalance, previousSavingsBalance) ?? .zero
        }
        return [
            .overdueRatio: outstanding <= 0 ? .zero : (Ratio(max(overdue, 0), outstanding) ?? .zero),
            .transactionAttendance: rate(Int64(sessionsTransacted), Int64(sessionsHeld)),
            .interestCollection: rate(interestCollected, interestDue),
            .principalCollection: rate(principalCollected, principalDue),
            .savingsGrowth: growth,
            .saversShare: rate(Int64(membersWithSavings), Int64(activeMembers)),
        ]
    }
}

/// A group's score for a month: the ratios, the points per criterion, the total and the class.
public struct GroupScore: Hashable, Codable, Sendable {
    public var values: [ScorecardCriterion: Ratio]
    public var points: [ScorecardCriterion: Int]
    public var total: Int
    public var groupClass: GroupClass
}
