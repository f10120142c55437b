import Foundation
import Hummingbird
import Synchronization

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

    /// Whether `probe` says true within `budget`. A probe still running then is left to finish on its own; its answer
    /// is dropped.
    static func answers(within budget: Duration, _ probe: @escaping @Sendable () async throws -> Bool) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let answer = FirstAnswer(continuation)
            let timer = Task {
                try? await Task.sleep(for: budget)
                answer.settle(false)
            }
            Task {
                answer.settle((try? await probe()) ?? false)
                timer.cancel()
            }
        }
    }

    /// Resumes its continuation with the first value it is given and ignores the rest.
    private final class FirstAnswer: Sendable {
        private let continuation: Mutex<CheckedContinuation<Bool, Never>?>
        init(_ continuation: CheckedContinuation<Bool, Never>) { self.continuation = Mutex(continuation) }
        func settle(_ value: Bool) {
            let waiting = continuation.withLock { waiting in
                defer { waiting = nil }
                return waiting
            }
            waiting?.resume(returning: value)
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
