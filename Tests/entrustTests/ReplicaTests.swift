@testable import EntrustTestSupport
import EntrustEngineTestSupport
import Foundation
import Testing

/// Two `entrust serve` replicas on one PostgreSQL database, as behind a load balancer: they share the outbox (each
/// webhook claimed by one of them, `FOR UPDATE SKIP LOCKED`) and the sign-ins (a session made on one is valid on the
/// other).
@Suite(.serialized, .serverLogOnFailure) struct ReplicaTests {
    @Test func twoReplicasDeliverEveryWebhookOnceAndHonourEachOthersSessions() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try await cli.useDemo()
        let cluster = try TestEngine.postgres.location(in: cli.folder)
        let password = try Self.moveDemo(cli, into: cluster)

        let directory = try TemporaryDirectory("replicas")
        // 50 ms an answer: four sends at a time, one replica alone would need half a minute for the outbox, so the
        // second one, started a few seconds later, finds plenty left to claim.
        let listener = try await WebhookListener.start([.init(status: 200, delay: 0.05)], in: directory)
        defer { listener.stop() }
        for _ in 1...2 { #expect(try cli.run(["endpoints", "add", "--url", listener.url, "--events", "*"], db: cluster).status == 0) }
        #expect(try cli.run(["reminders", "plan", "--until", "2024-03-22"], db: cluster).status == 0)
        func webhooks(_ condition: String = "TRUE") throws -> Int { try Self.webhooks(in: cluster, condition) }
        let planned = try webhooks()
        try #require(planned >= 2000, "only \(planned) webhooks planned")
        let lastPlanned = try Self.webhooks(in: cluster, column: "MAX(id)")

        // The real clock, so that the planned March 2024 reminders are all due; no quiet hours.
        let options = ["--poll", "0.2", "--concurrency", "4", "--plan-every", "3600"]
        let environment = ["ENTRUST_NOTIFICATIONS": try cli.notificationsWithoutQuietHours()]
        // The outbox waits until both replicas are up: on a loaded machine the second one took longer to start
        // than the first one took to send everything.
        try Self.shiftWaitingWebhooks(in: cluster, by: Self.heldFor)
        let first = try await ServeProcess(cli: cli, db: cluster, extra: options, environment: environment, unset: ["ENTRUST_TODAY"])
        let second = try await ServeProcess(cli: cli, db: cluster, extra: options, environment: environment, unset: ["ENTRUST_TODAY"])
        try Self.shiftWaitingWebhooks(in: cluster, by: -Self.heldFor)

        // A session made on the first replica is valid on the second.
        let jar = cli.path("cookies.txt")
        try Self.signIn(first.base, jar: jar, password: password)
        let dashboard = try Self.status(second.base + "/dashboard", jar: jar)
        #expect(dashboard == 200, "the second replica did not honour the first one's session: \(dashboard)")

        // The ones planned above; the replicas' own planner, on the real clock, may add reminders of the coming days.
        try await waitUntil("every webhook to be sent", seconds: 600, every: .milliseconds(500)) {
            try webhooks("state <> 'sent' AND id <= \(lastPlanned)") == 0
        }
        // A replica stops once its planner pass is over: on the real clock it dates two years of the demo's
        // obligations and meetings, which a loaded machine's debug build takes minutes over.
        for (name, replica) in [("first", first), ("second", second)] {
            let status = await replica.stop(timeout: .seconds(600))
            #expect(status == 0, "the \(name) replica stopped with \(status): \(replica.log.suffix(3000))")
        }
        let sent = try webhooks("state = 'sent'")
        let arrivals = try Self.arrivals(at: listener)
        #expect(arrivals.count == sent && sent >= planned, "every webhook sent reached the receiver under its own id")
        let repeated = arrivals.filter { $0.value > 1 }
        #expect(repeated.isEmpty, "with no replica killed, no webhook-id may arrive twice: \(repeated.prefix(5))")
        #expect(first.log.contains("delivered: ") && second.log.contains("delivered: "), "both replicas took a share of the outbox")
        #expect(try cli.run(["audit", "verify"], db: cluster).status == 0)
    }

