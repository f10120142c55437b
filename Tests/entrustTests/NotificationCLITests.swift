@testable import EntrustTestSupport
import Foundation
import Testing

/// Endpoints, outbox, email and notification commands, run as a person would.
@Suite struct NotificationCLITests {
    @Test func endpointSecretIsShownOnceAndNeverListedOrAudited() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.ok(["demo"])
        let added = try cli.ok(["endpoints", "add", "--url", "https://hooks.example.vn/entrust", "--events", "obligation.*,contract.expiring",
                                "--description", "Cầu nối SMS"])
        let secret = try #require(added.split(separator: "\n").last.map(String.init))
        #expect(secret.hasPrefix("whsec_"))
        let list = try cli.ok(["endpoints", "list"]) + (try cli.ok(["endpoints", "list", "--format", "json"]))
        #expect(list.contains("ep-1") && list.contains("Cầu nối SMS"))
        #expect(!list.contains("whsec_"))
        let audit = try cli.ok(["audit", "log", "--entity", "endpoint"])
        #expect(!audit.contains(String(secret.dropFirst(6).prefix(12))))
        let rotated = try cli.ok(["endpoints", "rotate-secret", "ep-1", "--window", "48"])
        #expect(rotated.contains("whsec_") && !rotated.contains(secret))
        #expect(try cli.ok(["endpoints", "list", "--lang", "en"]).contains("2024-03-17T12:00:00+07:00"))
        try cli.fails(["endpoints", "add", "--url", "ftp://x", "--events", "obligation.*"], saying: "--url 'ftp://x'")
        try cli.fails(["endpoints", "add", "--url", "https://x.vn", "--events", "Obligation due"], saying: "--events")
        try cli.ok(["endpoints", "disable", "ep-1"])
        try cli.fails(["endpoints", "test", "ep-1"], saying: "disabled")
    }

    @Test func planningTwiceAddsNothingAndOutboxCommandsWork() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.ok(["demo"])
        let first = try cli.ok(["reminders", "plan", "--until", "2024-03-16", "--lang", "en"])
        #expect(!first.contains("skipped evaluation.class_dropped") && !first.contains("skipped meeting.upcoming"))
        let second = try cli.ok(["reminders", "plan", "--until", "2024-03-16", "--lang", "en"])
        #expect(second.contains("0 new"))
        let list = try cli.ok(["outbox", "list", "--state", "available", "--limit", "1"])
        let id = try #require(list.split(whereSeparator: { $0 == " " || $0 == "\n" }).first { $0.hasPrefix("msg_") }.map(String.init))
        try cli.ok(["outbox", "cancel", id])
        #expect(try cli.ok(["outbox", "show", id]).contains("cancelled"))
        try cli.ok(["outbox", "retry", id])
        try cli.fails(["outbox", "retry", id], saying: "only dead or cancelled")
        try cli.fails(["outbox", "show", "msg_nope"], saying: "unknown outbox message 'msg_nope'")
        try cli.fails(["outbox", "list", "--state", "lost"], saying: "--state")
    }

    /// `outbox prune` deletes a cancelled message once it is past the retention, and only then.
    @Test func pruningRemovesFinishedMessagesPastTheRetention() throws {
        var cli = try CLI()
        defer { cli.cleanUp() }
        try cli.ok(["demo"])
        try cli.ok(["reminders", "plan", "--until", "2024-03-16"])
        let list = try cli.ok(["outbox", "list", "--state", "available", "--limit", "1"])
        let id = try #require(list.split(whereSeparator: { $0 == " " || $0 == "\n" }).first { $0.hasPrefix("msg_") }.map(String.init))
        try cli.ok(["outbox", "cancel", id])
        let waiting = try cli.ok(["outbox", "list", "--limit", "100000"]).components(separatedBy: "msg_").count
        let tooShort = try cli.run(["outbox", "prune", "--days", "3"])
        #expect(tooShort.status != 0 && tooShort.stderr.contains("--days") && tooShort.stderr.contains("from 7"), "\(tooShort.stderr)")
        #expect(try cli.ok(["outbox", "prune", "--lang", "en"]).contains("pruned 0 sent or cancelled messages older than 90 days"))
        cli.today = "2024-09-01"
        #expect(try cli.ok(["outbox", "prune", "--days", "90"]).contains("đã xóa 1 tin"))
        try cli.fails(["outbox", "show", id], saying: "unknown outbox message")
        // Everything else was still waiting: untouched, however old.
        #expect(try cli.ok(["outbox", "list", "--limit", "100000"]).components(separatedBy: "msg_").count == waiting - 1)
        #expect(try cli.ok(["audit", "log", "--entity", "outbox"]).contains("prune"))
    }

    /// Waiting reminders whose subject went away are cancelled by the next planning run, with the reason.
    @Test func planningCancelsRemindersOfCompletedObligationsAndCancelledMeetings() throws {
        struct Listed: Decodable { let public_id: String; let subject: String; let state: String; let last_error: String? }
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.ok(["demo"])
        try cli.ok(["reminders", "plan", "--until", "2024-03-30"])
        func messages() throws -> [Listed] {
            try JSONDecoder().decode([Listed].self, from: Data(try cli.ok(["outbox", "list", "--limit", "100000", "--format", "json"]).utf8))
        }
        let before = try messages()
        let obligation = try #require(before.first { $0.subject.hasPrefix("obligation:") && $0.state == "scheduled" }).subject
        let meeting = try #require(before.first { $0.subject.hasPrefix("meeting:") && $0.state == "scheduled" }).subject
        try cli.ok(["obligations", "complete", String(obligation.dropFirst("obligation:".count)), "--evidence", "biên bản số 12"])
        // meeting:SERIES:2024-03-20T08:00 → SERIES@2024-03-20
        let parts = meeting.dropFirst("meeting:".count)
        let colon = try #require(parts.firstIndex(of: ":"))
        try cli.ok(["meetings", "cancel", "\(parts[..<colon])@\(parts[parts.index(after: colon)...].prefix(10))", "--reason", "bão"])
        let plan = try cli.ok(["reminders", "plan", "--until", "2024-03-30", "--lang", "en"])
        #expect(!plan.contains(" 0 cancelled"), "\(plan)")
        let after = try messages()
        let gone = after.filter { $0.subject == obligation || $0.subject == meeting }
        #expect(!gone.isEmpty && gone.allSatisfy { $0.state == "cancelled" }, "\(gone)")
        #expect(gone.filter { $0.subject == obligation }.allSatisfy { $0.last_error?.contains("completed or waived") == true })
        #expect(gone.filter { $0.subject == meeting }.allSatisfy { $0.last_error?.contains("meeting was cancelled") == true })
        // Nothing else was cancelled.
        #expect(after.filter { $0.state == "cancelled" }.count == gone.count)
    }

    @Test func notificationsCheckNamesTheFileAndLine() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.ok(["notifications", "check"]).contains("8"))
        let folder = cli.path("notifications")
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("notifications").path, toPath: folder)
        try "Kính gửi {{#recipient_name}}\n".write(toFile: folder + "/vi/obligation-due.text.mustache", atomically: true, encoding: .utf8)
        let output = try run(cli, ["notifications", "check"], notifications: folder)
        #expect(output.status != 0)
        #expect(output.stderr.contains("notifications/vi/obligation-due.text.mustache:"))
    }

    @Test func emailTestPrintsTheServersReply() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let directory = try TemporaryDirectory("email-cli")
        let server = try await SMTPTestServer.start(in: directory)
        defer { server.stop() }
        let output = try run(cli, ["email", "test", "--to", "lan@example.vn"], smtp: [
            "ENTRUST_SMTP_URL": "smtp://127.0.0.1:\(server.port)", "ENTRUST_SMTP_FROM": "nhacviec@vbsp.example.vn",
            "ENTRUST_SMTP_ALLOW_PLAINTEXT": "1",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("lan@example.vn"))
        #expect(output.stdout.contains("250"))
        #expect(try server.decoded(0).subject == "Thư thử nghiệm từ entrust — Ngân hàng Chính sách xã hội")
    }

    /// Runs with extra environment (the CLI helper's own runner keeps the defaults).
    func run(_ cli: CLI, _ arguments: [String], notifications: String? = nil, smtp: [String: String] = [:]) throws -> CLI.Output {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments + ["--db", cli.database]
        var environment = ProcessInfo.processInfo.environment
        environment["ENTRUST_TODAY"] = cli.today
        environment["ENTRUST_NOTIFICATIONS"] = notifications ?? CLI.packageRoot.appendingPathComponent("notifications").path
        for (key, value) in smtp { environment[key] = value }
        process.environment = environment
        process.currentDirectoryURL = cli.folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
    }
}
