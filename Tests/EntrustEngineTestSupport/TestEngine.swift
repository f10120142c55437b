import EntrustCore
import EntrustStore
import EntrustStoreEngines
import EntrustStoreSQLite
@testable import EntrustTestSupport
import Foundation

/// The storage engines a test runs on: Swift Testing arguments (`@Test(arguments: TestEngine.enabled)`), so that
/// every store, delivery and server test runs once on SQLite and once on PostgreSQL.
///
/// `$ENTRUST_TEST_ENGINES` narrows the list for a quick local run (`sqlite`, `postgres`, or both, comma-separated);
/// unset, both run, as in `make test`.
public enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public static let enabled: [TestEngine] = {
        guard let text = ProcessInfo.processInfo.environment["ENTRUST_TEST_ENGINES"], !text.isEmpty else { return allCases }
        let names = Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        return allCases.filter { names.contains($0.rawValue) }
    }()

    public var description: String { rawValue }

    /// A fresh, migrated, empty database: SQLite in memory, or a new PostgreSQL database copied from a migrated
    /// template of the process's throwaway cluster.
    public func database(clock: any EntrustCore.Clock = SystemClock()) throws -> AppDatabase {
        switch self {
        case .sqlite:
            return try SQLiteBackend.inMemory(clock: clock)
        case .postgres:
            return try AppDatabase.open(.postgres(url: Self.freshPostgresURL()), clock: clock, maxConnections: 4)
        }
    }

    /// A fresh, migrated database as production opens it: a SQLite file named `name` in `folder` (WAL, a pool of
    /// readers), or a new PostgreSQL database.
    public func fileDatabase(in folder: URL, name: String = "entrust.sqlite", clock: any EntrustCore.Clock = SystemClock()) throws -> AppDatabase {
        try AppDatabase.open(location: try location(in: folder, name: name), clock: clock, maxConnections: 6)
    }

    /// Where a child process (the `entrust` binary, a `serve`) finds a fresh, migrated database of this engine: a
    /// SQLite file named `name` in `folder`, or a new PostgreSQL database's URL. Pass it as `--db`.
    public func location(in folder: URL, name: String = "entrust.sqlite") throws -> String {
        switch self {
        case .sqlite: return folder.appendingPathComponent(name).path
        case .postgres: return try Self.freshPostgresURL()
        }
    }

    /// A new database copied from the migrated template (the template is migrated once per test process).
    static func freshPostgresURL() throws -> String {
        let cluster = try PostgresTestCluster.shared()
        let name = try cluster.database(template: "entrust_store_v\(AppDatabase.migrations.count)") { url in
            _ = try AppDatabase.open(.postgres(url: url), maxConnections: 1)
        }
        return cluster.url(database: name)
    }
}
