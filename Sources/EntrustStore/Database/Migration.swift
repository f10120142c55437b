/// One schema change, with its SQL per dialect: the unit a backend's migrator applies once and records by `id`.
///
/// A shipped migration never changes (its SQL included): add a new one instead. `data` runs after the SQL, in the
/// same transaction, for changes that need the stores' own code (recomputing a derived table, say).
public struct Migration: Sendable {
    public let id: String
    /// The statements, by dialect; a dialect without an entry cannot open a database.
    public let sql: [Dialect: String]
    public let data: (@Sendable (any StoreSession) throws -> Void)?

    public init(_ id: String, sqlite: String, postgres: String? = nil, data: (@Sendable (any StoreSession) throws -> Void)? = nil) {
        self.id = id
        var sql: [Dialect: String] = [.sqlite: sqlite]
        // PostgreSQL's text lives beside the others in `PostgresSchema`, under the same id.
        if let postgres = postgres ?? PostgresSchema.sql(for: id) { sql[.postgres] = postgres }
        self.sql = sql
        self.data = data
    }

    /// The SQL for `dialect`, or nil when this migration has none for it yet.
    public func sql(for dialect: Dialect) -> String? { sql[dialect] }
}
