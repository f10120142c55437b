import NIOPosix

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

    /// Runs `body` on one of the store threads.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}
