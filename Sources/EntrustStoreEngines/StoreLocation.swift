import EntrustCore
import EntrustStore
import EntrustStorePostgres
import EntrustStoreSQLite
import Foundation

/// Where the data lives, as `--db` or `$ENTRUST_DB` names it: a SQLite file, or a PostgreSQL database by URL.
///
/// This module is the one place that knows both engines: the executable and the tests open a database here, and
/// everything they hand the `AppDatabase` to (stores, server, planner, worker) sees only `StoreBackend`.
public enum StoreLocation: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// `postgres://…` and `postgresql://…` (any case) are PostgreSQL; anything else is a SQLite file path.
    public init(_ text: String) {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            self = .sqlite(path: text)
        }
    }

    public var dialect: Dialect {
        switch self {
        case .sqlite: return .sqlite
        case .postgres: return .postgres
        }
    }

    /// For messages and logs: the path, or the URL with its password hidden.
    public var description: String {
        switch self {
        case let .sqlite(path): return path
        case let .postgres(url): return (try? PostgresURL(parsing: url, environment: [:]).description) ?? "a PostgreSQL URL"
        }
    }
}

extension AppDatabase {
    /// Opens the database at `location` and brings its schema up to date (on PostgreSQL under an advisory lock, so
    /// replicas that start together migrate once).
    ///
    /// - Parameters:
    ///   - environment: where `$PGPASSWORD` is read from when the URL has no password.
    ///   - maxConnections: PostgreSQL's pool size (SQLite's pool sizes itself).
    ///   - busyTimeout: SQLite only: seconds a statement waits for another process's write (PostgreSQL waits on
    ///     row locks by itself).
    /// - Throws: `StoreError` for a SQLite path that cannot be used, `PostgresError` (one sentence, no secret) for a
    ///   PostgreSQL URL, server or database that cannot be used.
    public static func open(_ location: StoreLocation, clock: any EntrustCore.Clock = SystemClock(),
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            maxConnections: Int = 10, busyTimeout: TimeInterval = SQLiteBackend.defaultBusyTimeout) throws -> AppDatabase {
        switch location {
        case let .sqlite(path):
            return try SQLiteBackend.open(path: path, clock: clock, busyTimeout: busyTimeout)
        case let .postgres(url):
            let backend = try PostgresBackend(url: url, environment: environment, maxConnections: maxConnections)
            return try AppDatabase(backend, clock: clock)
        }
    }

    /// Opens `--db`'s text: `open(StoreLocation(text), …)`.
    public static func open(location text: String, clock: any EntrustCore.Clock = SystemClock(),
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            maxConnections: Int = 10, busyTimeout: TimeInterval = SQLiteBackend.defaultBusyTimeout) throws -> AppDatabase {
        try open(StoreLocation(text), clock: clock, environment: environment, maxConnections: maxConnections, busyTimeout: busyTimeout)
    }
}

extension AppDatabase {
    /// An export file (`entrust export`), read-only and as it is.
    public static func openExport(path: String, clock: any EntrustCore.Clock = SystemClock()) throws -> AppDatabase {
        try SQLiteBackend.openReadOnly(path: path, clock: clock)
    }
}
