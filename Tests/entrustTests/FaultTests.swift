@testable import EntrustTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The fault suite (issue 7, section 3), at district scale: the Kim Bang demo (18 points, 72 commune contracts,
/// 213 groups, about 8,000 loans). Every process is the real `entrust` binary on a real SQLite WAL file, webhooks go
/// to a real HTTP listener and email to a real aiosmtpd, all on 127.0.0.1; the faults are injected on purpose
/// (SIGKILL, a stopped server, answers of 500, broken files). Waiting uses generous deadlines, never timed assertions.
/// Random kill points come from a seed that a failure message names; `ENTRUST_FAULT_SEED=N` repeats a run.
@Suite(.serialized, .serverLogOnFailure) struct FaultTests {
    /// The fixed clock of `CLI` and `ServeProcess` (noon on 2024-03-15, Vietnam time), in the outbox's milliseconds.
    static let fixedNowMs: Int64 = 1_710_478_800_000

    // MARK: - 1. The worker killed

    @Test func workerKilledFiftyTimesDeliversEverythingAndRepeatsOnlyWhatAKillInterrupted() async throws {
        var random = SeededRandom()
        let seed = random.seed
        let cli = try CLI()
        defer { cli.cleanUp() }
        try await cli.useDemo()
        let directory = try TemporaryDirectory("fault-kill")
        let listener = try await WebhookListener.start([.init(status: 200, delay: 0.01)], in: directory)
        defer { listener.stop() }
        for _ in 1...2 { try await cli.succeeds(["endpoints", "add", "--url", listener.url, "--events", "*"]) }
        try await cli.succeeds(["reminders", "plan", "--until", "2024-03-22"])
        let planned = try await cli.outbox().filter { $0.channel == "webhook" }
        try #require(planned.count >= 2000, "only \(planned.count) webhooks planned")
        let notifications = try cli.notificationsWithoutQuietHours()
        let log = cli.path("worker.log")
        // A held answer must never time out into an ordinary retry: every repeat here is a kill's doing.
        // Outcomes recorded ten at a time: a kill may repeat those finished but not yet recorded, besides the four in flight.
        let recordEvery = 10
        let patient = ["--timeout", "300", "--record-every", String(recordEvery)]

        var kills = 0
        for round in 1...50 {
            let before = listener.requestCount()
            // Requests count repeats too, so this underestimates what is left to send.
            try #require(planned.count - before > 60, "seed \(seed): the messages ran out before round \(round)")
            // However fast this round's worker runs, answers stop after 40 requests, so that 50 rounds cannot use up
            // the messages.
            try listener.hold(from: before + 40)
            let worker = try WorkerProcess.start(cli, log: log, notifications: notifications, options: patient)
            switch round % 5 {
            case 0:
                // Any instant of the worker's life: starting, opening the database, rescuing, claiming, sending.
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...500, using: &random)))
            case 1:
                // Provably mid-send: request `target` has arrived and its answer is held back.
                let target = before + Int.random(in: 1...20, using: &random)
                try listener.hold(from: target)
                try await waitUntil("round \(round) to reach its held request") { listener.requestCount() > target || !worker.isRunning }
            default:
                // Somewhere in the stream of sends, answered or not, recorded or not.
                let target = before + Int.random(in: 1...25, using: &random)
                try await waitUntil("round \(round) to send") { listener.requestCount() >= target || !worker.isRunning }
            }
            let workerLog = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            try #require(worker.isRunning, "seed \(seed): the worker stopped by itself in round \(round): \(workerLog.suffix(2000))")
            worker.kill()
            #expect(worker.process.terminationReason == .uncaughtSignal)
            try listener.hold(from: nil)
            kills += 1
        }
        #expect(kills == 50)

        // The last worker starts while another process keeps the write lock past the busy timeout (as a long import
        // would): it says the database is busy, waits and carries on.
        let lock = try await SQLiteWriteLock.take(cli)
        let final = try WorkerProcess.start(cli, log: log, notifications: notifications, options: patient)
        try await waitUntil("the worker to find the database busy") {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("the database is busy") || !final.isRunning
        }
        try await lock.release()
        try #require(final.isRunning, "the worker gave up on a busy database: \(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").suffix(1000))")
        try await waitUntil("every webhook to be sent", every: .milliseconds(200)) {
            try await cli.query("SELECT COUNT(*) FROM outbox_message WHERE channel = 'webhook' AND state <> 'sent'") == ["0"]
        }
        #expect(try await final.stop() == 0, "a SIGTERM lets the worker finish and exit cleanly")

        let messages = try await cli.outbox().filter { $0.channel == "webhook" }
        #expect(messages.count == planned.count, "nothing added or lost")
        #expect(messages.allSatisfy { $0.state == "sent" })
        let requests = try listener.requests()
        var arrivals: [String: Int] = [:]
        for request in requests { arrivals[request.header("webhook-id") ?? "", default: 0] += 1 }
        #expect(Set(arrivals.keys) == Set(messages.map(\.public_id)), "every message reached the receiver, under its own id")
        // A message goes out again only after a kill interrupted it: its lease ran out and the next worker rescued it
        // (recorded as a `lease-expired` attempt). One kill interrupts a message at most once.
        var rescues: [String: Int] = [:]
        for line in try await cli.query("""
            SELECT m.public_id, (SELECT COUNT(*) FROM outbox_attempt a WHERE a.message_id = m.id AND a.outcome = 'lease-expired')
            FROM outbox_message m WHERE m.channel = 'webhook'
            """) {
            let parts = line.split(separator: "|")
            rescues[String(parts[0])] = Int(parts[1]) ?? -1
        }
        for (id, count) in arrivals where count > 1 + (rescues[id] ?? 0) {
            let history = try await cli.succeeds(["outbox", "show", id, "--lang", "en"])
            Issue.record("seed \(seed): \(id) arrived \(count) times but was interrupted by \(rescues[id] ?? 0) kills:\n\(history)")
        }
        #expect(try await cli.query("SELECT COUNT(*) FROM outbox_attempt WHERE outcome NOT IN ('sent', 'lease-expired')") == ["0"],
                 "seed \(seed): every attempt either went through or was cut short by a kill")
        #expect(rescues.values.allSatisfy { $0 <= kills }, "seed \(seed)")
        let most = arrivals.values.max() ?? 0
        #expect(most <= 1 + kills, "seed \(seed): a webhook-id arrived \(most) times after \(kills) kills")
        // At most the four sends in flight and the finished ones not yet recorded can be repeated per kill.
        let repeats = requests.count - arrivals.count
        #expect(repeats <= kills * (4 + recordEvery), "seed \(seed): \(repeats) repeats after \(kills) kills")
        let rescued = rescues.values.reduce(0, +)
        #expect(rescued > 0, "seed \(seed): the kills interrupted some messages")
        print("FaultTests: seed \(seed), \(kills) kills, \(requests.count) requests for \(messages.count) webhooks, \(repeats) repeats, "
              + "\(rescued) rescues, at most \(most) arrivals of one id")
        // A repeat is the same event: an id always carries the same body.
        var bodiesByID: [String: Set<[UInt8]>] = [:]
        for request in requests { bodiesByID[request.header("webhook-id") ?? "", default: []].insert(request.body) }
        #expect(bodiesByID.values.allSatisfy { $0.count == 1 })

        #expect(try await cli.sql("PRAGMA integrity_check") == "ok")
        #expect(try await cli.auditVerified() != nil, "audit verify passes")
        let workerLog = try String(contentsOfFile: log, encoding: .utf8)
        #expect(workerLog.contains("stopping: finishing the sends in flight"))
        #expect(!workerLog.contains("locked") && !workerLog.contains("SQLite"), "SQLite's words stay out of the log")
        #expect(!workerLog.contains("whsec_"), "secrets never reach the log")
    }

    // MARK: - 2. Two writers

    @Test func theCLIImportsAndPlansWhileTheServerPlansAndDelivers() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try await cli.useDemo()
        let directory = try TemporaryDirectory("fault-writers")
        // A slow receiver, so that the server is still delivering while the CLI writes.
        let listener = try await WebhookListener.start([.init(status: 200, delay: 0.02)], in: directory)
        defer { listener.stop() }
        let smtp = try await SMTPTestServer.start(in: directory)
        defer { smtp.stop() }
        for _ in 1...3 { try await cli.succeeds(["endpoints", "add", "--url", listener.url, "--events", "*"]) }
        let token = try #require(try await cli.succeeds(["tokens", "create", "--user", "tanson.officer"]).split(separator: " ").last
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        let open = try JSONSerialization.jsonObject(with: Data(try await cli.succeeds(["obligations", "list", "--association", "TANSON-HND", "--status",
                                                                           "open", "--limit", "50", "--format", "json"]).utf8)) as? [[String: Any]] ?? []
        let refs = open.filter { $0["responsible"] as? String == "commune_association" }.compactMap { $0["ref"] as? String }.prefix(12)
        try #require(refs.count >= 6, "the demo has open obligations for the officer to complete")
        let extract = try cli.write("extract.csv", try await districtExtract(cli, month: "2023-08"))
        let extractRows = try String(contentsOfFile: extract, encoding: .utf8).split(separator: "\n").count - 1
        try #require(extractRows > 7000, "a district-size extract")

        let serve = try await ServeProcess(cli: cli, db: cli.database, extra: ["--plan-every", "10", "--poll", "0.2"], environment: [
            "ENTRUST_SMTP_URL": "smtp://127.0.0.1:\(smtp.port)", "ENTRUST_SMTP_ALLOW_PLAINTEXT": "1",
            "ENTRUST_SMTP_FROM": "Nhắc việc <nhacviec@example.vn>",
        ])
        try await waitUntil("the server to start delivering") { listener.requestCount() > 0 }
        let deliveredBefore = listener.requestCount()
        // Passes that went through (`planner: N obligations dated, …`), not those that found the database busy.
        func plannerRuns() -> Int { serve.log.components(separatedBy: " obligations dated, ").count - 1 }
        let plannerRunsBefore = plannerRuns()

        // The CLI writes while the server's planner and worker write, and HTTP clients write through the server.
        var outputs: [(String, CLI.Output)] = []
        var answers: [(String, Int, String)] = []
        var nextRef = refs.startIndex
        func completeOne() async throws {
            guard nextRef < refs.endIndex else { return }
            let ref = refs[nextRef]
            nextRef += 1
            let answer = try await Self.post("\(serve.base)/api/v1/obligations/\(ref)/complete", json: #"{"evidence": "biên bản họp"}"#,
                                             headers: ["Authorization: Bearer \(token)"], in: cli.folder)
            answers.append((ref, answer.status, answer.body))
        }
        func alongside(_ commands: [[String]]) async throws {
            let running = try commands.map { ($0.joined(separator: " "), try cli.launch($0)) }
            while running.contains(where: { $0.1.isRunning }) {
                try await completeOne()
                try await Task.sleep(for: .milliseconds(100))
            }
            for (command, launched) in running { outputs.append((command, try await launched.finish())) }
        }
        try await alongside([["import", "loans", extract, "--month", "2023-09"]])
        try await alongside([["import", "loans", extract, "--month", "2023-09", "--replace"], ["reminders", "plan", "--until", "2024-03-25"]])
        try await alongside([["evaluate", "--month", "2023-09"], ["endpoints", "add", "--url", listener.url, "--events", "meeting.*"]])
        // Keep importing until the server's planner has run in the middle of it all.
        // By time, not by count: a district import takes well under a second now, less than the planner's 10 s period.
        let importUntil = Date().addingTimeInterval(90)
        repeat {
            try await alongside([["import", "loans", extract, "--month", "2023-10", "--replace"]])
        } while plannerRuns() < plannerRunsBefore + 1 && Date() < importUntil
        #expect(plannerRuns() >= plannerRunsBefore + 1, "the planner ran while the CLI imported: \(serve.log.suffix(2000))")
        #expect(listener.requestCount() > deliveredBefore, "the server delivered while the CLI wrote")

        // A writer that keeps the lock longer than the busy timeout (10 s), as a province-size import would. The
        // server's worker and planner wait and try again: nothing is lost, and a message already sent is recorded
        // once, not sent a second time when its lease runs out.
        try await cli.succeeds(["endpoints", "add", "--url", listener.url, "--events", "obligation.*,contract.*"])
        try await cli.succeeds(["reminders", "plan", "--until", "2024-03-15"])
        let beforeHold = listener.requestCount()
        try await waitUntil("the server to deliver the new messages") { listener.requestCount() > beforeHold }
        let holder = try await SQLiteWriteLock.take(cli)
        // The fault's duration, longer than the busy timeout; nothing is timed or asserted about it.
        try await Task.sleep(for: .seconds(13))
        try await holder.release()
        let planner = plannerRuns()
        try await waitUntil("the planner to run again after the lock") { plannerRuns() > planner }

        // Everything due is delivered; what is not due yet waits.
        try await waitUntil("every due message to be delivered", every: .milliseconds(200)) {
            try await cli.query("""
                SELECT COUNT(*) FROM outbox_message WHERE state IN ('scheduled','available','sending','retrying') AND next_attempt_ms <= \(Self.fixedNowMs)
                """) == ["0"]
        }
        let status = await serve.stop()
        #expect(status == 0)

        for (command, output) in outputs {
            #expect(output.status == 0, "entrust \(command): \(output.stderr)")
            for word in ["locked", "busy", "SQLITE", "SQLite"] {
                #expect(!output.stderr.contains(word) && !output.stdout.contains(word), "entrust \(command): \(output.stderr)")
            }
        }
        #expect(answers.count >= 6, "HTTP writes went on during the imports")
        for (ref, status, body) in answers {
            #expect(status == 200, "complete \(ref): \(status) \(body)")
            #expect(!body.contains("locked") && !body.contains("busy"), "complete \(ref): \(body)")
        }
        // The operator may read that the database was busy and will be tried again, never SQLite's words or SQL.
        let log = serve.log
        for word in ["locked", "SQLite", "SQLITE", "BEGIN", "UPDATE ", "INSERT ", "failed", "error"] {
            #expect(!log.contains(word), "the server log says “\(word)”: \(log.suffix(3000))")
        }

        // Nothing lost: every row imported, every completion kept, every due message sent exactly once.
        #expect(try await cli.query("SELECT COUNT(*) FROM loan WHERE month = '2023-09'") == ["\(extractRows)"])
        #expect(try await cli.query("SELECT rows FROM loan_month WHERE month IN ('2023-09','2023-10') ORDER BY month") == ["\(extractRows)", "\(extractRows)"])
        let done = try await cli.query("""
            SELECT COUNT(*) FROM obligation o JOIN contract c ON c.id = o.contract_id
            WHERE o.status = 'done' AND c.number || ':' || o.code || ':' || o.period_key IN (\(answers.map { "'\($0.0)'" }.joined(separator: ",")))
            """)
        #expect(done == ["\(answers.count)"], "every completion answered 200 was kept")
        let states = Dictionary(uniqueKeysWithValues: try await cli.query("SELECT state, COUNT(*) FROM outbox_message GROUP BY state").map {
            let parts = $0.split(separator: "|")
            return (String(parts[0]), Int(parts[1]) ?? 0)
        })
        #expect(states["dead"] == nil && states["retrying"] == nil && states["sending"] == nil, "\(states)")
        let sentWebhooks = try await cli.query("SELECT public_id FROM outbox_message WHERE channel = 'webhook' AND state = 'sent'")
        let requests = try listener.requests()
        #expect(requests.count == sentWebhooks.count, "each webhook went out once")
        #expect(Set(requests.compactMap { $0.header("webhook-id") }) == Set(sentWebhooks))
        #expect(try smtp.rawMessages().count == Int(try await cli.query("SELECT COUNT(*) FROM outbox_message WHERE channel = 'email' AND state = 'sent'").first ?? ""))
        #expect(try await cli.sql("PRAGMA integrity_check") == "ok")
        #expect(try await cli.auditVerified() != nil, "audit verify passes")
    }

    // MARK: - 3. Gateways down

    @Test func messagesWaitWhileGatewaysAreDownGoOutWhenTheyReturnAndDieWhenTheScheduleRunsOut() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try await cli.useDemo()
        let directory = try TemporaryDirectory("fault-gateways")
        let listener = try await WebhookListener.start([.init(status: 200)], in: directory)
        defer { listener.stop() }
        // The mail server is down from the start (its port is known, nothing listens on it), the receiver answers 500.
        let firstSMTP = try await SMTPTestServer.start(in: directory)
        firstSMTP.stop()
        try listener.answer(status: 500)
        let environment = ["ENTRUST_SMTP_URL": "smtp://127.0.0.1:\(firstSMTP.port)", "ENTRUST_SMTP_ALLOW_PLAINTEXT": "1",
                           "ENTRUST_SMTP_FROM": "Nhắc việc NHCSXH <nhacviec@example.vn>"]
        try await cli.succeeds(["endpoints", "add", "--url", listener.url, "--events", "obligation.*"])
        try await cli.succeeds(["reminders", "plan", "--until", "2024-03-15"])
        let planned = try await cli.outbox()
        let webhooks = planned.filter { $0.channel == "webhook" }.count, emails = planned.filter { $0.channel == "email" }.count
        try #require(webhooks > 0 && emails > 0, "\(webhooks) webhooks, \(emails) emails")
        let notifications = try cli.notificationsWithoutQuietHours()
        let log = cli.path("worker.log")
        // Far more attempts than the outage lasts: nothing may die while the gateways are merely down.
        let patient = ["--backoff", Array(repeating: "1s", count: 120).joined(separator: ",")]

        // 1. Both gateways down: every message fails, waits in `retrying` and is tried again.
        var worker = try WorkerProcess.start(cli, log: log, notifications: notifications, options: patient, environment: environment)
        try await waitUntil("every message to have failed twice", every: .milliseconds(200)) {
            try await cli.query("SELECT COUNT(*) FROM outbox_message WHERE state = 'retrying' AND attempts >= 2") == ["\(planned.count)"]
        }
        #expect(try await worker.stop() == 0)
        let waiting = try await cli.outbox()
        #expect(waiting.allSatisfy { $0.state == "retrying" && $0.attempts >= 2 }, "\(Dictionary(grouping: waiting, by: \.state).mapValues(\.count))")
        for message in waiting where message.channel == "webhook" {
            #expect(message.last_error?.contains("500") == true, "\(message.public_id): \(message.last_error ?? "-")")
        }
        for message in waiting where message.channel == "email" {
            #expect(message.last_error?.contains("connect") == true, "\(message.public_id) keeps why it waits: \(message.last_error ?? "-")")
        }
        #expect(try listener.requests().allSatisfy { $0.header("webhook-id") != nil })
        #expect(listener.requestCount() >= 2 * webhooks)

        // 2. The gateways come back: the same messages go out, each once more, under the same id.
        let smtp = try await firstSMTP.restarted()
        defer { smtp.stop() }
        try listener.answer(status: nil)
        let failedRequests = listener.requestCount()
        worker = try WorkerProcess.start(cli, log: log, notifications: notifications, options: patient, environment: environment)
        try await waitUntil("every message to be sent", every: .milliseconds(200)) {
            try await cli.query("SELECT COUNT(*) FROM outbox_message WHERE state <> 'sent'") == ["0"]
        }
        #expect(try await worker.stop() == 0)
        let sent = try await cli.outbox()
        #expect(sent.count == planned.count && sent.allSatisfy { $0.state == "sent" && $0.attempts >= 3 })
        let after = try listener.requests().dropFirst(failedRequests)
        #expect(after.count == webhooks, "one successful request per webhook")
        #expect(Set(after.compactMap { $0.header("webhook-id") }) == Set(sent.filter { $0.channel == "webhook" }.map(\.public_id)))
        #expect(try smtp.rawMessages().count == emails, "every email arrived once the mail server was back")
        let oneEmail = try #require(sent.first { $0.channel == "email" })
        let history = try await cli.succeeds(["outbox", "show", oneEmail.public_id, "--lang", "en"])
        #expect(history.contains("retry") && history.contains("sent"), "\(history)")

        // 3. Down again, with a short schedule: after the last attempt the messages are dead, the reason kept.
        smtp.stop()
        try listener.answer(status: 500)
        try await cli.succeeds(["reminders", "plan", "--until", "2024-03-16"])
        let fresh = Set(try await cli.outbox().filter { $0.state != "sent" }.map(\.public_id))
        try #require(!fresh.isEmpty)
        worker = try WorkerProcess.start(cli, log: log, notifications: notifications, options: ["--backoff", "1s,1s"], environment: environment)
        try await waitUntil("the new messages to run out of attempts", every: .milliseconds(200)) {
            try await cli.query("SELECT COUNT(*) FROM outbox_message WHERE state IN ('scheduled','available','sending','retrying')") == ["0"]
        }
        #expect(try await worker.stop() == 0)
        let final = try await cli.outbox()
        let dead = final.filter { $0.state == "dead" }
        #expect(Set(dead.map(\.public_id)) == fresh, "exactly the new messages died")
        #expect(final.filter { $0.state == "sent" }.count == planned.count, "what was sent stays sent")
        for message in dead {
            #expect(message.attempts == 3)
            #expect(message.last_error?.hasPrefix("gave up after 3 attempts: ") == true, "\(message.public_id): \(message.last_error ?? "-")")
            #expect(message.last_error?.contains(message.channel == "webhook" ? "500" : "connect") == true, "\(message.last_error ?? "-")")
        }
        let listed = try JSONDecoder().decode([OutboxRow].self, from: Data(try await cli.succeeds(["outbox", "list", "--state", "dead", "--limit", "100000",
                                                                                         "--format", "json"]).utf8))
        #expect(Set(listed.map(\.public_id)) == fresh && listed.allSatisfy { $0.last_error?.isEmpty == false })
        let deadWebhook = try #require(dead.first { $0.channel == "webhook" })
        let attempts = try await cli.succeeds(["outbox", "show", deadWebhook.public_id, "--lang", "en"])
        #expect(attempts.components(separatedBy: " 500 ").count - 1 == 3, "three attempts answered 500: \(attempts)")
        #expect(try await cli.auditVerified() != nil, "audit verify passes")
    }

    // MARK: - 4. Killed mid-import

    @Test func aKilledImportOrLoadLeavesTheDatabaseExactlyAsItWas() async throws {
        var random = SeededRandom()
        let seed = random.seed
        let cli = try CLI()
        defer { cli.cleanUp() }
        try await cli.useDemo()
        let before = try await cli.dump()
        let auditBefore = try await cli.auditVerified()
        try #require(auditBefore != nil)

        // A month-end extract twenty times the district's, replacing the month the demo already has: killed part-way,
        // the old month must still be there, whole.
        let district = try await districtExtract(cli, month: "2023-08").split(separator: "\n", omittingEmptySubsequences: true)
        var big = String(district[0]) + "\n"
        for copy in 1...20 {
            for row in district.dropFirst() { big += "C\(copy)-" + row + "\n" }
        }
        let file = try cli.write("big.csv", big)
        let importing = try cli.launch(["import", "loans", file, "--month", "2023-08", "--replace", "--progress"])
        // Kill on the 1st, 2nd or 3rd progress line: rows are being written, the transaction is open.
        let lines = Int.random(in: 1...3, using: &random)
        func progressLines() -> Int { importing.errorText.components(separatedBy: "progress:").count - 1 }
        try await waitUntil("progress line \(lines) of the import") { progressLines() >= lines || !importing.isRunning }
        try #require(importing.isRunning, "seed \(seed): the import ended before it could be killed: \(importing.errorText)")
        importing.kill()
        #expect(importing.process.terminationReason == .uncaughtSignal)
        #expect(try await cli.dump() == before, "seed \(seed): the database changed after a killed import")
        #expect(try await cli.sql("PRAGMA integrity_check") == "ok")
        #expect(try await cli.auditVerified() == auditBefore, "audit verify passes and counts the same rows")

        // `entrust load` (one transaction for the whole file): killed once its transaction has spilled pages to the
        // WAL, which happens only while it is writing and long before it commits.
        var people = "code,name,association,position\n"
        for number in 1...60_000 { people += "FX-\(number),Nguyễn Văn \(number),TANSON-HND,officer\n" }
        let peopleFile = try cli.write("people.csv", people)
        let wal = cli.database + "-wal"
        try #require(!FileManager.default.fileExists(atPath: wal), "the last process to close the database removed its WAL")
        let load = try cli.launch(["load", peopleFile, "--kind", "people"])
        try await waitUntil("the load to write") {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            return size > 256 * 1024 || !load.isRunning
        }
        try #require(load.isRunning, "the load ended before it could be killed: \(load.errorText)")
        load.kill()
        #expect(try await cli.dump() == before, "the database changed after a killed load")
        #expect(try await cli.auditVerified() == auditBefore)

        // And the database is not wedged: the next import goes through.
        let extract = try cli.write("extract.csv", district.joined(separator: "\n") + "\n")
        try await cli.succeeds(["import", "loans", extract, "--month", "2023-09"])
        #expect(try await cli.query("SELECT COUNT(*) FROM loan WHERE month = '2023-09'") == ["\(district.count - 1)"])
        #expect(try await cli.auditVerified() != nil, "audit verify passes")
    }

    // MARK: - 5. Corrupt or missing configuration

    /// One broken configuration, what the error must name, and where.
    struct BrokenConfiguration: CustomTestStringConvertible, Sendable {
        let name: String
        /// Changes the copied `contracts` and `notifications` folders; returns what stderr must contain.
        let breakIt: @Sendable (_ contracts: String, _ notifications: String) throws -> [String]
        var testDescription: String { name }
    }

    static let brokenConfigurations: [BrokenConfiguration] = [
        .init(name: "a contract template with a YAML syntax error") { contracts, _ in
            let file = contracts + "/templates/commune-entrustment.yaml"
            let line = try insert("tasks_note: [never closed", in: file, before: "tasks:")
            // The parser notices on the next line and says where the bad flow began.
            return ["commune-entrustment.yaml:\(line + 1)", "YAML", "line \(line)"]
        },
        .init(name: "reminder rules with a YAML syntax error") { _, notifications in
            let file = notifications + "/rules.yaml"
            let line = try insert("bad: {never closed", in: file, before: "rules:")
            return ["rules.yaml:\(line + 1)", "YAML", "line \(line)"]
        },
        .init(name: "a missing message template") { _, notifications in
            try FileManager.default.removeItem(atPath: notifications + "/vi/obligation-due.text.mustache")
            return ["rules.yaml:\(try lineNumber(of: "  - code: obligation-due", in: notifications + "/rules.yaml"))",
                    "vi/obligation-due.text.mustache"]
        },
        .init(name: "a rule naming a template that does not exist") { _, notifications in
            let file = notifications + "/rules.yaml"
            let line = try lineNumber(of: "  - code: transaction-day-tomorrow", in: file)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            try text.replacingOccurrences(of: "template: transaction-day-upcoming", with: "template: transaction-day-upcomng")
                .write(toFile: file, atomically: true, encoding: .utf8)
            return ["rules.yaml:\(line)", "transaction-day-upcomng"]
        },
        .init(name: "a message template that does not parse") { _, notifications in
            let file = notifications + "/en/obligation-due.html.mustache"
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let body = text.hasSuffix("\n") ? text : text + "\n"
            // The section opened on the new last line is found unclosed at the end of the file, the line after it.
            let end = body.split(separator: "\n", omittingEmptySubsequences: false).count + 1
            try (body + "{{#never_closed}}\n").write(toFile: file, atomically: true, encoding: .utf8)
            return ["en/obligation-due.html.mustache:\(end)", "never closed"]
        },
        .init(name: "a scorecard whose points add up to 105") { contracts, _ in
            let file = contracts + "/scorecards/group.yaml"
            // The criteria list: its first item, where the loader points.
            let line = try lineNumber(of: "    criteria:", in: file) + 1
            let text = try String(contentsOfFile: file, encoding: .utf8)
            try #require(text.contains("max_points: 30"))
            try text.replacingOccurrences(of: "max_points: 30", with: "max_points: 35").write(toFile: file, atomically: true, encoding: .utf8)
            return ["group.yaml:\(line)", "105"]
        },
        .init(name: "two broken files at once, both named") { contracts, notifications in
            let fees = contracts + "/fees/entrustment.yaml"
            let feeLine = try insert("oops: [never closed", in: fees, before: "versions:")
            try FileManager.default.removeItem(atPath: notifications + "/en/contract-expiring.subject.mustache")
            return ["entrustment.yaml:\(feeLine + 1)", "line \(feeLine)", "notifications/en/contract-expiring.subject.mustache",
                    "2 configuration problems"]
        },
    ]

    @Test(arguments: brokenConfigurations)
    func serveRefusesBrokenConfigurationNamingFileAndLine(_ broken: BrokenConfiguration) async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try await cli.useDemo()
        let contracts = cli.path("contracts"), notifications = cli.path("notifications")
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("contracts").path, toPath: contracts)
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("notifications").path, toPath: notifications)
        // The control: the copied configuration is good, and this harness sees a server that starts.
        let control = cli.path("control.sqlite")
        try FileManager.default.copyItem(atPath: cli.database, toPath: control)
        let started = try await runServe(cli, db: control, contracts: contracts, notifications: notifications)
        try #require(started.listening, "the unbroken configuration starts: \(started.stderr)")

        let expected = try broken.breakIt(contracts, notifications)
        let bytesBefore = try Data(contentsOf: URL(fileURLWithPath: cli.database))
        let fresh = cli.path("fresh.sqlite")
        for db in [cli.database, fresh] {
            let run = try await runServe(cli, db: db, contracts: contracts, notifications: notifications)
            #expect(!run.listening, "\(broken.name): the server started: \(run.stdout)")
            #expect(run.status != 0)
            #expect(run.stderr.hasPrefix("error: "), "\(run.stderr)")
            for text in expected {
                #expect(run.stderr.contains(text), "\(broken.name): expected “\(text)” in: \(run.stderr)")
            }
            for leak in ["Fatal error", "Stack", "GRDB", "Yams.", "SQLite error"] {
                #expect(!run.stderr.contains(leak), "internals leaked: \(run.stderr)")
            }
            #expect(!Self.accepts(port: run.port), "nothing listens on port \(run.port)")
        }
        // Never half-started: the database is untouched to the byte, and a database that did not exist still does not.
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.database)) == bytesBefore)
        #expect(!FileManager.default.fileExists(atPath: cli.database + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: fresh), "a refused start created \(fresh)")
    }

    // MARK: - Helpers

    struct ServeRun {
        var listening: Bool
        var status: Int32
        var stdout: String
        var stderr: String
        var port: Int
    }

    /// Runs `entrust serve` on a chosen free port until it exits by itself or prints that it listens (then it is
    /// stopped with SIGTERM).
    func runServe(_ cli: CLI, db: String, contracts: String, notifications: String) async throws -> ServeRun {
        let port = try Self.freePort()
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["serve", "--port", String(port), "--db", db, "--contracts", contracts]
        var environment = ProcessInfo.processInfo.environment
        environment["ENTRUST_TODAY"] = cli.today
        environment["ENTRUST_NOTIFICATIONS"] = notifications
        process.environment = environment
        process.currentDirectoryURL = cli.folder
        let name = UUID().uuidString
        let out = cli.path("serve-\(name).out"), err = cli.path("serve-\(name).err")
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        try await waitUntil("entrust serve to stop or to listen") { !process.isRunning || read(out).contains("listening on") }
        let listening = read(out).contains("listening on")
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            try await waitUntil("entrust serve to stop") { !process.isRunning }
        }
        return ServeRun(listening: listening, status: process.terminationStatus, stdout: read(out), stderr: read(err), port: port)
    }

    /// POSTs a JSON body with curl, awaited; returns the status and the body.
    static func post(_ url: String, json: String, headers: [String], in folder: URL) async throws -> (status: Int, body: String) {
        let output = try await BadInput.spawn("/usr/bin/curl", ["-s", "-m", "120", "-w", "\n%{http_code}", "-X", "POST", "--data-binary", json,
                                                                "-H", "Content-Type: application/json"] + headers.flatMap { ["-H", $0] } + [url],
                                              in: folder)
        let status = Int(output.stdout.split(separator: "\n").last ?? "") ?? 0
        return (status, String(output.stdout.dropLast(String(status).count + 1)))
    }

    /// A port nobody listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw CLIError(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// The sqlite3 shell holding the database's write lock (an open `BEGIN IMMEDIATE`) until `release()`.
