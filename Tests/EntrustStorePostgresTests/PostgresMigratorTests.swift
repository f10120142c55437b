import EntrustStore
@testable import EntrustStorePostgres
import Testing

@Suite struct PostgresMigratorTests {
    @Test func migratingTwiceChangesNothing() throws {
        let (backend, _) = try TestDatabases.empty()
        defer { backend.close() }
        #expect(try backend.appliedMigrations().isEmpty)
        try backend.migrate(TestDatabases.migrations)
        let ids = TestDatabases.migrations.map(\.id)
        #expect(try backend.appliedMigrations() == ids)
        let tables = try backend.read { try $0.fetchInt(sql: "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'") }
        try backend.migrate(TestDatabases.migrations)
        #expect(try backend.appliedMigrations() == ids)
        #expect(try backend.read { try $0.fetchInt(sql: "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'") } == tables)
        // Every table of every migration, plus the record of migrations.
        #expect(tables == 42)
    }

    @Test func replicasStartingTogetherMigrateOnce() throws {
        let (backend, url) = try TestDatabases.empty()
        defer { backend.close() }
        let failures = Collected<String>()
        onThreads(4) { _ in
            do {
                let replica = try PostgresBackend(url: url, maxConnections: 1)
                defer { replica.close() }
                try replica.migrate(TestDatabases.migrations)
            } catch {
                failures.append(String(describing: error))
            }
        }
        #expect(failures.all == [])
        #expect(try backend.appliedMigrations() == TestDatabases.migrations.map(\.id))
    }

    @Test func aDatabaseOfANewerEntrustIsRefused() throws {
        let backend = try TestDatabases.migrated()
        defer { backend.close() }
        try backend.write { try $0.execute(sql: "INSERT INTO entrust_migration (id) VALUES ('v99-from-the-future')") }
        let error = #expect(throws: PostgresError.self) { try backend.migrate(TestDatabases.migrations) }
        #expect(error == .newerSchema(database: backend.url.database, unknown: ["v99-from-the-future"]))
        #expect(error?.description.contains("was migrated by a newer entrust") == true)
        // Refusing wrote nothing.
        #expect(try backend.appliedMigrations().count == TestDatabases.migrations.count + 1)
    }

    @Test func aMigrationWithoutPostgresSQLIsRefusedBeforeAnythingRuns() throws {
        let (backend, _) = try TestDatabases.empty()
        defer { backend.close() }
        let migrations = TestDatabases.migrations + [Migration("v7-sqlite-only", sqlite: "CREATE TABLE x (a)")]
        #expect(throws: PostgresError.missingMigrationSQL(id: "v7-sqlite-only")) {
            try backend.migrate(migrations)
        }
        #expect(try backend.appliedMigrations().isEmpty)
    }

    @Test func aFailingMigrationLeavesTheEarlierOnesApplied() throws {
        let (backend, _) = try TestDatabases.empty()
        defer { backend.close() }
        let migrations = [
            Migration("m1", sqlite: "", postgres: "CREATE TABLE a (x BIGINT)"),
            Migration("m2", sqlite: "", postgres: "CREATE TABLE b (y BIGINT); CREATE TABLE a (z BIGINT)"),
        ]
        #expect(throws: EngineError.self) { try backend.migrate(migrations) }
        #expect(try backend.appliedMigrations() == ["m1"])
        #expect(try backend.read { try $0.fetchString(sql: "SELECT to_regclass('b')::text") } == nil)
    }

    @Test func migrationDataStepsRunInTheSameTransaction() throws {
        let (backend, _) = try TestDatabases.empty()
        defer { backend.close() }
        let migrations = [
            Migration("m1", sqlite: "", postgres: "CREATE TABLE a (x BIGINT)") { session in
                try session.execute(sql: "INSERT INTO a (x) VALUES (?)", arguments: [Int64(42)])
            },
        ]
        try backend.migrate(migrations)
        #expect(try backend.read { try $0.fetchInt64(sql: "SELECT x FROM a") } == 42)
    }

    @Test func schemaFollowsTheHouseRules() throws {
        let backend = try TestDatabases.migrated()
        defer { backend.close() }
        let integers = try backend.read { session in
            try session.fetchAll(String.self, sql: """
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND data_type IN ('integer', 'smallint')
                """)
        }
        #expect(integers == [], "every id, count, time and amount is BIGINT")
        let identities = try backend.read { session in
            try session.fetchAll(String.self, sql: """
                SELECT table_name FROM information_schema.columns
                WHERE table_schema = 'public' AND column_name = 'id' AND is_identity = 'YES' ORDER BY 1
                """)
        }
        #expect(identities.count == 29)
    }
}
