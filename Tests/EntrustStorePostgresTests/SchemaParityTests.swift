import EntrustStore
@testable import EntrustStorePostgres
import EntrustStoreSQLite
import Testing

/// The PostgreSQL schema has SQLite's tables and columns, so that one store SQL text finds the same names on both.
@Suite struct SchemaParityTests {
    struct Column: Hashable, CustomStringConvertible {
        let table: String
        let name: String
        let notNull: Bool
        var description: String { "\(table).\(name)\(notNull ? " NOT NULL" : "")" }
    }

    /// What PostgreSQL has and SQLite has not, on purpose: SQLite's implicit rowid of `loan`, made an identity column.
    static let postgresOnly: Set<Column> = [Column(table: "loan", name: "id", notNull: true)]

    @Test func everyTableHasTheSameColumns() throws {
        let sqlite = try AppDatabase.inMemory()
        let sqliteColumns: Set<Column> = try sqlite.backend.read { db in
            let tables = try db.fetchAll(String.self, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                """)
            var columns: Set<Column> = []
            for table in tables {
                for row in try db.fetchAll(sql: "SELECT name, \"notnull\", pk FROM pragma_table_info(?)", arguments: [table]) {
                    let name: String = row["name"]
                    // SQLite lets a non-INTEGER primary key column hold NULL unless declared NOT NULL; ids are INTEGER.
                    let notNull = (row["notnull"] as Int) == 1 || ((row["pk"] as Int) > 0 && name == "id")
                    columns.insert(Column(table: table, name: name, notNull: notNull))
                }
            }
            return columns
        }
        let backend = try TestDatabases.migrated()
        defer { backend.close() }
        let postgresColumns: Set<Column> = try backend.read { session in
            Set(try session.fetchAll(sql: """
                SELECT table_name, column_name, is_nullable FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name <> 'entrust_migration'
                """).map { row in
                Column(table: row["table_name"], name: row["column_name"], notNull: (row["is_nullable"] as String) == "NO")
            })
        }
        #expect(sqliteColumns.count > 300)
        let missing = sqliteColumns.subtracting(postgresColumns).sorted { $0.description < $1.description }
        let extra = postgresColumns.subtracting(sqliteColumns).subtracting(Self.postgresOnly).sorted { $0.description < $1.description }
        #expect(missing == [], "in SQLite, not (or differently) in PostgreSQL")
        #expect(extra == [], "in PostgreSQL, not (or differently) in SQLite")
    }
}
