import EntrustCore
import EntrustDemo
import Foundation

/// What `entrust bench --scale` measured, as JSON and as a Markdown table.
public struct BenchReport: Codable, Sendable {
    public struct Figure: Codable, Sendable {
        public var stage: String
        public var measure: String
        public var value: Double
        public var unit: String
        public var baseline: Double?
        public var baselineName: String?
        /// value ÷ baseline.
        public var ratio: Double?
        public var target: String?
        public var met: Bool?
    }

    public var scale: String
    /// sqlite or postgres (absent in results written before issue 11: sqlite).
    public var engine: String? = "sqlite"
    public var seed: UInt64
    public var command: String
    public var date: String
    public var machine: [String: String]
    public var dataSet = SyntheticDataSet.Counts()
    public var generationSeconds = 0.0
    public var figures: [Figure] = []

    public init(scale: String, engine: String?, seed: UInt64, command: String, date: String, machine: [String: String]) {
        self.scale = scale
        self.engine = engine
        self.seed = seed
        self.command = command
        self.date = date
        self.machine = machine
    }

    public mutating func add(_ stage: String, _ measure: String, _ value: Double, _ unit: String, baseline: Double? = nil, baselineName: String? = nil,
                      target: String?, met: Bool?) {
        figures.append(Figure(stage: stage, measure: measure, value: value, unit: unit, baseline: baseline, baselineName: baselineName,
                              ratio: baseline.flatMap { $0 > 0 ? value / $0 : nil }, target: target, met: met))
    }

    static func format(_ value: Double) -> String {
        value >= 1_000 ? NumberText.grouped(Int64(value.rounded()), .en) : value >= 10 ? String(format: "%.1f", value) : String(format: "%.2f", value)
    }

    public var rows: [[String]] {
        figures.map { figure in
            [figure.stage, figure.measure, "\(Self.format(figure.value)) \(figure.unit)",
             figure.baseline.map { "\(Self.format($0)) \(figure.unit) (\(figure.baselineName ?? ""))" } ?? "—",
             figure.ratio.map { String(format: "%.2f×", $0) } ?? "—", figure.target ?? "—",
             figure.met.map { $0 ? "met" : "MISSED" } ?? "—"]
        }
    }

    public static let header = ["Stage", "Measure", "entrust", "Baseline (same run)", "Ratio", "Target", ""]

    /// The line above the table: what ran, on what machine, when.
    public var title: String {
        "entrust bench --scale \(scale) --engine \(engine ?? "sqlite") --seed \(seed): \(machine["cores"] ?? "?") cores, \(machine["memory"] ?? "?"), \(date)"
    }

    public var markdown: String {
        var lines = ["`entrust \(command)` — \(date), \(machine["cores"] ?? "?") cores, \(machine["memory"] ?? "?") (\(machine["cpu"] ?? "?"))", "",
                     "Data set: \(dataSet.points) points, \(dataSet.associations) associations, \(dataSet.people) people, \(dataSet.contracts) contracts, "
                        + "\(dataSet.obligations) obligations, \(dataSet.groups) groups, \(dataSet.meetings) meetings; generated in "
                        + String(format: "%.0f s.", generationSeconds), "",
                     "| " + Self.header.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: Self.header.count)]
        lines += rows.map { "| " + $0.joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n") + "\n"
    }

    public func write(to folder: URL, name: String = "results") throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: folder.appendingPathComponent("\(name).json"))
        try markdown.write(to: folder.appendingPathComponent("\(name).md"), atomically: true, encoding: .utf8)
    }
}

public enum BenchStage: String, CaseIterable, Sendable {
    case `import`, evaluation, planning, delivery, http
}

/// `--stages import,http`.
public struct BenchStages: CustomStringConvertible, Sendable {
    public var set: Set<BenchStage>
    public init(_ stages: [BenchStage]) { set = Set(stages) }
    public init?(argument: String) {
        let parsed = argument.split(separator: ",").map { BenchStage(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else { return nil }
        set = Set(parsed.compactMap { $0 })
    }
    public func contains(_ stage: BenchStage) -> Bool { set.contains(stage) }
    public var description: String { BenchStage.allCases.filter(set.contains).map(\.rawValue).joined(separator: ",") }
    public static var allValueStrings: [String] { BenchStage.allCases.map(\.rawValue) }
}
