import ArgumentParser
import Dispatch
import EntrustCore
import EntrustDelivery
import EntrustGateways
import EntrustStore
import Foundation

struct DeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "The outbox worker: send what is due through the webhook and email gateways.",
        discussion: """
            --once sends everything due now and stops; --loop keeps looking until SIGTERM or Ctrl-C, which \
            let the sends in flight finish and claim nothing more. Email needs ENTRUST_SMTP_URL and ENTRUST_SMTP_FROM \
            (see `entrust email test`); without them email messages wait in the outbox. A message left in `sending` \
            by a killed worker is sent again, with the same webhook-id, once its lease has run out.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Send everything due now, then stop.") var once = false
    @Flag(help: "Keep running until SIGTERM.") var loop = false
    @Option(help: "Sends in flight at once (transfer threads).", transform: Bounds.int(Bounds.threads)) var concurrency: Int = 4
    @Option(help: "Messages claimed per transaction.", transform: Bounds.int(Bounds.rows)) var batch: Int = 50
    @Option(name: .customLong("record-every"),
            help: "Outcomes recorded per transaction (1: each send at once). A crash sends up to this many finished messages again (same webhook-id).",
            transform: Bounds.int(1...1000))
    var recordEvery: Int = 50
    @Option(help: "Seconds a claimed message stays leased before another worker may rescue it.", transform: Bounds.int(Bounds.seconds)) var lease: Int = 120
    @Option(help: "Seconds between looks at the outbox when idle (--loop).", transform: Bounds.seconds(0.01...3600)) var poll: Double = 1
    @Option(help: "Retry delays, the last one before giving up.") var backoff: String = "5s,5m,30m,2h,5h,10h,10h"
    @Option(name: .customLong("connect-timeout"), help: "Seconds allowed to connect to a webhook endpoint.", transform: Bounds.int(1...600)) var connectTimeout: Int = 5
    @Option(help: "Seconds allowed for a whole webhook request.", transform: Bounds.int(1...3600)) var timeout: Int = 15
    @Option(name: .customLong("ca-file"), help: "PEM file of CAs to trust for https endpoints (default: the system's).") var caFile: String?

    func run() async throws {
        try await guardedAsync {
            guard once != loop else {
                throw StoreError.invalid(field: "--once/--loop", value: "", reason: "give exactly one of --once or --loop")
            }
            for (name, value, range) in [("--concurrency", concurrency, 1...64), ("--batch", batch, 1...1000), ("--lease", lease, 1...86_400),
                                         ("--connect-timeout", connectTimeout, 1...300), ("--timeout", timeout, 1...3600)] where !range.contains(value) {
                throw StoreError.invalid(field: name, value: String(value), reason: "expected \(range.lowerBound) to \(range.upperBound)")
            }
            // A worker retries a busy pass by itself, as the server does.
            let database = try global.openDatabase(busyTimeout: GlobalOptions.serverBusyTimeout)
            let rules = try global.reminderRules()
            let templates = try global.notificationTemplates(checking: rules)
            try CurlRuntime.initialize()
            let pool = try TransferPool(concurrency: concurrency)
            defer { pool.shutdown() }
            let clock = database.clock
            let webhook = WebhookSender(pool: pool, options: WebhookOptions(
                connectTimeout: .seconds(connectTimeout), totalTimeout: .seconds(timeout), caFile: caFile,
                userAgent: "entrust/\(EntrustVersion.string)"), clock: clock)
            let mail = try global.smtpConfig().map { SMTPSender(config: $0, pool: pool, clock: clock) }
            if mail == nil {
                printNow(global.language == .vi ? "chưa cấu hình email (ENTRUST_SMTP_URL): tin email sẽ chờ trong outbox"
                                                : "email is not configured (ENTRUST_SMTP_URL): email messages wait in the outbox")
            }
            let worker = DeliveryWorker(
                outbox: OutboxStore(database), endpoints: EndpointStore(database), webhook: webhook, mail: mail, templates: templates,
                clock: clock, configuration: .init(batchSize: batch, concurrency: concurrency, lease: .seconds(lease),
                                                   backoff: try BackoffSchedule.parse(backoff, field: "--backoff"),
                                                   workerID: ReplicaIdentity.current,
                                                   quietHours: rules.quietHours, recordEvery: recordEvery),
                log: { printNow($0) })
            let stop = StopSignal()
            let handlers = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    printNow("stopping: finishing the sends in flight, claiming nothing more")
                    stop.request()
                }
                source.resume()
                return source
            }
            defer { handlers.forEach { $0.cancel() } }
            let report = once ? try await worker.drain(stop: stop)
                              : try await worker.run(until: stop, pollInterval: .milliseconds(Int(max(0.05, poll) * 1000)))
            for code in Set(report.disabledEndpoints).sorted() {
                printNow(global.language == .vi ? "endpoint \(code) đã bị tắt: bên nhận trả lời 410 Gone"
                                                : "endpoint \(code) was disabled: the receiver answered 410 Gone")
            }
            printNow("delivered: \(report.sent) sent, \(report.retrying) to retry, \(report.dead) dead, \(report.cancelled) cancelled")
        }
    }
}
