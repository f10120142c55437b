import EntrustCore
import Foundation

/// The one owner of entrust's storage: a `StoreBackend` (SQLite or PostgreSQL) and the injected clock.
///
/// The stores take an `AppDatabase` and reach the engine only through `backend`'s sessions, so they run unchanged on
/// either engine. Every migration is listed in `AppDatabase+Migrations.swift` and runs when the database is opened.
/// Opening by path or URL is the engines' business: `SQLiteBackend.open(path:clock:)` in `EntrustStoreSQLite`.
public struct AppDatabase: Sendable {
    public let backend: any StoreBackend
    public let clock: any EntrustCore.Clock

    /// Wraps a backend and brings its schema up to date (`migrate: false` only to read a file as it is, such as an
    /// export that `import district` checks before anything else).
    public init(_ backend: any StoreBackend, clock: any EntrustCore.Clock = SystemClock(), migrate: Bool = true) throws {
        self.backend = backend
        self.clock = clock
        if migrate { try backend.migrate(Self.migrations) }
    }

    /// The engine's SQL dialect.
    public var dialect: Dialect { backend.dialect }

    /// Today in Asia/Ho_Chi_Minh, from the injected clock.
    public var today: LocalDate { clock.today() }

    /// Whether the database answers a query (for health checks).
    public func ping() throws -> Bool {
        try backend.read { db in try db.fetchOne(Int.self, sql: "SELECT 1") == 1 }
    }
}
