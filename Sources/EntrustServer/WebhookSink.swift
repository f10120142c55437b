import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// The receiving end of `entrust bench`'s delivery stage: answers every POST with 204, counts what arrived and how
/// many distinct `webhook-id`s it saw, and tells at `GET /stats` (`requests bytes ids`). It is the listener whose own capacity (measured with `wrk`) is the baseline the
/// worker's delivery rate is compared with, so it does as little as a real receiver would: read the body, answer.
public final class WebhookSinkCounter: Sendable {
    private let state = Mutex<(requests: Int, bytes: Int, ids: Set<String>)>((0, 0, []))
    public init() {}

    func record(id: String?, bytes: Int) {
        state.withLock { value in
            value.requests += 1
            value.bytes += bytes
            if let id { value.ids.insert(id) }
        }
    }

    /// Requests, body bytes and distinct webhook-ids so far.
    public var totals: (requests: Int, bytes: Int, distinctIDs: Int) {
        state.withLock { ($0.requests, $0.bytes, $0.ids.count) }
    }
}

/// Runs the sink on `host:port` until SIGTERM or SIGINT.
public func runWebhookSink(host: String, port: Int, counter: WebhookSinkCounter,
                           onListening: @escaping @Sendable (Int) async -> Void) async throws {
    let router = Router()
    router.post("**") { request, _ -> Response in
        let body = try await request.body.collect(upTo: 1 << 20)
        counter.record(id: request.headers[HTTPField.Name("webhook-id")!], bytes: body.readableBytes)
        return Response(status: .noContent)
    }
    router.get("stats") { _, _ -> String in
        let totals = counter.totals
        return "\(totals.requests) \(totals.bytes) \(totals.distinctIDs)\n"
    }
    var logger = Logger(label: "entrust.bench.sink")
    logger.logLevel = .warning
    let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "entrust-sink"),
                          onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) }, logger: logger)
    try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
}
