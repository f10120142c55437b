import EntrustCore
import Foundation

/// Reads `contracts/fees/*.yaml`: versions of the fee rates by programme, the reduction by overdue ratio,
/// the split between association levels and the group commission rates.
public enum FeeScheduleLoader {
    public static func load(file url: URL) throws(ConfigError) -> [FeeSchedule] {
        try parse(yaml: try YAMLReader.text(of: url), file: url.relativePath)
    }

    public static func parse(yaml: String, file: String) throws(ConfigError) -> [FeeSchedule] {
        try YAMLReader.readMapping(yaml: yaml, file: file) { root -> [FeeSchedule]? in
            VersionedYAML.versions(root, named: "a fee schedule version", effectiveFrom: \.effectiveFrom) { readVersion($0) }
        }
    }

    static func readRates(_ version: MappingReader, _ key: String) -> [FeeRate]? {
        guard let rates = version.list(key, nonEmpty: true, { item in
            item.mapping(named: "a rate") { rate -> FeeRate? in
                rate.declare("programmes", "basis", "monthly_rate")
                let programmes = rate.list("programmes") { $0.string() }
                let basis = rate.enumValue("basis", FeeBasis.self)
                let monthly = rate.percent("monthly_rate")
                guard let programmes, let basis, let monthly else { return nil }
                return FeeRate(programmes: programmes, basis: basis, monthlyRate: monthly)
            }
        }), rates.count == version.value(key)?.count else { return nil }
        let catchAll = rates.filter { $0.programmes.isEmpty }.count
        if catchAll != 1 {
            version.report("exactly one rate must have `programmes: []` (every other programme); found \(catchAll)", at: key)
            return nil
        }
        let all = rates.flatMap(\.programmes)
        if let repeated = all.first(where: { code in all.filter { $0 == code }.count > 1 }) {
            version.report("programme \(repeated) has two rates", at: key)
            return nil
        }
        return rates
    }

    static func readVersion(_ version: MappingReader) -> FeeSchedule? {
        version.declare("effective_from", "rates", "reductions", "split", "group_commissions")
        let from = version.month("effective_from")
        let rates = readRates(version, "rates")
        let commissions = readRates(version, "group_commissions")
        let reductions = version.list("reductions", nonEmpty: true) { item in
            item.mapping(named: "a reduction band") { band -> FeeReductionBand? in
                band.declare("below", "share")
                let below = band.optionalPercent("below")
                guard let share = band.percent("share") else { return nil }
                if share > .one { band.report("a share cannot exceed 100%", at: "share"); return nil }
                return FeeReductionBand(below: below, share: share)
            }
        }
        if let reductions {
            if reductions.last?.below != nil {
                version.report("the last reduction band has no `below` (it covers every higher ratio)", at: "reductions")
            }
            if reductions.dropLast().contains(where: { $0.below == nil }) {
                version.report("only the last reduction band may leave out `below`", at: "reductions")
            }
            let limits = reductions.compactMap(\.below)
            if zip(limits, limits.dropFirst()).contains(where: { $0 >= $1 }) {
                version.report("reduction bands must go up: each `below` larger than the one before", at: "reductions")
            }
        }
        let split = version.entries("split") { key, value -> Ratio? in
            guard AssociationLevel(rawValue: key) != nil else {
                value.report("'\(key)' is not a level (expected one of: \(AssociationLevel.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            return value.percent()
        }
        var shares: [AssociationLevel: Ratio] = [:]
        if let split {
            for entry in split { if let level = AssociationLevel(rawValue: entry.key) { shares[level] = entry.value } }
            if let total = Ratio.sum(Array(shares.values)), total != .one {
                version.report("the shares add up to \(total.percent(decimals: 3))%, not 100%", at: "split")
            }
        }
        guard let from, let rates, let commissions, let reductions, split != nil else { return nil }
        return FeeSchedule(effectiveFrom: from, rates: rates, reductions: reductions, split: shares, groupCommissions: commissions)
    }
}
