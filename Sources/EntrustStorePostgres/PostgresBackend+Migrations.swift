import EntrustStore

extension PostgresBackend {
    /// Where applied migration ids are recorded (GRDB keeps its own `grdb_migrations` on SQLite).
    static let migrationTable = "entrust_migration"

    /// Applies, in order, each migration not yet recorded, each in its own transaction under the migrations'
    /// advisory lock: replicas that start together wait for one another, and each migration runs once.
    ///
    /// - Throws: `PostgresError.missingMigrationSQL` before touching anything when a migration has no PostgreSQL form;
    ///   `PostgresError.newerSchema` when the database records a migration that `migrations` does not know (a newer
    ///   entrust migrated it: an older one must not write to it).
    public func migrate(_ migrations: [Migration]) throws {
        for migration in migrations where migration.sql(for: .postgres) == nil {
            throw PostgresError.missingMigrationSQL(id: migration.id)
        }
        let known = Set(migrations.map(\.id))
        var finished = false
        while !finished {
            finished = try transaction { session in
                try session.lock(forTransactionOf: .migrations)
                try session.execute(sql: """
                    CREATE TABLE IF NOT EXISTS \(Self.migrationTable) (
                        id TEXT PRIMARY KEY,
                        applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
                    )
                    """)
                let applied = Set(try session.fetchAll(String.self, sql: "SELECT id FROM \(Self.migrationTable)"))
                let unknown = applied.subtracting(known).sorted()
                guard unknown.isEmpty else {
                    throw PostgresError.newerSchema(database: url.database, unknown: unknown)
                }
                guard let next = migrations.first(where: { !applied.contains($0.id) }),
                      let sql = next.sql(for: .postgres) else { return true }
                try session.execute(sql: sql)
                try next.data?(session)
                try session.execute(sql: "INSERT INTO \(Self.migrationTable) (id) VALUES (?)", arguments: [next.id])
                return false
            }
        }
    }

    /// The ids of the migrations applied to this database, in the order they were applied (empty when none).
    public func appliedMigrations() throws -> [String] {
        try read { session in
            guard try session.fetchString(sql: "SELECT to_regclass(?)::text", arguments: [Self.migrationTable]) != nil else {
                return []
            }
            return try session.fetchAll(String.self, sql: "SELECT id FROM \(Self.migrationTable) ORDER BY applied_at, id")
        }
    }
}
