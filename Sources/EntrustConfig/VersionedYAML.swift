import EntrustCore

/// Rule files that change over time (scorecards, fee schedules) share one shape: a `versions:` list whose entries
/// each take effect from a month. This reads that list once for all of them.
enum VersionedYAML {
    /// Reads the root's `versions` (non-empty) with `read`, refuses two versions for one month, and sorts them.
    static func versions<T>(_ root: MappingReader, named name: String, effectiveFrom: (T) -> YearMonth,
                            _ read: (MappingReader) -> T?) -> [T]? {
        root.declare("versions")
        guard let versions = root.list("versions", nonEmpty: true, { item in item.mapping(named: name) { read($0) } }) else {
            return nil
        }
        var seen: Set<YearMonth> = []
        for version in versions where !seen.insert(effectiveFrom(version)).inserted {
            root.report("two versions take effect in \(effectiveFrom(version).iso)", at: "versions")
        }
        return versions.sorted { effectiveFrom($0) < effectiveFrom($1) }
    }

    /// `classes: {good, fair, average}`, which must fall.
    static func cutoffs(_ version: MappingReader) -> ClassCutoffs? {
        version.mapping("classes", named: "the class cut-offs") { classes -> ClassCutoffs? in
            classes.declare("good", "fair", "average")
            guard let good = classes.int("good", in: 0...100), let fair = classes.int("fair", in: 0...100),
                  let average = classes.int("average", in: 0...100) else { return nil }
            guard good > fair, fair > average else {
                classes.report("the cut-offs must fall: good (\(good)) > fair (\(fair)) > average (\(average))")
                return nil
            }
            return ClassCutoffs(good: good, fair: fair, average: average)
        }
    }
}
