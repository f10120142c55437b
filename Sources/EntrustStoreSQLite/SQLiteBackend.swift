import EntrustCore
import EntrustStore
import Foundation
import GRDB

/// entrust's embedded engine: GRDB on the system libsqlite3.
///
/// On disk it is a `DatabasePool` in WAL mode with a busy timeout, because the CLI and the server share one file; in
/// tests it can be an in-memory `DatabaseQueue`. Every GRDB failure leaves this module as an `EngineError`.
public struct SQLiteBackend: StoreBackend {
    let writer: any DatabaseWriter

    public var dialect: Dialect { .sqlite }

    init(_ writer: any DatabaseWriter) { self.writer = writer }

    /// Opens (or creates) the database file at `path` and brings its schema up to date. A statement that finds
    /// another process writing waits up to `busyTimeout` seconds for it before it fails as busy.
    public static func open(path: String, clock: any EntrustCore.Clock = SystemClock(),
                            busyTimeout: TimeInterval = defaultBusyTimeout) throws -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: folder.path) {
            throw StoreError.invalid(field: "--db", value: path, reason: "the folder \(folder.path) does not exist")
        }
        let pool = try translate { try DatabasePool(path: path, configuration: configuration(busyTimeout: busyTimeout)) }
        return try AppDatabase(SQLiteBackend(pool), clock: clock)
    }

    /// A fresh database in memory, for tests.
    public static func inMemory(clock: any EntrustCore.Clock = SystemClock()) throws -> AppDatabase {
        let queue = try translate { try DatabaseQueue(configuration: configuration()) }
        return try AppDatabase(SQLiteBackend(queue), clock: clock)
    }

    /// How long the server waits for another writer: a request or a planner pass that waits longer is retried.
    public static let defaultBusyTimeout: TimeInterval = 10

    static func configuration(busyTimeout: TimeInterval = defaultBusyTimeout) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // The CLI and `entrust serve` write to the same file: wait for the other writer instead of failing.
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            // WAL makes NORMAL durable across crashes of the process (only a power loss can lose the last commits).
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return config
    }

    // MARK: - StoreBackend

    public func read<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try Self.translate { try writer.read { db in try body(SQLiteSession(db)) } }
    }

    public func write<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try Self.translate { try writer.write { db in try body(SQLiteSession(db)) } }
    }

    public func writeWithoutTransaction<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try Self.translate { try writer.writeWithoutTransaction { db in try body(SQLiteSession(db)) } }
    }

    public func bulkWrite<T>(commit: Bool, _ body: (any StoreSession) throws -> T) throws -> T {
        try Self.translate {
            try writer.writeWithoutTransaction { db in
                // Foreign keys are not enforced inside the load's transaction (the pragma cannot change within one,
                // hence here): SQLite would look each loan's group up again, a third of the insert's cost. Every group
                // id the loan import writes comes from savings_group as read inside the same transaction, under the
                // write lock, and so do the association and contract ids of the events and obligations it records;
                // nothing is deleted that other rows point to.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                // A bigger page cache for the unique index while bulk-inserting; bounded, so memory stays constant.
                try db.execute(sql: "PRAGMA cache_size = -65536")
                defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
                var result: T?
                // IMMEDIATE: take the write lock before reading, so nothing read can change before the load writes.
                try db.inTransaction(.immediate) {
                    result = try body(SQLiteSession(db))
                    return commit ? .commit : .rollback
                }
                return result!
            }
        }
    }

    public func migrate(_ migrations: [Migration]) throws {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            guard let sql = migration.sql(for: .sqlite) else {
                throw StoreError.database("migration \(migration.id) has no SQLite form; this entrust cannot open the database")
            }
            migrator.registerMigration(migration.id) { db in
                try db.execute(sql: sql)
                try migration.data?(SQLiteSession(db))
            }
        }
        try Self.translate { try migrator.migrate(writer) }
    }

    /// SQLite's journal mode: "wal" on disk, "memory" for a database in memory.
    public func journalMode() throws -> String {
        try read { db in try db.fetchOne(String.self, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Runs `body`, turning GRDB's `DatabaseError` into the stores' `EngineError`.
    static func translate<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError { throw EngineError(error) }
    }
}
