import EntrustEngineTestSupport
import Foundation
import Testing

/// What a command-line tool printed on stdout, whole (the tests' sqlite3, psql and curl).
func toolOutput(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

/// Runs SQL on a database file with the sqlite3 shell (installed by `make deps`); returns what it printed.
@discardableResult
func sqlite(_ path: String, _ sql: String, options: [String] = []) throws -> String {
    try toolOutput("/usr/bin/sqlite3", options + [path, sql]).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// A query's rows as CSV with a header, by the engine's own client: sqlite3 on a file, psql on a PostgreSQL URL.
func csvQuery(_ engine: TestEngine, _ location: String, _ sql: String) throws -> String {
    switch engine {
    case .sqlite:
        return try sqlite(location, sql, options: ["-csv", "-header"])
    case .postgres:
        return try toolOutput("/usr/bin/psql", ["--csv", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-d", location, "-c", sql])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The loan extract, evaluation, fees and reports, run as a person would.
@Suite(.serialized) struct LoansCLITests {
    static let header = "loan_id,borrower_id,borrower_name,group_code,programme_code,disbursed_on,maturity_on,disbursed_amount,"
        + "outstanding_performing,outstanding_overdue,outstanding_frozen,principal_due,principal_collected,interest_due,"
        + "interest_collected,interest_arrears,savings_balance,last_transaction_on"

    static func row(_ id: Int, group: String = "TS-G01", name: String = "Hộ Nguyễn Văn A", overdue: Int = 0) -> String {
        "LN-\(id),B-\(id),\(name),\(group),1,2021-03-15,2026-03-15,50000000,\(40_000_000 - overdue),\(overdue),0,1000000,1000000,220000,220000,0,2000000,2024-02-14"
    }

    /// The CLI district with group TS-G01.
    func district() throws -> CLI {
        let cli = try CLI()
        try cli.ok(["load", try cli.write("district.yaml", districtYAML)])
        try cli.ok(["groups", "add", "--name", "=HYPERLINK(\"http://x\")", "--village", "Đồng Sơn", "--commune", "TANSON",
                    "--association", "TANSON-HND", "--founded", "2015-03-01"])
        return cli
    }

    /// The same demo, evaluation and report on SQLite and on PostgreSQL: the seed article's figures on both.
    @Test(arguments: TestEngine.enabled) func demoReportReproducesTheSeedFiguresFromTheRows(engine: TestEngine) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let demo = try engine.location(in: cli.folder, name: "demo.sqlite")
        let loaded = try cli.run(["demo", "--lang", "en"], db: demo)
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loaded.stdout.contains("15897 loan rows"), "\(loaded.stdout)")
        let evaluated = try cli.run(["evaluate", "--month", "2023-08", "--lang", "en"], db: demo)
        #expect(evaluated.stdout.contains("Scored 213 groups for 2023-08 (scorecard from 2020-01): 206 good, 5 fair, 2 average, 0 weak"), "\(evaluated.stdout) \(evaluated.stderr)")
        // January was all Good: the seven groups rated lower in August are reminded to their association's officer.
        #expect(try cli.run(["evaluate", "--month", "2023-01"], db: demo).status == 0)
        #expect(try cli.run(["evaluate", "--month", "2023-08"], db: demo).status == 0)
        #expect(try cli.run(["reminders", "plan", "--until", "2024-03-16"], db: demo).status == 0)
        let outbox = try cli.run(["outbox", "list", "--limit", "5000", "--format", "json"], db: demo).stdout
        let messages = try JSONSerialization.jsonObject(with: Data(outbox.utf8)) as? [[String: Any]] ?? []
        let dropped = Set(messages.filter { $0["rule"] as? String == "group-class-dropped" }.compactMap { $0["subject"] as? String })
        #expect(dropped == ["evaluation:KP-G02:2023-08", "evaluation:KP-G09:2023-08", "evaluation:LS-G05:2023-08", "evaluation:LS-G08:2023-08",
                            "evaluation:THL-G03:2023-08", "evaluation:THL-G07:2023-08", "evaluation:THL-G10:2023-08"], "\(dropped)")
        #expect(messages.contains { $0["rule"] as? String == "fee-statement-ready" && $0["subject"] as? String == "fee_statement:TANSON-HND:2023-08" })
        let en = try cli.run(["report", "district", "--month", "2023-08", "--lang", "en"], db: demo).stdout
        for expected in ["Good     206  96.71%", "Fair       5   2.35%", "Average    2   0.94%",
                         "Outstanding (million đồng)                    512,143", "Borrowing households                          7,970",
                         "Bad-debt ratio (overdue and frozen)           0.12%", "Communes with no overdue debt                 15 of 18",
                         "Savings through groups (million đồng)         24,085", "Change since the start of the year (2023-01)  +39,894",
                         "Groups at the start of the year               212", "Plan attainment                               98.41%",
                         "Tân Sơn   47,162", "Văn Xá    43,370", "Đồng Hóa  42,275", "Lê Hồ     35,339"] {
            #expect(en.contains(expected), "missing “\(expected)” in:\n\(en)")
        }
        let vi = try cli.run(["report", "district", "--month", "2023-08"], db: demo).stdout
        #expect(vi.contains("512.143") && vi.contains("96,71%") && vi.contains("+39.894") && vi.contains("15/18"), "\(vi)")
        let communes = try cli.run(["report", "commune", "--month", "2023-08", "--format", "csv"], db: demo).stdout
        let tanSon = try #require(communes.split(separator: "\r\n").first { $0.hasPrefix("Tân Sơn,") })
        // 798 of Tân Sơn's 807 members save: 98.88% (98.9% in the article, which gives one decimal).
        #expect(tanSon.hasPrefix("Tân Sơn,15,807,98.88,807,47162000000,"), "\(tanSon)")

        // Changing one loan visibly changes the report: 1,000 million more outstanding and one more commune with overdue.
        // The month's extract as it was imported (sqlite3 writes it back in the import's columns), one loan changed, imported again.
        let month = try csvQuery(engine, demo, """
            SELECT l.loan_id, l.borrower_id, l.borrower_name, g.code AS group_code, l.programme AS programme_code, l.disbursed_on,
                   l.maturity_on, CASE l.loan_id WHEN 'KB00001-1' THEN l.disbursed_amount + 1000000000 ELSE l.disbursed_amount END AS disbursed_amount,
                   CASE l.loan_id WHEN 'KB00001-1' THEN l.outstanding_performing - 5000000 ELSE l.outstanding_performing END AS outstanding_performing,
                   CASE l.loan_id WHEN 'KB00001-1' THEN 5000000 + 1000000000 ELSE l.outstanding_overdue END AS outstanding_overdue,
                   l.outstanding_frozen, l.principal_due, l.principal_collected, l.interest_due, l.interest_collected, l.interest_arrears,
                   l.savings_balance, l.last_transaction_on
            FROM loan l JOIN savings_group g ON g.id = l.group_id WHERE l.month = '2023-08' ORDER BY l.line
            """)
        let changedFile = try cli.write("changed-2023-08.csv", month + "\n")
        let reimported = try cli.run(["import", "loans", changedFile, "--month", "2023-08", "--replace"], db: demo)
        #expect(reimported.status == 0, "\(reimported.stderr)")
        let changed = try cli.run(["report", "district", "--month", "2023-08", "--lang", "en"], db: demo).stdout
        #expect(changed.contains("513,143") && changed.contains("14 of 18"), "\(changed)")
        let reevaluated = try cli.run(["evaluate", "--month", "2023-08", "--lang", "en"], db: demo).stdout
        #expect(reevaluated.contains("205 good, 6 fair, 2 average, 0 weak"), "\(reevaluated)")
        #expect(try cli.run(["audit", "verify"], db: demo).status == 0)
    }

    @Test func aScorecardEditChangesTheNextEvaluationWithoutARebuild() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let demo = cli.path("demo.sqlite")
        #expect(try cli.run(["demo"], db: demo).status == 0)
        let contracts = cli.path("contracts")
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("contracts").path, toPath: contracts)
        let file = contracts + "/scorecards/group.yaml"
        // Good from 99 points: Tân Sơn's nine groups at 98 points become Fair.
        try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "{good: 90, fair: 70, average: 50}", with: "{good: 99, fair: 70, average: 50}")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let output = try cli.run(["evaluate", "--month", "2023-08", "--lang", "en"], db: demo, contracts: contracts)
        #expect(output.stdout.contains("197 good, 14 fair, 2 average"), "\(output.stdout)\(output.stderr)")
        try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "max_points: 5\n", with: "max_points: 6\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try cli.run(["evaluate", "--month", "2023-08"], db: demo, contracts: contracts)
        #expect(refused.status != 0 && refused.stderr.contains("the maximum points add up to 101, not 100"), "\(refused.stderr)")
    }

    @Test func importErrorsNameLineAndColumnAndWriteNothing() throws {
        let cli = try district()
        defer { cli.cleanUp() }
        let before = try cli.auditRows()
        let bad = try cli.write("loans.csv", [Self.header, Self.row(1), Self.row(2, group: "XX-G09"), Self.row(1)].joined(separator: "\n"))
        try cli.fails(["import", "loans", bad, "--month", "2024-02"], saying: "loans.csv:3, column group_code: group_code 'XX-G09': unknown group")
        try cli.fails(["import", "loans", bad, "--month", "2024-02"], saying: "loans.csv:4, column loan_id: loan_id 'LN-1': duplicate loan_id (first on line 2)")
        try cli.fails(["import", "loans", bad, "--month", "2024-04"], saying: "--month '2024-04': is in the future")
        try cli.fails(["import", "loans", try cli.write("empty.csv", ""), "--month", "2024-02"], saying: "is empty")
        try cli.fails(["import", "loans", try cli.write("typo.csv", Self.header.replacingOccurrences(of: "group_code", with: "grup_code")), "--month", "2024-02"],
                      saying: "unknown column (did you mean 'group_code'?)")
        #expect(try cli.auditRows() == before)

        let good = try cli.write("good.csv", [Self.header, Self.row(1), Self.row(2, overdue: 1_000_000)].joined(separator: "\n"))
        let dry = try cli.ok(["import", "loans", good, "--month", "2024-02", "--dry-run", "--lang", "en"])
        #expect(dry.contains("checked (nothing was written, --dry-run) 2 loans"), "\(dry)")
        #expect(try cli.auditRows() == before)
        #expect(try cli.ok(["import", "loans", good, "--month", "2024-02", "--lang", "en"]).contains("imported 2 loans for 2024-02"))
        try cli.fails(["import", "loans", good, "--month", "2024-02"], saying: "use --replace to replace it")
        let replaced = try cli.ok(["import", "loans", good, "--month", "2024-02", "--replace", "--lang", "en"])
        #expect(replaced.contains("replaced 2 rows with 2 loans"), "\(replaced)")
        #expect(try cli.auditRows() == before + 2)
        try cli.fails(["report", "district", "--month", "2024-02"], saying: "2024-02 has not been evaluated; run `entrust evaluate --month 2024-02` first")
        try cli.ok(["evaluate", "--month", "2024-02"])

        // CSV exports are UTF-8 and a cell that a spreadsheet would run as a formula is neutralised.
        let fees = try cli.ok(["fees", "--month", "2024-02", "--format", "csv"])
        #expect(fees.contains("'=HYPERLINK(\"\"http://x\"\")"), "\(fees)")
        #expect(fees.contains("fee,TANSON-HND,Hội Nông dân xã Tân Sơn,80000000,0.032,1.25,100,25600,25600,21504,2304,1152,640"), "\(fees)")
        let groups = try cli.ok(["report", "group", "--month", "2024-02", "--group", "TS-G01", "--lang", "en"])
        #expect(groups.contains("Overdue / outstanding") && groups.contains("1.25%"), "\(groups)")
    }

    @Test func aKilledImportLeavesTheDatabaseAsItWas() throws {
        let cli = try district()
        defer { cli.cleanUp() }
        let before = try cli.auditRows()
        var text = Self.header + "\n"
        for id in 1...150_000 { text += Self.row(id) + "\n" }
        let file = try cli.write("big.csv", text)
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["import", "loans", file, "--month", "2024-02", "--progress", "--db", cli.database, "--contracts",
                             CLI.packageRoot.appendingPathComponent("contracts").path]
        var environment = ProcessInfo.processInfo.environment
        environment["ENTRUST_TODAY"] = cli.today
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        // Wait until rows are being written (the first progress line), then kill without warning.
        var seen = ""
        while !seen.contains("progress:") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        try #require(seen.contains("progress:") && process.isRunning, "the import finished before it could be killed: \(seen)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(try sqlite(cli.database, "SELECT COUNT(*) FROM loan") == "0")
        #expect(try sqlite(cli.database, "SELECT COUNT(*) FROM loan_month") == "0")
        #expect(try sqlite(cli.database, "PRAGMA integrity_check") == "ok")
        #expect(try cli.auditRows() == before)
    }
}