    /// `deploy/haproxy.cfg`, the sample load balancer in front of the replicas, is one that Debian's haproxy accepts
    /// (`haproxy -c`), with a generated certificate in place of the production one; a broken copy is refused.
    @Test func theSampleLoadBalancerConfigurationIsOneHAProxyAccepts() throws {
        let directory = try TemporaryDirectory("haproxy")
        let certificate = try SelfSignedCertificate(in: directory)
        let pem = directory.path("entrust.pem")
        try (String(contentsOfFile: certificate.certificatePath, encoding: .utf8) + String(contentsOfFile: certificate.keyPath, encoding: .utf8))
            .write(toFile: pem, atomically: true, encoding: .utf8)
        let sample = try String(contentsOf: CLI.packageRoot.appendingPathComponent("deploy/haproxy.cfg"), encoding: .utf8)
        let production = "/etc/haproxy/certs/entrust.pem"
        try #require(sample.contains(production), "the sample names its certificate at \(production)")
        func check(_ text: String) throws -> (status: Int32, output: String) {
            let path = directory.path("haproxy-\(UUID().uuidString.prefix(8)).cfg")
            try text.replacingOccurrences(of: production, with: pem).write(toFile: path, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/haproxy")
            process.arguments = ["-c", "-f", path]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        let shipped = try check(sample)
        #expect(shipped.status == 0, "haproxy refuses deploy/haproxy.cfg: \(shipped.output)")
        let broken = try check(sample + "\nbackend broken\n    balance no_such_algorithm\n")
        #expect(broken.status != 0, "haproxy -c accepted a broken configuration: \(broken.output)")
    }

    /// Moves the demo district (already in `cli`'s SQLite file) into the PostgreSQL database `cluster` with
    /// `export` / `import district`, and adds the admin `replica.admin`; returns that admin's password.
    static func moveDemo(_ cli: CLI, into cluster: String) throws -> String {
        let export = cli.path("demo.export")
        try cli.ok(["export", "--out", export])
        let imported = try cli.run(["import", "district", export], db: cluster)
        try #require(imported.status == 0, "\(imported.stderr)")
        let added = try cli.run(["users", "add", "replica.admin", "--role", "admin"], db: cluster)
        let password = try #require(added.stdout.split(separator: "\n").first { $0.hasPrefix("password: ") }?.dropFirst("password: ".count),
                                    "\(added.stdout)\(added.stderr)")
        return String(password)
    }

    /// Signs `replica.admin` in on the replica at `base`, keeping the session cookie in the curl jar `jar`.
    static func signIn(_ base: String, jar: String, password: String) throws {
        let form = try curl(["-c", jar, base + "/login"])
        let csrf = try #require(form.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1, "no CSRF token on the sign-in page")
        _ = try curl(["-b", jar, "-c", jar, "-o", "/dev/null", "--data-urlencode", "_csrf=\(csrf)", "--data-urlencode", "username=replica.admin",
                      "--data-urlencode", "password=\(password)", base + "/login"])
        let cookies = try String(contentsOfFile: jar, encoding: .utf8)
        #expect(cookies.contains("entrust_session"), "signing in on \(base) gave no session: \(cookies)")
    }

    /// Moves every waiting webhook of `cluster` `milliseconds` later (or earlier, when negative). Held `heldFor`
    /// later (126 years: past any planning window, so the planner leaves them alone), no replica claims one; the
    /// release moves back only what was held.
    static func shiftWaitingWebhooks(in cluster: String, by milliseconds: Int64) throws {
        let heldOnly = milliseconds < 0 ? " AND next_attempt_ms >= \(heldFor)" : ""
        _ = try csvQuery(.postgres, cluster, "UPDATE outbox_message SET next_attempt_ms = next_attempt_ms + (\(milliseconds)) "
                         + "WHERE channel = 'webhook' AND state IN ('scheduled', 'available', 'retrying')" + heldOnly)
    }

    static let heldFor: Int64 = 4_000_000_000_000

    /// How many webhook messages of the outbox of `cluster` meet `condition` (SQL), or another aggregate `column` of them.
    static func webhooks(in cluster: String, _ condition: String = "TRUE", column: String = "COUNT(*)") throws -> Int {
        let text = try csvQuery(.postgres, cluster, "SELECT \(column) AS n FROM outbox_message WHERE channel = 'webhook' AND \(condition)")
        return Int(text.split(separator: "\n").last ?? "") ?? -1
    }

    /// How often each webhook-id reached `listener`.
    static func arrivals(at listener: WebhookListener) throws -> [String: Int] {
        var arrivals: [String: Int] = [:]
        for request in try listener.requests() { arrivals[request.header("webhook-id") ?? "", default: 0] += 1 }
        return arrivals
    }

    /// The HTTP status of a GET of `url` with the session in `jar` (0: no answer).
    static func status(_ url: String, jar: String) throws -> Int {
        Int(try curl(["-b", jar, "-o", "/dev/null", "-w", "%{http_code}", url])) ?? 0
    }

    static func curl(_ arguments: [String]) throws -> String {
        try toolOutput("/usr/bin/curl", ["-s", "-m", "60"] + arguments)
    }
}