final class SQLiteWriteLock {
    let process = Process()
    let input = Pipe()

    private init() {}

    /// Starts the shell and waits (without blocking a thread) until it holds the lock.
    static func take(_ cli: CLI) async throws -> SQLiteWriteLock {
        let lock = SQLiteWriteLock()
        let output = cli.path("lock-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        lock.process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        lock.process.arguments = ["-bail", cli.database]
        lock.process.standardInput = lock.input
        lock.process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        lock.process.standardError = FileHandle.nullDevice
        try lock.process.run()
        lock.input.fileHandleForWriting.write(Data(".timeout 60000\nBEGIN IMMEDIATE;\nSELECT 'held';\n".utf8))
        try await waitUntil("sqlite3 to take the write lock") {
            ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains("held") || !lock.process.isRunning
        }
        guard lock.process.isRunning else { throw CLIError(message: "sqlite3 could not take the write lock") }
        return lock
    }

    func release() async throws {
        input.fileHandleForWriting.write(Data("COMMIT;\n.quit\n".utf8))
        try input.fileHandleForWriting.close()
        try await waitUntil("sqlite3 to commit and quit") { !process.isRunning }
        guard process.terminationStatus == 0 else { throw CLIError(message: "sqlite3 failed to commit") }
    }

    deinit { if process.isRunning { process.terminate() } }
}

/// The 1-based number of the first line of `file` that starts with `prefix`.
func lineNumber(of prefix: String, in file: String) throws -> Int {
    let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    guard let index = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else { throw CLIError(message: "no line “\(prefix)” in \(file)") }
    return index + 1
}

/// Inserts `line` before the first line starting with `anchor`; returns the new line's number.
func insert(_ line: String, in file: String, before anchor: String) throws -> Int {
    let number = try lineNumber(of: anchor, in: file)
    var lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines.insert(line, at: number - 1)
    try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
    return number
}
