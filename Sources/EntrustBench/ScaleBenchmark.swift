import EntrustCore
import EntrustDemo
import EntrustStore
import Foundation

/// `entrust bench --scale district|province|national`: a synthetic data set from a seed, then each stage of a month's
/// work timed against a baseline measured in the same run on the same data (issue 7). Results: `results.json` and
/// `results.md` in the folder, and the report for the caller to print. BENCHMARKS.md records the runs.
public struct ScaleBenchmark {
    public var scale: BenchScale = .district
    public var seed: UInt64 = 1
    /// The data set, logs and results.
    public var folder: URL
    public var deliveries = 50_000
    public var duration = 10
    public var clients = 50
    public var concurrency = 8
    public var keepData = false
    public var stages = BenchStages(BenchStage.allCases)
    public var reuse = false
    public var engine: Dialect = .sqlite
    /// With `.postgres`: the URL of a database the benchmark may wipe.
    public var postgres: String?
    /// The commune entrustment template the data set's contracts follow, and the holidays meetings are moved by.
    public var template: ContractTemplate
    public var holidays: HolidayCalendar
    /// The contracts folder the child commands read (`ENTRUST_CONTRACTS`).
    public var contractsFolder: String
    /// The command line, as the report records it.
    public var command: String
    public var wiring: DemoWiring

    public init(folder: URL, template: ContractTemplate, holidays: HolidayCalendar, contractsFolder: String, command: String,
                wiring: DemoWiring) {
        self.folder = folder
        self.template = template
        self.holidays = holidays
        self.contractsFolder = contractsFolder
        self.command = command
        self.wiring = wiring
    }

    /// The simulated today: fixed, so the data set follows from the seed alone, and years ahead of real time, so that
    /// what planning schedules is never due for the real-clock delivery stage.
    public static let today = LocalDate(year: 2030, month: 3, day: 4)!

