import EntrustCore
import Foundation

/// Reads `contracts/scorecards/group.yaml`: scorecard versions, each with the six criteria, their bands and
/// the class cut-offs. A scorecard whose maximum points do not add up to 100 is refused, with the sum.
public enum ScorecardLoader {
    public static func load(file url: URL) throws(ConfigError) -> [Scorecard] {
        try parse(yaml: try YAMLReader.text(of: url), file: url.relativePath)
    }

    public static func parse(yaml: String, file: String) throws(ConfigError) -> [Scorecard] {
        try YAMLReader.readMapping(yaml: yaml, file: file) { root -> [Scorecard]? in
            VersionedYAML.versions(root, named: "a scorecard version", effectiveFrom: \.effectiveFrom) { readVersion($0) }
        }
    }

    static func readVersion(_ version: MappingReader) -> Scorecard? {
        version.declare("effective_from", "classes", "criteria")
        let from = version.month("effective_from")
        let cutoffs = VersionedYAML.cutoffs(version)
        let criteria = version.list("criteria", nonEmpty: true) { item in
            item.mapping(named: "a criterion") { criterion -> CriterionRule? in readCriterion(criterion) }
        }
        guard let from, let cutoffs, let criteria, criteria.count == version.value("criteria")?.count else { return nil }
        let valid = ScorecardLoader.checkCriteria(version, criteria.map { ($0.criterion, $0.maxPoints) })
        return valid ? Scorecard(effectiveFrom: from, criteria: criteria, cutoffs: cutoffs) : nil
    }

    /// Every criterion exactly once, and maximum points adding up to 100 (refused with the sum): shared by the
    /// group and association scorecards.
    static func checkCriteria<C>(_ version: MappingReader, _ criteria: [(criterion: C, maxPoints: Int)]) -> Bool
    where C: RawRepresentable & CaseIterable & Hashable, C.RawValue == String {
        var valid = true
        let named = criteria.map(\.criterion)
        for criterion in C.allCases where !named.contains(criterion) {
            version.report("criterion '\(criterion.rawValue)' is missing (all \(C.allCases.count) are needed)", at: "criteria")
            valid = false
        }
        for criterion in Set(named) where named.filter({ $0 == criterion }).count > 1 {
            version.report("criterion '\(criterion.rawValue)' appears more than once", at: "criteria")
            valid = false
        }
        let sum = criteria.reduce(0) { $0 + $1.maxPoints }
        if sum != 100 {
            let terms = criteria.map { "\($0.criterion.rawValue) \($0.maxPoints)" }.joined(separator: " + ")
            version.report("the maximum points add up to \(sum), not 100 (\(terms))", at: "criteria")
            valid = false
        }
        return valid
    }

    static func readCriterion(_ criterion: MappingReader) -> CriterionRule? {
        criterion.declare("criterion", "max_points", "bands", "otherwise")
        let kind = criterion.enumValue("criterion", ScorecardCriterion.self)
        let maxPoints = criterion.int("max_points", in: 0...100)
        let otherwise = criterion.optionalInt("otherwise", in: 0...100) ?? 0
        let bands = readBands(criterion, maxPoints: maxPoints)
        guard let kind, let maxPoints, let bands, bands.count == criterion.value("bands")?.count else { return nil }
        if otherwise > maxPoints {
            criterion.report("\(otherwise) points is more than the criterion's maximum of \(maxPoints)", at: "otherwise")
            return nil
        }
        return CriterionRule(criterion: kind, maxPoints: maxPoints, bands: bands, otherwise: otherwise)
    }

    /// The `bands` of a criterion (shared with the association scorecard): each with exactly one comparison and its points.
    static func readBands(_ criterion: MappingReader, maxPoints: Int?) -> [ScoreBand]? {
        criterion.list("bands", nonEmpty: true) { item in
            item.mapping(named: "a band") { band -> ScoreBand? in
                band.declare("at_most", "below", "at_least", "above", "points")
                let comparisons = ScoreBand.Comparison.allCases.filter { band.contains($0.rawValue) }
                let points = band.int("points", in: 0...100)
                guard comparisons.count == 1, let comparison = comparisons.first else {
                    band.report("a band needs exactly one of at_most, below, at_least, above")
                    return nil
                }
                guard let threshold = band.percent(comparison.rawValue), let points else { return nil }
                if let maxPoints, points > maxPoints {
                    band.report("\(points) points is more than the criterion's maximum of \(maxPoints)", at: "points")
                    return nil
                }
                return ScoreBand(comparison, threshold, points: points)
            }
        }
    }
}
