import Foundation

/// The criteria of the monthly evaluation of a commune association (`contracts/scorecards/association.yaml`).
public enum AssociationCriterion: String, Codable, Sendable, CaseIterable {
    /// Overdue over outstanding of the loans of its groups; lower is better.
    case overdueRatio = "overdue_ratio"
    /// Interest collected over interest due.
    case interestCollection = "interest_collection"
    /// Groups classed Good over groups evaluated.
    case goodGroupsShare = "good_groups_share"
    /// Obligations due in the month done on time over obligations due (waived ones left out).
    case obligationsOnTime = "obligations_on_time"
    /// People trained over the year's training quota.
    case trainingProgress = "training_progress"
}

/// A criterion of the association scorecard: its maximum and bands, tried in order.
public struct AssociationCriterionRule: Hashable, Codable, Sendable {
    public var criterion: AssociationCriterion
    public var maxPoints: Int
    public var bands: [ScoreBand]
    public var otherwise: Int

    public init(criterion: AssociationCriterion, maxPoints: Int, bands: [ScoreBand], otherwise: Int = 0) {
        self.criterion = criterion
        self.maxPoints = maxPoints
        self.bands = bands
        self.otherwise = otherwise
    }

    public func points(for value: Ratio) -> Int {
        min(bands.first { $0.matches(value) }?.points ?? otherwise, maxPoints)
    }
}

/// What a commune association's groups and obligations came to in a month.
public struct AssociationMonthInputs: Hashable, Codable, Sendable {
    public var outstanding: Int64
    public var overdue: Int64
    public var interestDue: Int64
    public var interestCollected: Int64
    public var groups: Int
    public var goodGroups: Int
    public var obligationsDue: Int
    public var obligationsOnTime: Int
    public var trainingTarget: Int
    public var trainingDone: Int

    public init(outstanding: Int64, overdue: Int64, interestDue: Int64, interestCollected: Int64, groups: Int, goodGroups: Int,
                obligationsDue: Int, obligationsOnTime: Int, trainingTarget: Int, trainingDone: Int) {
        self.outstanding = outstanding
        self.overdue = overdue
        self.interestDue = interestDue
        self.interestCollected = interestCollected
        self.groups = groups
        self.goodGroups = goodGroups
        self.obligationsDue = obligationsDue
        self.obligationsOnTime = obligationsOnTime
        self.trainingTarget = trainingTarget
        self.trainingDone = trainingDone
    }

    /// The five ratios; as for groups, where nothing was asked (no interest due, no group, no obligation, no quota)
    /// the association met it in full.
    public var ratios: [AssociationCriterion: Ratio] {
        func rate(_ part: Int64, _ whole: Int64) -> Ratio {
            whole <= 0 ? .one : Ratio(min(max(part, 0), whole), whole) ?? .zero
        }
        return [
            .overdueRatio: outstanding <= 0 ? .zero : (Ratio(max(overdue, 0), outstanding) ?? .zero),
            .interestCollection: rate(interestCollected, interestDue),
            .goodGroupsShare: rate(Int64(goodGroups), Int64(groups)),
            .obligationsOnTime: rate(Int64(obligationsOnTime), Int64(obligationsDue)),
            .trainingProgress: rate(Int64(trainingDone), Int64(trainingTarget)),
        ]
    }
}

/// An association's score for a month.
public struct AssociationScore: Hashable, Codable, Sendable {
    public var values: [AssociationCriterion: Ratio]
    public var points: [AssociationCriterion: Int]
    public var total: Int
    public var associationClass: GroupClass
}

/// One version of the association scorecard, in force from a month on.
public struct AssociationScorecard: Hashable, Codable, Sendable {
    public var effectiveFrom: YearMonth
    public var criteria: [AssociationCriterionRule]
    public var cutoffs: ClassCutoffs

    public init(effectiveFrom: YearMonth, criteria: [AssociationCriterionRule], cutoffs: ClassCutoffs) {
        self.effectiveFrom = effectiveFrom
        self.criteria = criteria
        self.cutoffs = cutoffs
    }

    public func score(_ inputs: AssociationMonthInputs) -> AssociationScore {
        let values = inputs.ratios
        var points: [AssociationCriterion: Int] = [:]
        for rule in criteria { points[rule.criterion] = rule.points(for: values[rule.criterion] ?? .zero) }
        let total = points.values.reduce(0, +)
        return AssociationScore(values: values, points: points, total: total, associationClass: cutoffs.classify(total))
    }

    public static func inForce(_ versions: [AssociationScorecard], for month: YearMonth) -> AssociationScorecard? {
        versions.filter { $0.effectiveFrom <= month }.max { $0.effectiveFrom < $1.effectiveFrom }
    }
}
