import Foundation
import EntrustTestSupport
import Testing

/// `entrust serve` on the Kim Bang demo, used by real headless Chromium (Debian's `chromium`) driven through Selenium
/// and chromedriver (`Support/browser.py`). Screenshots land in .build/test-output/browser/ for a person to look at.
@Suite("Serve and browser", .serialized, .serverLogOnFailure) struct ServeAndBrowserTests {
    static let outputFolder = CLI.packageRoot.appendingPathComponent(".build/test-output/browser")

    /// Builds the demo and returns its accounts' passwords by username.
    static func demo(_ cli: CLI) throws -> [String: String] {
        let output = try cli.run(["demo"])
        #expect(output.status == 0, "\(output.stderr)")
        var passwords: [String: String] = [:]
        for line in output.stdout.split(separator: "\n") {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            if columns.count >= 3, columns[1].hasPrefix("demo-") { passwords[String(columns[0])] = String(columns[1]) }
        }
        return passwords
    }

    static func browser(_ base: String, _ scenario: String, _ arguments: [String: Any]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        let script = CLI.packageRoot.appendingPathComponent("Tests/EntrustTestSupport/Support/browser.py").path
        let json = String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)
        process.arguments = [script, base, outputFolder.path, scenario, json]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let result = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CLIError(message: "browser.py \(scenario) printed no JSON: \(String(decoding: data, as: UTF8.self)) \(String(decoding: errors, as: UTF8.self))")
        }
        if let error = result["error"] { throw CLIError(message: "browser.py \(scenario): \(error)") }
        return result
    }

    /// Every page fits a 360-pixel phone and weighs under 100 KB with everything it loads.
    static func checkPages(_ pages: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) {
        for (path, value) in pages {
            let facts = value as? [String: Any] ?? [:]
            #expect(facts["status"] as? Int == 200, "\(path): \(facts)", sourceLocation: sourceLocation)
            #expect((facts["scrollWidth"] as? Int ?? 9999) <= 360, "\(path) is wider than a phone: \(facts)", sourceLocation: sourceLocation)
            #expect((facts["bytes"] as? Int ?? 999_999) < 100_000, "\(path) weighs too much: \(facts)", sourceLocation: sourceLocation)
            #expect((facts["htmlBytes"] as? Int ?? 999_999) < 100_000, "\(path) weighs too much: \(facts)", sourceLocation: sourceLocation)
        }
    }

    @Test func inTheBrowserOfficersCompleteWorkStaffSeeChartsAndNobodySeesOthersGroups() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let passwords = try Self.demo(cli)
        #expect(Set(passwords.keys) == ["tanson.officer", "vanxa.officer", "kb.staff", "kb.approver", "admin", "viewer"])
        let own = try JSONSerialization.jsonObject(with: Data(try cli.ok(["groups", "list", "--association", "TANSON-HND", "--format", "json"]).utf8)) as? [[String: Any]] ?? []
        let other = try JSONSerialization.jsonObject(with: Data(try cli.ok(["groups", "list", "--association", "VANXA-HPN", "--format", "json"]).utf8)) as? [[String: Any]] ?? []
        let ownGroup = try #require(own.first?["code"] as? String)
        let otherGroup = try #require(other.first?["code"] as? String)
        let otherName = try #require(other.first?["name"] as? String)
        // The demo imports the January and August 2023 extracts; scoring them gives the dashboard its evaluation charts.
        for month in ["2023-01", "2023-08"] { _ = try cli.ok(["evaluate", "--month", month]) }
        let server = try await ServeProcess(cli: cli, db: cli.database)

        // 1. An officer completes an obligation from My week on a phone, and sees it done.
        let officer = try Self.browser(server.base, "officer-completes", [
            "username": "tanson.officer", "password": passwords["tanson.officer"]!, "evidence": "Biên bản kiểm tra số 12/2024",
            "pages": ["/week", "/contracts", "/contracts/KB-TANSON-HND-2023", "/groups", "/groups/\(ownGroup)", "/meetings", "/meetings?month=2024-04"],
        ])
        #expect(officer["landed"] as? String == "/week")
        let ref = try #require(officer["ref"] as? String)
        let done = officer["doneItem"] as? [String: Any]
        #expect(done?["status"] as? String == "done", "\(officer)")
        #expect((officer["flash"] as? String)?.hasPrefix("Đã xong") == true)
        Self.checkPages(officer["pages"] as? [String: Any] ?? [:])
        let listed = try cli.ok(["obligations", "list", "--association", "TANSON-HND", "--status", "done", "--format", "json"])
        #expect(listed.contains(ref))
        #expect(listed.contains("Biên bản kiểm tra số 12/2024"))

        // 2. Bank staff see the district dashboard with its charts drawn on the server.
        let staff = try Self.browser(server.base, "staff-dashboard", [
            "username": "kb.staff", "password": passwords["kb.staff"]!,
            "pages": ["/dashboard", "/contracts", "/groups", "/meetings", "/fees", "/groups/\(ownGroup)"],
        ])
        #expect(staff["landed"] as? String == "/dashboard")
        let charts = staff["charts"] as? [[String: Any]] ?? []
        // Three charts of contracts and obligations, and the four of the evaluated month.
        #expect(charts.count == 7, "\(charts)")
        for chart in charts {
            #expect((chart["bars"] as? Int ?? 0) > 0, "\(chart)")
            #expect((chart["width"] as? Double ?? 0) > 200, "\(chart)")
        }
        let evaluationCharts = staff["evaluationCharts"] as? [String: Any] ?? [:]
        #expect(Set(evaluationCharts.keys) == ["classes", "overdue", "kinds", "communes"], "\(evaluationCharts)")
        for (name, value) in evaluationCharts {
            let chart = value as? [String: Any] ?? [:]
            #expect((chart["bars"] as? Int ?? 0) > 0, "\(name): \(chart)")
            #expect((chart["width"] as? Double ?? 0) > 200, "\(name): \(chart)")
        }
        // The class distribution shows the August groups by class: every bar's count is written on it and they add up.
        let classes = evaluationCharts["classes"] as? [String: Any] ?? [:]
        #expect((classes["labels"] as? [String] ?? []).count == 4, "\(classes)")
        #expect((classes["evaluated"] as? Int ?? 0) > 0, "\(classes)")
        #expect(staff["slots"] as? Int == 0, "no evaluation slot is left empty")
        #expect((staff["phone"] as? [String: Any])?["scrollWidth"] as? Int ?? 9999 <= 360)
        Self.checkPages(staff["pages"] as? [String: Any] ?? [:])

        // 3. An officer cannot open another association's group: 404, and nothing of it shows.
        let denied = try Self.browser(server.base, "officer-other-group", [
            "username": "tanson.officer", "password": passwords["tanson.officer"]!, "own": ownGroup, "other": otherGroup, "otherName": otherName,
        ])
        #expect((denied["own"] as? [String: Any])?["status"] as? Int == 200)
        let deniedOther = denied["other"] as? [String: Any]
        #expect(deniedOther?["status"] as? Int == 404)
        #expect(deniedOther?["mentionsGroup"] as? Bool == false)

        #expect(await server.stop() == 0)
        #expect(!server.log.contains(passwords["tanson.officer"]!), "a password reached the log")
        #expect(server.log.contains("POST /login 303"))
    }

    @Test func serveAnswersHealthAndMetricsAndStopsOnSIGTERM() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try Self.demo(cli)
        let server = try await ServeProcess(cli: cli, db: cli.database)
        let health = try HTTP.get(server.base + "/healthz")
        #expect(health.status == 200)
        #expect(health.body.contains("\"database\":\"answers\""))
        let metrics = try HTTP.get(server.base + "/metrics")
        #expect(metrics.body.contains("entrust_outbox_messages{state=\"scheduled\"}"))
        #expect(metrics.body.contains("entrust_planner_last_run_timestamp_seconds"))
        let token = try cli.ok(["tokens", "create", "--user", "kb.staff"]).split(separator: " ").last.map(String.init)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let me = try HTTP.get(server.base + "/api/v1/me", headers: ["Authorization: Bearer \(token)"])
        #expect(me.status == 200)
        #expect(me.body.contains("\"office\":\"KB\""))

        // A real client on a slow line: the contracts come gzipped, and asking again with their ETag costs a 304.
        let bearer = "Authorization: Bearer \(token)"
        let contracts = try HTTP.conditional(server.base + "/api/v1/contracts?limit=200", headers: [bearer])
        #expect(contracts.status == 200)
        #expect(contracts.encoding == "gzip")
        #expect(contracts.transferred > 0 && contracts.transferred * 3 < contracts.body.utf8.count,
                "\(contracts.transferred) bytes travelled for \(contracts.body.utf8.count)")
        #expect(contracts.body == (try HTTP.get(server.base + "/api/v1/contracts?limit=200", headers: [bearer])).body)
        let again = try HTTP.conditional(server.base + "/api/v1/contracts?limit=200", headers: [bearer, "If-None-Match: \(contracts.eTag)"])
        #expect(again.status == 304)
        #expect(again.transferred == 0)
        #expect(await server.stop() == 0)
        #expect(!server.log.contains(token), "a token reached the log")
    }
}
