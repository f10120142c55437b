import Foundation
import Hummingbird

/// `GET /healthz` (the database answers) and `GET /metrics` (Prometheus text). Neither needs signing in; neither
/// shows data beyond counts.
struct OperationsController {
    let repositories: Repositories
    let metrics: ServerMetrics

    struct Health: Encodable {
        var status: String
        var database: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in
            let ok = (try? await repositories.accounts.ping()) ?? false
            return try APIController.json(Health(status: ok ? "ok" : "failing", database: ok ? "answers" : "does not answer"),
                                          status: ok ? .ok : .serviceUnavailable)
        }
        router.get("metrics") { _, _ in
            if let counts = try? await repositories.outbox.counts() { metrics.outbox(counts) }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: metrics.text())))
        }
    }
}
