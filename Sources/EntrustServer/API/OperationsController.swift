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

    /// How long `/healthz` waits for the database before it answers 503: a load balancer's check must get an answer
    /// in time even when every store thread is waiting on a database that went away.
    static let healthBudget: Duration = .seconds(2)

    /// Whether `probe` says true within `budget`. When the budget runs out first the probe is cancelled (the
    /// database ping then stops waiting; its call is left to finish on its thread).
    static func answers(within budget: Duration, _ probe: @escaping @Sendable () async throws -> Bool) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await probe()) ?? false }
            group.addTask {
                try? await Task.sleep(for: budget)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in
            let accounts = repositories.accounts
            let ok = await Self.answers(within: Self.healthBudget) { try await accounts.ping() }
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