    /// Runs the chosen stages, reporting each step through `progress`; returns the report and where it was written.
    public func run(progress: @escaping (String) -> Void) throws -> (report: BenchReport, markdown: URL, json: URL, logs: URL) {
        try BenchTools.check()
        if engine == .postgres {
            // The executable has checked that `postgres` is a postgres:// URL (StoreLocation).
            guard postgres != nil else {
                throw StoreError.invalid(field: "--postgres", value: "", reason: "--engine postgres needs the postgres:// URL of a database the benchmark may wipe")
            }
            guard BenchTools.which("psql") != nil else { throw BenchTools.Missing(tools: ["psql"]) }
        }
        guard (1...10_000_000).contains(deliveries), (1...3600).contains(duration), (1...10_000).contains(clients), (1...64).contains(concurrency) else {
            throw StoreError.invalid(field: "--deliveries/--duration/--clients/--concurrency", value: "", reason: "out of range")
        }
        let logs = folder.appendingPathComponent("logs")
        if reuse {
            guard stages.set.isSubset(of: [.evaluation, .http]) else {
                throw StoreError.invalid(field: "--reuse", value: stages.description,
                                         reason: "a reused data set already has its import, plan and deliveries: reuse it for evaluation and http only")
            }
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("dataset.json").path) else {
                throw StoreError.invalid(field: "--reuse", value: folder.path, reason: "holds no data set from an earlier --keep-data run")
            }
        } else {
            try? FileManager.default.removeItem(at: folder)
        }
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let databasePath = folder.appendingPathComponent("bench.sqlite").path
        let location = engine == .postgres ? postgres ?? "" : databasePath
        let csv = folder.appendingPathComponent("loans.csv")
        defer {
            if !keepData && !reuse {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
                for name in ["loans.csv", "bare.sqlite"] { try? FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
            }
        }
        let today = Self.today
        let month = today.yearMonth.adding(months: -1)
        let children = ["ENTRUST_TODAY": today.iso, "ENTRUST_DB": location, "ENTRUST_LANG": "en",
                        "ENTRUST_CONTRACTS": contractsFolder]
        var report = BenchReport(scale: scale.rawValue, engine: engine.rawValue, seed: seed, command: command,
                                 date: VietnamTime.iso8601(Date()), machine: BenchTools.machine())
        let step = { (line: String) in progress("[\(Self.clock())] \(line)") }

        // 1. The data set.
        let sinkPort = try BenchTools.freePort()
        let database: AppDatabase
        if reuse {
            database = try wiring.openDatabase(location, FixedClock(today))
            report.dataSet = try JSONDecoder().decode(BenchReport.self, from: Data(contentsOf: folder.appendingPathComponent("dataset.json"))).dataSet
            step("reusing the data set in \(folder.path)")
        } else {
            step("generating the \(scale.rawValue) data set (seed \(seed)) on \(engine.rawValue)")
            if engine == .postgres {
                _ = try BenchTools.timed(["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-d", location, "-c",
                                          "DROP SCHEMA public CASCADE; CREATE SCHEMA public"], log: logs.appendingPathComponent("wipe.log"))
            }
            let generated = try Self.generate(scale: scale, seed: seed, location: location, csv: csv, template: template, holidays: holidays, wiring: wiring,
                                              webhookURL: "http://127.0.0.1:\(sinkPort)/hook", step: step)
            database = generated.database
            report.dataSet = generated.counts
            report.generationSeconds = generated.seconds
            try report.write(to: folder, name: "dataset")
        }

        // 2. Import, against sqlite3 .import of the same file into a bare table.
        if stages.contains(.import) {
            step("import: entrust import loans (\(NumberText.grouped(Int64(scale.loans), .en)) rows)")
            let imported = try BenchTools.timed([BenchTools.entrust, "import", "loans", csv.path, "--month", month.iso],
                                                environment: children, log: logs.appendingPathComponent("import.log"))
            let bare: BenchTools.Timed
            let bareName: String
            if engine == .postgres {
                step("import: psql \\copy baseline")
                let columns = LoanColumn.allCases.map { "\($0.rawValue) TEXT" }.joined(separator: ", ")
                let psql = ["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-d", location, "-c"]
                _ = try BenchTools.timed(psql + ["DROP TABLE IF EXISTS bench_bare_loan; CREATE TABLE bench_bare_loan (\(columns))"],
                                         log: logs.appendingPathComponent("import-psql-table.log"))
                bare = try BenchTools.timed(psql + ["\\copy bench_bare_loan FROM '\(csv.path)' WITH (FORMAT csv, HEADER true)"],
                                            log: logs.appendingPathComponent("import-psql.log"))
                _ = try BenchTools.timed(psql + ["DROP TABLE bench_bare_loan"], log: logs.appendingPathComponent("import-psql-drop.log"))
                bareName = "psql \\copy"
            } else {
                step("import: sqlite3 .import baseline")
                bare = try BenchTools.timed(["sqlite3", folder.appendingPathComponent("bare.sqlite").path, "-cmd", ".mode csv", ".import \(csv.path) loan"],
                                            log: logs.appendingPathComponent("import-sqlite3.log"))
                bareName = "sqlite3 .import"
            }
            report.add("import", "time", imported.seconds, "s", baseline: bare.seconds, baselineName: "\(bareName), bare table",
                       target: "≤ 2× baseline", met: imported.seconds <= 2 * bare.seconds)
            report.add("import", "rows/s", Double(scale.loans) / imported.seconds, "rows/s", baseline: Double(scale.loans) / bare.seconds,
                       baselineName: bareName, target: nil, met: nil)
            let peakMB = Double(imported.peakKiB) * 1024 / 1_000_000
            report.add("import", "peak RSS", peakMB, "MB", baseline: Double(bare.peakKiB) * 1024 / 1_000_000, baselineName: bareName,
                       target: "< 300 MB", met: peakMB < 300)

        }
        try report.write(to: folder)
        // 3. Evaluation, against one SQL aggregate computing the same per-group inputs.
        if stages.contains(.evaluation) {
            step("evaluation: entrust evaluate --month \(month.iso)")
            let evaluated = try BenchTools.timed([BenchTools.entrust, "evaluate", "--month", month.iso], environment: children,
                                                 log: logs.appendingPathComponent("evaluate.log"))
            let query = folder.appendingPathComponent("evaluation-baseline.sql")
            try Self.evaluationBaseline(month: month, engine: engine).write(to: query, atomically: true, encoding: .utf8)
            let client = engine == .postgres ? ["psql", "--no-psqlrc", "-q", "-v", "ON_ERROR_STOP=1", "-d", location, "-o", "/dev/null"] : ["sqlite3", databasePath]
            let aggregate = try BenchTools.timed(client, log: logs.appendingPathComponent("evaluate-\(client[0]).log"), input: query)
            report.add("evaluation", "time", evaluated.seconds, "s", baseline: aggregate.seconds, baselineName: "hand-written SQL aggregate (\(client[0]))",
                       target: "≤ 1.5× baseline", met: evaluated.seconds <= 1.5 * aggregate.seconds)

        }
        try report.write(to: folder)
        // 4. Planning: the first 30 days, the same again, and the next day's run; beside a bulk INSERT … SELECT of as many
        // outbox rows, with the same unique key, in the engine's own client.
        if stages.contains(.planning) {
            let until = today.adding(days: 30)
            step("planning: entrust reminders plan --until \(until.iso), twice, then the next day")
            let plan = { (name: String, environment: [String: String], until: LocalDate) in
                try BenchTools.timed([BenchTools.entrust, "reminders", "plan", "--until", until.iso, "--format", "json"],
                                     environment: environment, log: logs.appendingPathComponent("\(name).log"))
            }
            let firstPlan = try plan("plan-1", children, until)
            let secondPlan = try plan("plan-2", children, until)
            var tomorrow = children
            tomorrow["ENTRUST_TODAY"] = today.adding(days: 1).iso
            let nextDayPlan = try plan("plan-next-day", tomorrow, until.adding(days: 1))
            let first = try Self.planSummary(firstPlan.output), second = try Self.planSummary(secondPlan.output)
            let nextDay = try Self.planSummary(nextDayPlan.output)
            let query = folder.appendingPathComponent("planning-baseline.sql")
            try Self.planningBaseline(engine: engine).write(to: query, atomically: true, encoding: .utf8)
            let client = engine == .postgres ? ["psql", "--no-psqlrc", "-q", "-v", "ON_ERROR_STOP=1", "-d", location] : ["sqlite3", databasePath]
            let bulk = try BenchTools.timed(client, log: logs.appendingPathComponent("plan-baseline-\(client[0]).log"), input: query)
            report.add("planning", "first run (\(NumberText.grouped(Int64(first.enqueued), .en)) messages)", firstPlan.seconds, "s",
                       baseline: bulk.seconds, baselineName: "INSERT … SELECT of as many outbox rows (\(client[0]))", target: nil, met: nil)
            let firstMB = Double(firstPlan.peakKiB) * 1024 / 1_000_000
            report.add("planning", "first run peak RSS", firstMB, "MB", target: "< 300 MB", met: firstMB < 300)
            report.add("planning", "first run's longest write transaction (\(first.transactions) transactions)", Double(first.longestTransactionMs), "ms",
                       target: "< 1,000 ms", met: first.longestTransactionMs < 1_000)
            report.add("planning", "second run", secondPlan.seconds, "s", baseline: firstPlan.seconds, baselineName: "first run",
                       target: "< 10% of the first run", met: secondPlan.seconds < 0.1 * firstPlan.seconds)
            report.add("planning", "messages created by the second run", Double(second.enqueued), "messages", target: "0", met: second.enqueued == 0)
            report.add("planning", "next day's run (\(NumberText.grouped(Int64(nextDay.enqueued), .en)) messages, \(NumberText.grouped(Int64(nextDay.planned), .en)) subjects planned)",
                       nextDayPlan.seconds, "s", target: "< 10 s", met: nextDayPlan.seconds < 10)

        }
        try report.write(to: folder)
        // 5. Delivery of N webhooks to a local sink, against wrk posting to the same sink.
        if stages.contains(.delivery) {
            step("delivery: \(NumberText.grouped(Int64(deliveries), .en)) webhooks to a local sink")
            let sink = try BenchTools.Background([BenchTools.entrust, "bench", "sink", "--port", String(sinkPort)], log: logs.appendingPathComponent("sink.log"))
            defer { sink.stop() }
            let planned = try BenchmarkStore(database).makeWebhooksDue(deliveries, now: Date())
            let delivered = try BenchTools.timed([BenchTools.entrust, "deliver", "--once", "--concurrency", String(concurrency), "--batch", "200"],
                                                 environment: children, unset: ["ENTRUST_TODAY"], log: logs.appendingPathComponent("deliver.log"))
            let states = try BenchmarkStore(database).outboxCounts(channel: "webhook")
            let sent = states["sent", default: 0]
            guard sent >= deliveries else {
                throw StoreError.rule("delivery: only \(sent) of \(deliveries) webhooks were sent (states: \(states)); see \(logs.path)/deliver.log")
            }
            let received = try Self.sinkStats(port: sinkPort, log: logs.appendingPathComponent("sink-stats.log"))
            guard received.distinctIDs >= deliveries else {
                throw StoreError.rule("delivery: the sink saw \(received.distinctIDs) distinct webhook-ids, not \(deliveries)")
            }
            let body = try Self.postScript(folder.appendingPathComponent("post.lua"), bodyBytes: received.bytes / max(1, received.requests))
            step("delivery: wrk against the sink (its own capacity)")
            let capacity = try BenchTools.wrk("http://127.0.0.1:\(sinkPort)/hook", connections: clients, seconds: duration, script: body,
                                              log: logs.appendingPathComponent("sink-wrk.log"))
            sink.stop()
            let rate = Double(deliveries) / delivered.seconds
            report.add("delivery", "webhooks/s (\(planned < deliveries ? "\(planned) planned + copies" : "planned"))", rate, "msg/s",
                       baseline: capacity.requestsPerSecond, baselineName: "sink's capacity (wrk, \(clients) connections)",
                       target: "≥ 1,000/s and ≥ 0.5× baseline", met: rate >= 1_000 && rate >= 0.5 * capacity.requestsPerSecond)

        }
        try report.write(to: folder)
        // 6. HTTP: the dashboard and "my week" under N clients, against a trivial route of the same server.
        if stages.contains(.http) {
            step("http: entrust serve, \(clients) clients, \(duration) s per route")
            let server = try BenchTools.Background([BenchTools.entrust, "serve", "--port", "0", "--no-background"], environment: children,
                                                   log: logs.appendingPathComponent("serve.log"))
            defer { server.stop() }
            let base = "http://127.0.0.1:\(server.port)"
            let users = UserStore(database)
            let staff = try users.createSession(for: try users.account("bench.staff")).token
            let officer = try users.createSession(for: try users.account("bench.officer")).token
            for (path, token) in [("/dashboard", staff), ("/week", officer)] {
                try Self.checkPage(base + path, cookie: token, log: logs.appendingPathComponent("check\(path.replacingOccurrences(of: "/", with: "-")).log"))
            }
            let trivial = try BenchTools.wrk(base + "/healthz", connections: clients, seconds: duration, log: logs.appendingPathComponent("http-healthz.log"))
            for (name, path, token) in [("dashboard (bank staff)", "/dashboard", staff), ("my week (officer)", "/week", officer)] {
                let load = try BenchTools.wrk(base + path, connections: clients, seconds: duration, headers: ["Cookie: entrust_session=\(token)"],
                                              log: logs.appendingPathComponent("http\(path.replacingOccurrences(of: "/", with: "-")).log"))
                // Failed or timed-out requests (wrk gives up after 10 s) are reported beside the latencies, never dropped.
                let failed = load.requests == 0 ? ", no request finished in \(duration) s"
                : load.errors > 0 ? ", \(load.errors) of \(load.requests + load.errors) failed or timed out" : ""
                report.add("http", "\(name) p50\(failed)", load.p50Ms, "ms", baseline: trivial.p50Ms, baselineName: "/healthz p50", target: nil, met: nil)
                report.add("http", "\(name) p99", load.p99Ms, "ms", baseline: trivial.p99Ms, baselineName: "/healthz p99", target: "< 100 ms",
                           met: load.p99Ms < 100 && load.errors == 0 && load.requests > 0)
                report.add("http", "\(name) requests/s", load.requestsPerSecond, "req/s", baseline: trivial.requestsPerSecond,
                           baselineName: "/healthz", target: nil, met: nil)
            }
            server.stop()

        }
        try report.write(to: folder)
        return (report, folder.appendingPathComponent("results.md"), folder.appendingPathComponent("results.json"), logs)
    }

