import EntrustBench
import EntrustConfig
import EntrustCore
import EntrustDemo
import EntrustEngineTestSupport
import EntrustGateways
import EntrustServer
import EntrustStore
import EntrustStoreEngines
import Foundation
import Testing

/// The demo district and the benchmark's data sets are libraries (EntrustDemo, EntrustBench): built here in-process,
/// without the executable, and checked against what the database then holds.
@Suite("Demo and benchmark data") struct DemoDataTests {
    static let contracts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("contracts")

    /// The same live parts the executable wires (bcrypt, webhook secrets, both engines).
    static let wiring = DemoWiring(hashPassword: { Passwords.hash($0) }, newWebhookSecret: { WebhookSecret.generate().encoded },
                                   openDatabase: { location, clock in try AppDatabase.open(location: location, clock: clock) })

    static func templates() throws -> [ContractTemplate] {
        let loaded = TemplateLoader.loadAll(directory: contracts.appendingPathComponent("templates"))
        #expect(loaded.issues.isEmpty)
        return loaded.templates
    }

    static func holidays() throws -> HolidayCalendar {
        try HolidayCalendarLoader.load(file: contracts.appendingPathComponent("calendars/vn-holidays.yaml")).calendar
    }

    static func count(_ database: AppDatabase, _ table: String) throws -> Int {
        try database.backend.read { db in try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
    }

    /// The units and contracts of Kim Bang (18 communes; the four associations in each commune, at district and at
    /// province level; 72 commune contracts and the 4 district agreements), on each engine; what the builder reports is
    /// what the database holds.
    @Test(arguments: TestEngine.enabled) func theDemoDistrictHoldsWhatItReports(engine: TestEngine) throws {
        let database = try engine.database(clock: FixedClock(LocalDate(year: 2023, month: 9, day: 1)!))
        let result = try KimBangDemo(database: database, templates: try Self.templates()).build()
        #expect(result.communes == 18)
        #expect(result.associations == 18 * 4 + 4 + 4)
        #expect(result.contracts == 18 * 4 + 4)
        #expect(try Self.count(database, "contract") == result.contracts)
        #expect(try Self.count(database, "association") == result.associations)
        #expect(try Self.count(database, "obligation") == result.obligations)
        #expect(result.obligations > 0)
        // Without a holiday calendar the builder adds no groups or meetings.
        #expect(result.groups.groups == 0)
        #expect(try Self.count(database, "savings_group") == 0)
    }

    /// A data set follows from its seed: the same seed writes the same loan extract byte for byte, another seed another.
    @Test func aSyntheticDataSetFollowsFromItsSeed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let template = try Self.templates().first(where: { $0.kind == .communeEntrustment }) else {
            Issue.record("no commune_entrustment template in \(Self.contracts.path)")
            return
        }
        let holidays = try Self.holidays()
        func build(seed: UInt64, name: String) throws -> (counts: SyntheticDataSet.Counts, extract: Data, groups: Int) {
            let csv = folder.appendingPathComponent("\(name).csv")
            let generated = try ScaleBenchmark.generate(scale: .district, seed: seed, location: folder.appendingPathComponent("\(name).sqlite").path,
                                                        csv: csv, template: template, holidays: holidays, wiring: Self.wiring,
                                                        webhookURL: "http://127.0.0.1:9/hook", step: { _ in })
            return (generated.counts, try Data(contentsOf: csv), try Self.count(generated.database, "savings_group"))
        }
        let first = try build(seed: 7, name: "a"), again = try build(seed: 7, name: "b"), other = try build(seed: 8, name: "c")
        #expect(first.counts.groups == BenchScale.district.groups)
        #expect(first.groups == BenchScale.district.groups)
        #expect(first.counts.contracts == BenchScale.district.contracts)
        #expect(first.extract == again.extract)
        #expect(first.extract != other.extract)
        let rows = String(decoding: first.extract, as: UTF8.self).split(separator: "\n").count - 1
        #expect(rows == BenchScale.district.loans)
    }

    /// The report marks a missed target MISSED in its table and its Markdown, never hides it.
    @Test func aMissedTargetIsShownAsMissed() throws {
        var report = BenchReport(scale: "district", engine: "sqlite", seed: 1, command: "bench", date: "2026-12-03", machine: ["cores": "2"])
        report.add("import", "time", 3, "s", baseline: 1, baselineName: "sqlite3 .import", target: "≤ 2× baseline", met: false)
        report.add("planning", "first run", 1.5, "s", target: "< 10 s", met: true)
        #expect(report.rows.map(\.last) == ["MISSED", "met"])
        #expect(report.rows[0][4] == "3.00×")
        #expect(report.markdown.contains("| import | time | 3.00 s | 1.00 s (sqlite3 .import) | 3.00× | ≤ 2× baseline | MISSED |"))
    }

    @Test func stagesAreParsedOrRefused() {
        #expect(BenchStages(argument: "import, http")?.description == "import,http")
        #expect(BenchStages(argument: "import,speed") == nil)
        #expect(BenchStages(argument: "") == nil)
    }
}
