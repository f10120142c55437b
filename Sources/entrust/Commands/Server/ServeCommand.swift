import ArgumentParser
import EntrustCore
import EntrustDelivery
import EntrustGateways
import EntrustServer
import EntrustStore
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server (JSON API, web pages, ICS feeds), the outbox worker and the reminder planner.",
        discussion: """
            One process under swift-service-lifecycle: SIGTERM or Ctrl-C stops accepting connections, lets requests and \
            sends in flight finish, and exits. GET /healthz answers whether the database answers; GET /metrics serves \
            Prometheus text. --port 0 picks a free port; the line `listening on http://HOST:PORT` is printed on stdout. \
            Behind a TLS proxy, pass --trust-proxy (X-Forwarded-Proto and X-Forwarded-For are believed) or --secure-cookies. \
            Every configuration file (contract templates, calendars, fees, scorecards, reminder rules and message templates) \
            is checked before the database is opened: any problem stops the server, naming each file and line.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port).", transform: Bounds.int(Bounds.port)) var port: Int = 8080
    @Option(name: .customLong("idle-minutes"), help: "A session unused this long ends.", transform: Bounds.int(Bounds.minutes)) var idleMinutes: Int = 30
    @Flag(name: .customLong("secure-cookies"), help: "Mark cookies Secure (the server is reached over https).") var secureCookies = false
    @Flag(name: .customLong("trust-proxy"), help: "Believe X-Forwarded-Proto/-For from a reverse proxy.") var trustProxy = false
    @Option(name: .customLong("proxy-hops"),
            help: "With --trust-proxy: how many proxies append to X-Forwarded-For; the client is the entry this many from the right.",
            transform: Bounds.int(1...10))
    var proxyHops: Int = 1
    @Option(name: .customLong("connection-idle-seconds"),
            help: "Close a connection that sends nothing, or not a whole request head, for this many seconds.",
            transform: Bounds.int(Bounds.seconds))
    var connectionIdleSeconds: Int = 30
    @Option(name: .customLong("plan-every"), help: "Seconds between planner runs (horizons and reminders).", transform: Bounds.int(Bounds.seconds)) var planEvery: Int = 900
    @Option(name: .customLong("record-every"),
            help: "Outcomes recorded per transaction (1: each send at once). A crash sends up to this many finished messages again (same webhook-id).",
            transform: Bounds.int(1...1000))
    var recordEvery: Int = 50
    @Option(name: .customLong("retention-days"),
            help: "After each planner pass, delete sent and cancelled messages older than this many days (at least 7; 0: keep them all).",
            transform: Bounds.int(0...36_500))
    var retentionDays: Int = 90
    @Option(help: "Seconds between looks at the outbox when idle.", transform: Bounds.seconds(0.01...3600)) var poll: Double = 1
    @Option(help: "Sends in flight at once.", transform: Bounds.int(Bounds.threads)) var concurrency: Int = 4
    @Option(help: "Seconds a claimed message stays leased: if this replica dies, another one sends it again after this long.",
            transform: Bounds.int(Bounds.seconds)) var lease: Int = 120
    @Flag(name: .customLong("no-background"),
          help: "Serve pages and the API only: no planner and no delivery worker (run `entrust deliver --loop` and `reminders plan` elsewhere).")
    var noBackground = false
    @Option(help: "Retry delays of the outbox worker, the last one before giving up (as for `entrust deliver`).")
    var backoff: String = "5s,5m,30m,2h,5h,10h,10h"

    func run() async throws {
        try await guardedAsync {
            for (name, value, range) in [("--port", port, 0...65_535), ("--idle-minutes", idleMinutes, 1...1440),
                                         ("--plan-every", planEvery, 10...86_400), ("--concurrency", concurrency, 1...64),
                                         ("--lease", lease, 1...86_400), ("--proxy-hops", proxyHops, 1...10), ("--connection-idle-seconds", connectionIdleSeconds, 1...3600)]
            where !range.contains(value) {
                throw StoreError.invalid(field: name, value: String(value), reason: "expected \(range.lowerBound) to \(range.upperBound)")
            }
            if retentionDays != 0 && retentionDays < OutboxStore.minimumRetentionDays {
                throw StoreError.invalid(field: "--retention-days", value: String(retentionDays),
                                         reason: "expected 0 (keep everything) or \(OutboxStore.minimumRetentionDays) to 36500")
            }
            // Every configuration file first: a bad one stops the server before it touches the database or a port.
            let setup = try ServeSetup.load(global, backoff: backoff)
            let database = try global.openDatabase(busyTimeout: GlobalOptions.serverBusyTimeout)
            try CurlRuntime.initialize()
            let pool = try TransferPool(concurrency: concurrency)
            defer { pool.shutdown() }
            let clock = database.clock
            let webhook = WebhookSender(pool: pool, options: WebhookOptions(connectTimeout: .seconds(5), totalTimeout: .seconds(15), caFile: nil,
                                                                            userAgent: "entrust/\(EntrustVersion.string)"), clock: clock)
            let mail = setup.smtp.map { SMTPSender(config: $0, pool: pool, clock: clock) }
            let logger = Logger(label: "entrust")
            let worker = DeliveryWorker(
                outbox: OutboxStore(database), endpoints: EndpointStore(database), webhook: webhook, mail: mail,
                templates: setup.notificationTemplates, clock: clock,
                configuration: .init(concurrency: concurrency, lease: .seconds(lease), backoff: setup.backoff, workerID: ReplicaIdentity.current,
                                     quietHours: setup.rules.quietHours, recordEvery: recordEvery),
                log: { logger.info("\($0)") })
            let metrics = ServerMetrics()
            let repository = StoreRepository(database: database, templates: setup.templates, holidays: setup.holidays,
                                              feeSchedules: setup.feeSchedules)
            let configuration = ServerConfiguration(host: host, port: port, idleSessionSeconds: idleMinutes * 60, secureCookies: secureCookies,
                                                    trustProxy: trustProxy, defaultLanguage: global.language,
                                                    connectionIdleSeconds: connectionIdleSeconds, proxyHops: proxyHops)
            let services: [any BackgroundService] = noBackground ? [] : [
                DeliveryService(worker: worker, pollInterval: .milliseconds(Int(max(0.05, poll) * 1000)), metrics: metrics, logger: logger),
                PlannerService(database: database, rules: setup.rules, holidays: setup.holidays, interval: .seconds(planEvery),
                               retentionDays: retentionDays == 0 ? nil : retentionDays, metrics: metrics, logger: logger),
            ]
            let host = self.host
            try await runServer(repositories: repository.repositories, configuration: configuration, clock: clock, metrics: metrics,
                                services: services, logger: logger, onListening: { port in printNow("listening on http://\(host):\(port)") })
            printNow("stopped")
        }
    }
}
