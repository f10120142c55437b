import EntrustStore
import Foundation

/// The PostgreSQL engine behind the stores (`StoreBackend`): one pool of connections to one database.
///
/// Every call blocks the calling thread, which must not be one of NIO's event loops (the server calls the stores from
/// its thread pool). `read` runs in a REPEATABLE READ, READ ONLY transaction (one snapshot, as a SQLite read sees);
/// `write` in a READ COMMITTED transaction, where concurrent writers wait on row locks. A connection that breaks is
/// dropped and the next call opens a new one, so a restarted server is picked up without a restart of entrust.
public final class PostgresBackend: StoreBackend {
    public let url: PostgresURL
    let pool: PostgresConnectionPool

    public var dialect: Dialect { .postgres }

    /// Parses `url` (see `PostgresURL`) and opens one connection to check that the server, the credentials and the
    /// database are all right. It does not migrate: call `migrate` for that.
    ///
    /// - Parameters:
    ///   - maxConnections: the pool's size; callers beyond it wait up to 30 seconds for a free connection.
    /// - Throws: `PostgresError`, one sentence naming what is wrong.
    public convenience init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            maxConnections: Int = 10) throws {
        try self.init(url: PostgresURL(parsing: url, environment: environment), maxConnections: maxConnections)
    }

    public init(url: PostgresURL, maxConnections: Int = 10) throws {
        self.url = url
        self.pool = try PostgresConnectionPool(url: url, maxConnections: maxConnections)
        let connection = try pool.checkout()
        pool.checkin(connection, reusable: true)
    }

    /// Closes the idle connections (those in use close when their closure returns).
    public func close() {
        pool.close()
    }

    /// The last reference gone (an `AppDatabase` dropped), its connections go too, so the server's slots are not
    /// held by a backend nobody can reach.
    deinit { pool.close() }

    // MARK: - StoreBackend

    public func read<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try withSession(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", commit: true) { try body($0) }
    }

    public func write<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try withSession(begin: "BEGIN", commit: true) { try body($0) }
    }

    public func writeWithoutTransaction<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try withSession(begin: nil, commit: true) { try body($0) }
    }

    public func bulkWrite<T>(commit: Bool, _ body: (any StoreSession) throws -> T) throws -> T {
        try withSession(begin: "BEGIN", commit: commit) { try body($0) }
    }

    // MARK: - PostgreSQL's own

    /// Runs `body` in one write transaction with the concrete session, for what only PostgreSQL has (advisory locks).
    public func transaction<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try withSession(begin: "BEGIN", commit: true, body)
    }

    /// Runs `body` on one connection outside a transaction; session-level advisory locks taken in it are released
    /// when it returns.
    public func session<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try withSession(begin: nil, commit: true, body)
    }

    /// Lends one connection to `body`, inside `begin … COMMIT` (or ROLLBACK when `commit` is false or `body` throws).
    ///
    /// Once the backend is open, a server that cannot be reached is an `EngineError` of kind `.unavailable`, which
    /// the stores report as "the database server does not answer" (503 over HTTP); the `PostgresError` naming the
    /// place stays in its detail, for the logs.
    private func withSession<T>(begin: String?, commit: Bool, _ body: (PostgresSession) throws -> T) throws -> T {
        do {
            return try withOpenSession(begin: begin, commit: commit, body)
        } catch let error as PostgresError where error.meansUnavailable {
            throw EngineError(kind: .unavailable, code: "08006", detail: error.description)
        }
    }

    private func withOpenSession<T>(begin: String?, commit: Bool, _ body: (PostgresSession) throws -> T) throws -> T {
        let session = try openSession(begin: begin)
        defer { finish(session) }
        guard begin != nil else { return try body(session) }
        do {
            let value = try body(session)
            session.inTransaction = false
            try session.run(commit ? "COMMIT" : "ROLLBACK", [])
            return value
        } catch {
            session.inTransaction = false
            session.rollbackQuietly()
            throw error
        }
    }

    /// A session whose first statement has gone through; a pooled connection that died while idle (the server
    /// restarted) is replaced once.
    private func openSession(begin: String?) throws -> PostgresSession {
        var attempt = 0
        while true {
            attempt += 1
            let session = PostgresSession(connection: try pool.checkout(), url: url, logger: pool.logger)
            guard let begin else { return session }
            do {
                try session.run(begin, [])
                session.inTransaction = true
                return session
            } catch let error as PostgresError {
                pool.checkin(session.connection, reusable: false)
                guard case .connectionLost = error, attempt < 2 else { throw error }
            } catch {
                pool.checkin(session.connection, reusable: false)
                throw error
            }
        }
    }

    private func finish(_ session: PostgresSession) {
        var reusable = !session.isBroken && !session.inTransaction
        if reusable, session.holdsSessionLocks {
            // The next borrower must not inherit a lease: release, or else close the connection (which releases).
            reusable = (try? session.run("SELECT pg_advisory_unlock_all()", [])) != nil
        }
        pool.checkin(session.connection, reusable: reusable)
    }
}
