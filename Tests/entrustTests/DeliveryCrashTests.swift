@testable import EntrustTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The worker as a separate process, killed with SIGKILL in the middle of its batches and restarted:
/// every planned message must still be delivered, and a message sent twice keeps its webhook-id.
@Suite(.serialized) struct DeliveryCrashTests {
    struct Listed: Decodable {
        let public_id: String
        let state: String
        let attempts: Int
        let channel: String
    }

    /// `entrust deliver --loop` against the CLI's database, on the real clock.
    func startWorker(_ cli: CLI, log: String, notifications: String) throws -> Process {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["deliver", "--loop", "--concurrency", "4", "--batch", "20", "--lease", "2", "--poll", "0.2",
                             "--db", cli.database]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "ENTRUST_TODAY")
        environment.removeValue(forKey: "ENTRUST_SMTP_URL")
        environment["ENTRUST_NOTIFICATIONS"] = notifications
        process.environment = environment
        process.currentDirectoryURL = cli.folder
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    func webhookMessages(_ cli: CLI) throws -> [Listed] {
        let output = try cli.run(["outbox", "list", "--limit", "100000", "--format", "json"])
        return try JSONDecoder().decode([Listed].self, from: Data(output.stdout.utf8)).filter { $0.channel == "webhook" }
    }

    /// Waits (with a generous safety deadline, never asserted as a speed) until `condition` holds.
    func waitFor(_ what: String, seconds: Double = 120, _ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try !condition() {
            if Date() > deadline { throw ChildServerError(message: "gave up waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func killedWorkersLoseNothingAndRepeatsKeepTheirID() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let directory = try TemporaryDirectory("crash")
        let listener = try await WebhookListener.start([.init(status: 200, delay: 0.03)], in: directory)
        defer { listener.stop() }
        try cli.ok(["demo"])
        try cli.ok(["endpoints", "add", "--url", listener.url, "--events", "obligation.*,contract.expiring"])
        try cli.ok(["reminders", "plan", "--until", "2024-03-16"])
        let planned = try webhookMessages(cli)
        try #require(planned.count > 100)
        let log = cli.path("worker.log")
        // The worker runs on the real clock: without quiet hours, so that the test passes at any time of day.
        let notifications = cli.path("notifications")
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("notifications").path, toPath: notifications)
        let rules = try String(contentsOfFile: notifications + "/rules.yaml", encoding: .utf8)
        try rules.replacingOccurrences(of: "  channels: [email, webhook]\n\nrules:", with: "  channels: []\n\nrules:")
            .write(toFile: notifications + "/rules.yaml", atomically: true, encoding: .utf8)

        var kills = 0
        for round in 1...3 {
            let before = try listener.requests().count
            let target = min(25, (planned.count - before) / 4)
            guard target >= 2 else { break }
            // The listener stops answering from request `before + target` on: once that request has arrived, the
            // worker is certainly in the middle of a batch, however slowly this test gets to run on a loaded machine.
            try listener.hold(from: before + target)
            let worker = try startWorker(cli, log: log, notifications: notifications)
            try await waitFor("round \(round) to reach its held request") { try listener.requests().count > before + target }
            kill(worker.processIdentifier, SIGKILL)
            worker.waitUntilExit()
            #expect(worker.terminationReason == .uncaughtSignal)
            kills += 1
        }
        #expect(kills == 3, "the worker was killed mid-delivery three times")
        try listener.hold(from: nil)
        let final = try startWorker(cli, log: log, notifications: notifications)
        try await waitFor("every message to be sent") { try webhookMessages(cli).allSatisfy { $0.state == "sent" } }
        kill(final.processIdentifier, SIGTERM)
        final.waitUntilExit()
        #expect(final.terminationStatus == 0, "a SIGTERM lets the worker finish and exit cleanly")

        let messages = try webhookMessages(cli)
        #expect(messages.count == planned.count, "nothing added or lost")
        #expect(messages.allSatisfy { $0.state == "sent" })
        // Killed mid-batch, some messages were left in `sending` and were rescued once their lease ran out.
        #expect(messages.contains { $0.attempts > 1 })
        let requests = try listener.requests()
        let ids = Set(requests.compactMap { $0.header("webhook-id") })
        #expect(ids == Set(messages.map(\.public_id)), "every message reached the receiver, under its own id")
        // A repeat is the same event: the same body always travels under the same id.
        var idByBody: [[UInt8]: Set<String>] = [:]
        for request in requests { idByBody[request.body, default: []].insert(request.header("webhook-id") ?? "") }
        #expect(idByBody.values.allSatisfy { $0.count == 1 })
        #expect(idByBody.count == messages.count)
        let workerLog = try String(contentsOfFile: log, encoding: .utf8)
        #expect(workerLog.contains("stopping: finishing the sends in flight"))
        #expect(!workerLog.contains("whsec_"), "secrets never reach the log")
    }
}
