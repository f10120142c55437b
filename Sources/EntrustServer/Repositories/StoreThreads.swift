import NIOPosix
import Synchronization

/// The threads that run synchronous store calls for the server.
///
/// Not `NIOThreadPool.singleton`: that pool has one thread per core (two on a small node), so a planner pass and one
/// slow request were enough to queue `/healthz` behind them while PostgreSQL was away. Store calls mostly wait on
/// the database rather than use a core, so they get more threads than there are pooled connections; bcrypt, which
/// does use a core, stays on the singleton.
enum StoreThreads {
    static let count = 16
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: count)
        pool.start()
        return pool
    }()

    /// Two threads of their own for `runAbandonable` (the health probe): abandoned probes waiting on a stuck database
    /// pile up here, never on the threads the requests use.
    static let probePool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    /// Runs `body` on one of the store threads.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }

    /// Like `run`, on `probePool`, but a caller that is cancelled stops waiting at once: the call goes on on its thread
    /// and its result is dropped. Only for reads whose answer may be thrown away (the health probe); never for a write, whose caller
    /// must know whether it happened.
    static func runAbandonable<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let answer = FirstResult<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                guard answer.attach(continuation) else { return }
                probePool.submit { state in
                    answer.settle(state == .active ? Result { try body() } : .failure(CancellationError()))
                }
            }
        } onCancel: {
            answer.settle(.failure(CancellationError()))
        }
    }

    /// Resumes a continuation once, with whichever result comes first: the call's or the cancellation's.
    private final class FirstResult<T: Sendable>: Sendable {
        private struct State: Sendable {
            var continuation: CheckedContinuation<T, any Error>?
            var settled = false
        }
        private let state = Mutex(State())

        /// Keeps the continuation; false (and resumed with CancellationError) when cancellation came first.
        func attach(_ continuation: CheckedContinuation<T, any Error>) -> Bool {
            let cancelled = state.withLock { state in
                if state.settled { return true }
                state.continuation = continuation
                return false
            }
            if cancelled { continuation.resume(throwing: CancellationError()) }
            return !cancelled
        }

        func settle(_ result: Result<T, any Error>) {
            let waiting = state.withLock { state -> CheckedContinuation<T, any Error>? in
                if state.settled { return nil }
                state.settled = true
                defer { state.continuation = nil }
                return state.continuation
            }
            waiting?.resume(with: result)
        }
    }
}
