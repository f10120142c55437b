@testable import EntrustTestSupport
import Foundation
import Testing

/// Three `entrust serve` replicas on one PostgreSQL deliver at least 20,000 reminders to a real listener while one
/// replica at a time is SIGKILLed and restarted ten times, and then while PostgreSQL itself restarts. Nothing may be
/// lost, a webhook-id may arrive again only because a kill (or the restart) interrupted it, the audit chain stays
/// whole, and a session made on one replica keeps working on every other one.
///
/// The cluster is this test's own: stopping the shared one would fail every other test running beside it.
@Suite(.serialized, .serverLogOnFailure) struct ReplicaFaultTests {
    static let kills = 10
    static let replicaCount = 3
    static let concurrency = 4
    static let batch = 50

    @Test(.timeLimit(.minutes(30)))
    func threeReplicasLoseNoReminderThroughTenKillsAndAPostgresRestart() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try await cli.useDemo()
        let cluster = try PostgresTestCluster.startPrivate(logSuffix: "replica-faults")
        defer { cluster.destroy() }
        let db = cluster.url(database: try cluster.emptyDatabase())
        let password = try ReplicaTests.moveDemo(cli, into: db)

        let directory = try TemporaryDirectory("replica-faults")
        // 50 ms an answer: sends are in flight when a replica is killed, and the three replicas (12 sends in flight, about
        // 240 a second) cannot empty the outbox before PostgreSQL restarts. (At 30 ms they did once planning no longer
        // re-inserted the whole outbox on every replica start, which had slowed delivery.)
        let listener = try await WebhookListener.start([.init(status: 200, delay: 0.05)], in: directory)
        defer { listener.stop() }
        // Every event goes to every endpoint: ten of them turn the demo's weeks of reminders into 20,000 messages.
        for _ in 1...10 { #expect(try cli.run(["endpoints", "add", "--url", listener.url, "--events", "*"], db: db).status == 0) }
        #expect(try cli.run(["reminders", "plan", "--until", "2024-04-05"], db: db).status == 0)
        let planned = try ReplicaTests.webhooks(in: db)
        try #require(planned >= 20_000, "only \(planned) webhooks planned")

        // The real clock, so that the planned 2024 reminders are all due; no quiet hours; a short lease, so that what a
        // killed replica had claimed is rescued within the test.
        let options = ["--poll", "0.2", "--concurrency", String(Self.concurrency), "--plan-every", "3600", "--lease", "10"]
        let environment = ["ENTRUST_NOTIFICATIONS": try cli.notificationsWithoutQuietHours()]
        func start() async throws -> ServeProcess {
            try await ServeProcess(cli: cli, db: db, extra: options, environment: environment, unset: ["ENTRUST_TODAY"])
        }
        var replicas: [ServeProcess] = []
        for _ in 1...Self.replicaCount { replicas.append(try await start()) }
        let jar = cli.path("cookies.txt")
        try ReplicaTests.signIn(replicas[0].base, jar: jar, password: password)

        // One kill each time another thirtieth of the outbox has arrived, so that every kill lands mid-delivery and two
        // thirds of it are left for the PostgreSQL restart.
        for kill in 0..<Self.kills {
            let mark = (kill + 1) * planned / (Self.kills * 3)
            try await waitUntil("\(mark) webhooks to arrive before kill \(kill + 1)", seconds: 300, every: .milliseconds(100)) {
                listener.requestCount() >= mark
            }
            let victim = kill % Self.replicaCount
            await replicas[victim].crash()
            for (index, replica) in replicas.enumerated() where index != victim {
                let status = try ReplicaTests.status(replica.base + "/dashboard", jar: jar)
                #expect(status == 200, "after kill \(kill + 1), replica \(index + 1) answered the dashboard with \(status)")
            }
            replicas[victim] = try await start()
            let status = try ReplicaTests.status(replicas[victim].base + "/dashboard", jar: jar)
            #expect(status == 200, "replica \(victim + 1), restarted after kill \(kill + 1), answered the dashboard with \(status)")
        }
        let beforeRestart = try ReplicaTests.webhooks(in: db, "state <> 'sent'")
        #expect(beforeRestart > 0, "the outbox was empty before PostgreSQL restarted: the restart tests nothing")

        // PostgreSQL restarts: while it is down, every replica answers 503 with a problem document, not a crash.
        try cluster.stopServer()
        for (index, replica) in replicas.enumerated() {
            try #require(replica.process.isRunning, "replica \(index + 1) died when PostgreSQL stopped: \(replica.log.suffix(3000))")
            let health = try ReplicaTests.curl(["-o", "/dev/null", "-w", "%{http_code}", replica.base + "/healthz"])
            #expect(health == "503", "replica \(index + 1) answered /healthz with \(health) while PostgreSQL was down")
            let api = try ReplicaTests.curl(["-b", jar, "-w", "\n%{http_code} %{content_type}", replica.base + "/api/v1/contracts"])
            #expect(api.contains("\n503 application/problem+json"), "replica \(index + 1) answered the API with \(api.suffix(300))")
            #expect(!api.contains("SELECT") && !api.contains("FROM "), "the problem document shows SQL: \(api)")
        }
        try cluster.startServer()
        for (index, replica) in replicas.enumerated() {
            do {
                try await waitUntil("replica \(index + 1) to reach PostgreSQL again", seconds: 120, every: .milliseconds(250)) {
                    try ReplicaTests.status(replica.base + "/healthz", jar: jar) == 200
                }
            } catch {
                Issue.record("replica \(index + 1) (running: \(replica.process.isRunning)) did not come back: \(replica.log.suffix(3000))")
                throw error
            }
            let status = try ReplicaTests.status(replica.base + "/dashboard", jar: jar)
            #expect(status == 200, "after the PostgreSQL restart, replica \(index + 1) answered the dashboard with \(status)")
        }

        try await waitUntil("every webhook to be sent", seconds: 900, every: .milliseconds(500)) {
            try ReplicaTests.webhooks(in: db, "state <> 'sent'") == 0
        }
        let total = try ReplicaTests.webhooks(in: db)
        let arrivals = try ReplicaTests.arrivals(at: listener)
        #expect(arrivals.count == total, "every webhook reached the receiver under its own id (\(arrivals.count) ids for \(total) messages)")
        // A webhook arrives again only when a kill or the restart interrupted it between its send and its mark.
        let interruptions = Self.kills + 1
        let overMany = arrivals.filter { $0.value > 1 + interruptions }
        #expect(overMany.isEmpty, "webhook-ids arrived more often than the interruptions allow: \(overMany.prefix(5))")
        let repeats = arrivals.values.reduce(0) { $0 + $1 - 1 }
        // A kill interrupts at most one replica's claimed batch; the restart at most every replica's.
        #expect(repeats <= (Self.kills + Self.replicaCount) * Self.batch, "\(repeats) repeated arrivals for \(interruptions) interruptions")
        for (index, replica) in replicas.enumerated() {
            #expect(await replica.stop() == 0, "replica \(index + 1) did not stop cleanly: \(replica.log.suffix(2000))")
        }
        let verified = try cli.run(["audit", "verify"], db: db)
        #expect(verified.status == 0, "audit verify after the kills: \(verified.stdout)\(verified.stderr)")
    }
}
