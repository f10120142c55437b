import EntrustCore
import Foundation

/// Reads `contracts/scorecards/association.yaml`: versions of the commune-association scorecard, each with its five
/// criteria, their bands and the class cut-offs. Like the group scorecard, the maximum points must add up to 100.
public enum AssociationScorecardLoader {
    public static func load(file url: URL) throws(ConfigError) -> [AssociationScorecard] {
        try parse(yaml: try YAMLReader.text(of: url), file: url.relativePath)
    }

    public static func parse(yaml: String, file: String) throws(ConfigError) -> [AssociationScorecard] {
        try YAMLReader.readMapping(yaml: yaml, file: file) { root -> [AssociationScorecard]? in
            VersionedYAML.versions(root, named: "a scorecard version", effectiveFrom: \.effectiveFrom) { readVersion($0) }
        }
    }

    static func readVersion(_ version: MappingReader) -> AssociationScorecard? {
        version.declare("effective_from", "classes", "criteria")
        let from = version.month("effective_from")
        let cutoffs = VersionedYAML.cutoffs(version)
        let criteria = version.list("criteria", nonEmpty: true) { item in
            item.mapping(named: "a criterion") { criterion -> AssociationCriterionRule? in
                criterion.declare("criterion", "max_points", "bands", "otherwise")
                let kind = criterion.enumValue("criterion", AssociationCriterion.self)
                let maxPoints = criterion.int("max_points", in: 0...100)
                let otherwise = criterion.optionalInt("otherwise", in: 0...100) ?? 0
                let bands = ScorecardLoader.readBands(criterion, maxPoints: maxPoints)
                guard let kind, let maxPoints, let bands, bands.count == criterion.value("bands")?.count else { return nil }
                if otherwise > maxPoints {
                    criterion.report("\(otherwise) points is more than the criterion's maximum of \(maxPoints)", at: "otherwise")
                    return nil
                }
                return AssociationCriterionRule(criterion: kind, maxPoints: maxPoints, bands: bands, otherwise: otherwise)
            }
        }
        guard let from, let cutoffs, let criteria, criteria.count == version.value("criteria")?.count else { return nil }
        let valid = ScorecardLoader.checkCriteria(version, criteria.map { ($0.criterion, $0.maxPoints) })
        return valid ? AssociationScorecard(effectiveFrom: from, criteria: criteria, cutoffs: cutoffs) : nil
    }
}
