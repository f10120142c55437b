/// A storage engine: the one owner of its connections, handing out sessions for reads and transactions.
///
/// `EntrustStoreSQLite` implements it on GRDB (a WAL pool on disk, a queue in memory), `EntrustStorePostgres` on
/// postgres-nio. The stores see only this protocol and `StoreSession`, so they run unchanged on either engine.
/// Calls block the calling thread; the server calls them from a thread pool, never from its event loops.
public protocol StoreBackend: Sendable {
    var dialect: Dialect { get }

    /// Runs `body` with a read-only session that sees one consistent snapshot.
    func read<T>(_ body: (any StoreSession) throws -> T) throws -> T

    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws (the error is
    /// rethrown). Writers are serialised or wait for one another (SQLite: busy timeout; PostgreSQL: row locks).
    func write<T>(_ body: (any StoreSession) throws -> T) throws -> T

    /// Runs `body` on a writing connection outside any transaction (each statement commits on its own).
    func writeWithoutTransaction<T>(_ body: (any StoreSession) throws -> T) throws -> T

    /// Runs `body` in one write transaction tuned for a bulk load (the loan import): SQLite takes the write lock at
    /// once and relaxes foreign-key checks the store has made itself; PostgreSQL may use COPY through
    /// `StoreSession.makeLoanWriter`. With `commit: false` the transaction is rolled back after `body` returns (a
    /// dry run); a throw always rolls back.
    func bulkWrite<T>(commit: Bool, _ body: (any StoreSession) throws -> T) throws -> T

    /// Brings the schema up to date: runs, in order, each migration of `migrations` not yet applied, each in its own
    /// transaction, recording its id. A backend whose dialect a migration has no SQL for must refuse to open.
    func migrate(_ migrations: [Migration]) throws
}
