import EntrustEngineTestSupport
import Foundation
import Testing

/// `entrust bench --scale district` end to end (short wrk runs, 2,000 deliveries): every stage runs against its
/// baseline, the report is written, planning a second time adds nothing, and the data set follows from the seed.
/// The figures themselves are never asserted: speed is measured by the benchmark, not by tests.
@Suite(.serialized) struct BenchTests {
    struct Report: Decodable {
        struct Figure: Decodable {
            var stage: String
            var measure: String
            var value: Double
            var baseline: Double?
            var met: Bool?
        }
        struct DataSet: Decodable { var points: Int; var contracts: Int; var groups: Int; var obligations: Int; var meetings: Int }
        var scale: String
        var engine: String?
        var seed: UInt64
        var machine: [String: String]
        var dataSet: DataSet
        var figures: [Figure]
    }

    @Test func districtBenchmarkRunsEveryStageAgainstItsBaseline() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let out = cli.path("bench")
        let output = try cli.run(["bench", "--scale", "district", "--seed", "7", "--out", out, "--duration", "1", "--clients", "8",
                                  "--deliveries", "2000", "--keep-data"])
        #expect(output.status == 0, "bench failed: \(output.stderr)\n\(output.stdout.suffix(2000))")
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/results.json")))
        #expect(report.scale == "district" && report.seed == 7)
        #expect(report.dataSet.points == 18 && report.dataSet.contracts == 72 && report.dataSet.groups == 213)
        #expect(report.dataSet.obligations > 72 * 12 && report.dataSet.meetings >= 213 * 12)
        #expect(Set(report.figures.map(\.stage)) == ["import", "evaluation", "planning", "delivery", "http"])
        for stage in ["import", "evaluation", "delivery", "http"] {
            #expect(report.figures.contains { $0.stage == stage && ($0.baseline ?? 0) > 0 }, "\(stage) has no baseline")
        }
        let replanned = try #require(report.figures.first { $0.measure == "messages created by the second run" })
        #expect(replanned.value == 0 && replanned.met == true)
        #expect(report.figures.contains { $0.stage == "planning" && $0.measure.hasPrefix("first run") })
        #expect(Int(report.machine["cores"] ?? "") ?? 0 >= 1)
        let markdown = try String(contentsOfFile: out + "/results.md", encoding: .utf8)
        #expect(markdown.contains("| import | time |") && markdown.contains("sqlite3 .import"))
        #expect(output.stdout.contains("Baseline (same run)"))

        // A kept data set can be measured again, for the stages that do not change it; the others are refused.
        let again = try cli.run(["bench", "--scale", "district", "--out", out, "--reuse", "--stages", "evaluation"])
        #expect(again.status == 0, "\(again.stderr)")
        let second = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/results.json")))
        #expect(second.figures.map(\.stage) == ["evaluation"] && second.dataSet.groups == 213)
        try cli.fails(["bench", "--scale", "district", "--out", out, "--reuse", "--stages", "import,http"], saying: "evaluation and http only")

        // Every imported row and every evaluated group is in the kept database.
        let counts = try cli.run(["evaluate", "--month", "2030-02", "--format", "json"], db: out + "/bench.sqlite")
        #expect(counts.status == 0, "\(counts.stderr)")
        #expect(counts.stdout.contains("\"groups\" : 213"), "\(counts.stdout.prefix(400))")
    }

    /// The same stages on PostgreSQL, with psql's baselines (import and evaluation here; the rest run as on SQLite).
    @Test func theBenchmarkRunsOnPostgreSQLWithPsqlBaselines() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let out = cli.path("bench-pg")
        let database = try TestEngine.postgres.location(in: cli.folder)
        let output = try cli.run(["bench", "--scale", "district", "--seed", "7", "--out", out, "--engine", "postgres", "--postgres", database,
                                  "--stages", "import,evaluation"])
        #expect(output.status == 0, "bench failed: \(output.stderr)\n\(output.stdout.suffix(2000))")
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/results.json")))
        #expect(report.engine == "postgres" && report.dataSet.groups == 213)
        #expect(Set(report.figures.map(\.stage)) == ["import", "evaluation"])
        for stage in ["import", "evaluation"] {
            #expect(report.figures.contains { $0.stage == stage && ($0.baseline ?? 0) > 0 }, "\(stage) has no baseline")
        }
        let markdown = try String(contentsOfFile: out + "/results.md", encoding: .utf8)
        #expect(markdown.contains("psql \\copy") && markdown.contains("hand-written SQL aggregate (psql)"), "\(markdown)")
        // Every imported row is in PostgreSQL.
        #expect(try csvQuery(.postgres, database, "SELECT COUNT(*) AS n FROM loan") == "n\n8000")
        try cli.fails(["bench", "--scale", "district", "--out", out, "--engine", "postgres"], saying: "--engine postgres needs the postgres:// URL")
    }

    @Test func theDataSetFollowsFromTheSeed() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        func extract(_ seed: Int, _ name: String) throws -> Data {
            let out = cli.path(name)
            try cli.ok(["bench", "data", "--scale", "district", "--seed", String(seed), "--out", out])
            return try Data(contentsOf: URL(fileURLWithPath: out + "/loans.csv"))
        }
        let first = try extract(3, "a"), again = try extract(3, "b"), other = try extract(4, "c")
        #expect(first == again)
        #expect(first != other)
        let lines = String(decoding: first, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 8_001)
    }

    @Test func missingToolsAreNamed() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["bench", "--scale", "district", "--out", cli.path("x")]
        process.environment = ["PATH": "/nonexistent", "ENTRUST_TODAY": "2024-01-01"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(text.hasPrefix("error: ") && text.contains("wrk") && text.contains("make bench-deps"), "\(text)")
    }
}