    /// Builds the data set into `databasePath` and writes last month's loan extract to `csv`.
    public static func generate(scale: BenchScale, seed: UInt64, location: String, csv: URL, template: ContractTemplate, holidays: HolidayCalendar,
                                wiring: DemoWiring, webhookURL: String, step: @escaping (String) -> Void) throws -> (database: AppDatabase, counts: SyntheticDataSet.Counts, seconds: Double) {
        let started = Date()
        let database = try wiring.openDatabase(location, FixedClock(today))
        var dataSet = SyntheticDataSet(scale: scale, seed: seed, database: database, template: template, holidays: holidays, wiring: wiring)
        dataSet.progress = { step("  \($0)") }
        let counts = try dataSet.build(webhookURL: webhookURL).counts
        let size = try dataSet.writeLoanExtract(csv.path, month: today.yearMonth.adding(months: -1))
        let seconds = Date().timeIntervalSince(started)
        step(String(format: "  generated in %.1f s; loan extract %.1f MiB", seconds, Double(size) / 1_048_576))
        return (database, counts, seconds)
    }

    static func clock() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }

    /// The per-group inputs the evaluation reads (loans, amounts, collections, savings counted once per borrower,
    /// borrowing households, transacting), in one statement, its rows discarded: the same work minus scoring and storing.
    /// The same SQL on both engines; sqlite3 is told to discard the rows, psql is started with `-o /dev/null`.
    static func evaluationBaseline(month: YearMonth, engine: Dialect) -> String {
        (engine == .sqlite ? ".output /dev/null\n" : "") + """
        SELECT l.group_id, l.loans, l.outstanding, l.overdue, l.frozen, l.interest_due, l.interest_collected, l.principal_due,
               l.principal_collected, l.transacted, s.balance, s.savers, s.households
        FROM (SELECT group_id, COUNT(*) AS loans,
                     SUM(outstanding_performing + outstanding_overdue + outstanding_frozen) AS outstanding,
                     SUM(outstanding_overdue) AS overdue, SUM(outstanding_frozen) AS frozen,
                     SUM(interest_due) AS interest_due, SUM(interest_collected) AS interest_collected,
                     SUM(principal_due) AS principal_due, SUM(principal_collected) AS principal_collected,
                     MAX(CASE WHEN last_transaction_on BETWEEN '\(month.firstDay.iso)' AND '\(month.lastDay.iso)' THEN 1 ELSE 0 END) AS transacted
              FROM loan WHERE month = '\(month.iso)' GROUP BY group_id) AS l
        JOIN (SELECT group_id, SUM(savings) AS balance, SUM(CASE WHEN savings > 0 THEN 1 ELSE 0 END) AS savers,
                     SUM(CASE WHEN outstanding > 0 THEN 1 ELSE 0 END) AS households
              FROM (SELECT group_id, borrower_id, MAX(savings_balance) AS savings,
                           SUM(outstanding_performing + outstanding_overdue + outstanding_frozen) AS outstanding
                    FROM loan WHERE month = '\(month.iso)' GROUP BY group_id, borrower_id) AS per_borrower
              GROUP BY group_id) AS s USING (group_id);

        """
    }

    struct PlanSummary: Decodable {
        var enqueued: Int
        var planned: Int
        var transactions: Int
        var longestTransactionMs: Int
    }

    /// Copies the outbox into an empty table with the outbox's unique key, in one statement: what writing that many
    /// planned rows costs the engine without any planning.
    static func planningBaseline(engine: Dialect) -> String {
        engine == .postgres ? """
            CREATE TEMP TABLE bench_outbox (LIKE outbox_message INCLUDING DEFAULTS INCLUDING INDEXES);
            INSERT INTO bench_outbox SELECT * FROM outbox_message;

            """ : """
            CREATE TEMP TABLE bench_outbox AS SELECT * FROM outbox_message WHERE 0;
            CREATE UNIQUE INDEX temp.bench_outbox_key ON bench_outbox(rule, subject, occurrence, recipient, channel);
            INSERT INTO bench_outbox SELECT * FROM outbox_message;

            """
    }

    static func planSummary(_ output: String) throws -> PlanSummary {
        guard let start = output.firstIndex(of: "{"), let end = output.lastIndex(of: "}") else {
            throw StoreError.rule("planning printed no JSON summary")
        }
        return try JSONDecoder().decode(PlanSummary.self, from: Data(output[start...end].utf8))
    }

    /// A wrk script posting a body of the delivered webhooks' average size, with webhook-style headers.
    static func postScript(_ file: URL, bodyBytes: Int) throws -> URL {
        let body = "{\"type\":\"bench\",\"data\":\"" + String(repeating: "x", count: max(0, bodyBytes - 30)) + "\"}"
        try """
            wrk.method = "POST"
            wrk.body = '\(body)'
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["webhook-id"] = "msg_wrk"
            wrk.headers["webhook-timestamp"] = "1700000000"
            wrk.headers["webhook-signature"] = "v1,\(String(repeating: "A", count: 44))"

            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// What the sink has received: requests, body bytes, distinct webhook-ids (its `GET /stats`).
    static func sinkStats(port: Int, log: URL) throws -> (requests: Int, bytes: Int, distinctIDs: Int) {
        let output = try BenchTools.timed(["curl", "-s", "http://127.0.0.1:\(port)/stats"], log: log).output
        let numbers = output.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard numbers.count >= 3 else { throw StoreError.rule("the sink's /stats answered \(output.prefix(80))") }
        return (numbers[0], numbers[1], numbers[2])
    }

    /// One request with curl before the load: the page must answer 200 with a page, not a redirect to sign in.
    static func checkPage(_ url: String, cookie: String, log: URL) throws {
        let result = try BenchTools.timed(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Cookie: entrust_session=\(cookie)", url], log: log)
        guard result.output.hasPrefix("200") else {
            throw StoreError.rule("http: \(url) answered \(result.output.prefix(3)) instead of 200 for a signed-in user")
        }
    }
}
