import EntrustStore
@testable import EntrustStorePostgres
@testable import EntrustTestSupport
import Foundation

/// Databases of the process's throwaway cluster: each test gets its own.
enum TestDatabases {
    /// The PostgreSQL migrations as the store will list them (SQLite's side is not under test here).
    static let migrations: [Migration] = PostgresSchema.migrations.map {
        Migration($0.id, sqlite: "-- not under test", postgres: $0.sql)
    }

    static var sharedCluster: PostgresTestCluster {
        get throws { try PostgresTestCluster.shared() }
    }

    /// A fresh copy of the migrated template.
    static func migrated(maxConnections: Int = 4) throws -> PostgresBackend {
        let cluster = try sharedCluster
        let name = try cluster.database(template: "entrust_migrated") { url in
            let backend = try PostgresBackend(url: url, maxConnections: 1)
            defer { backend.close() }
            try backend.migrate(migrations)
        }
        return try PostgresBackend(url: cluster.url(database: name), maxConnections: maxConnections)
    }

    /// A fresh database with no tables, and its URL.
    static func empty(maxConnections: Int = 4) throws -> (backend: PostgresBackend, url: String) {
        let cluster = try sharedCluster
        let url = cluster.url(database: try cluster.emptyDatabase())
        return (try PostgresBackend(url: url, maxConnections: maxConnections), url)
    }
}

/// Results gathered from several threads.
// Lock-guarded: `items` is only touched under `lock`.
final class Collected<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []

    func append(_ item: T) { lock.lock(); items.append(item); lock.unlock() }
    var all: [T] { lock.lock(); defer { lock.unlock() }; return items }
}

/// Runs `body(i)` for i in 0..<count on that many threads at once and waits for all of them.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let finished = Collected<Int>()
    for index in 0..<count {
        Thread.detachNewThread {
            body(index)
            finished.append(index)
        }
    }
    while finished.all.count < count { Thread.sleep(forTimeInterval: 0.01) }
}
