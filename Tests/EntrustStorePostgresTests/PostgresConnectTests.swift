import EntrustStore
@testable import EntrustStorePostgres
@testable import EntrustTestSupport
import Foundation
import Testing

@Suite struct PostgresConnectTests {
    @Test func aMissingDatabaseIsNamed() throws {
        let cluster = try TestDatabases.sharedCluster
        #expect(throws: PostgresError.missingDatabase(database: "no_such_db", place: "the Unix socket \(cluster.socketDirectory)/.s.PGSQL.5432")) {
            try PostgresBackend(url: cluster.url(database: "no_such_db"), environment: [:])
        }
    }

    @Test func aSocketNobodyListensOnIsARefusedConnection() throws {
        let cluster = try TestDatabases.sharedCluster
        let url = "postgres://postgres@/entrust?host=\(cluster.socketDirectory)&port=1"
        let error = #expect(throws: PostgresError.self) { try PostgresBackend(url: url, environment: [:]) }
        #expect(error?.description == "PostgreSQL refused the connection at the Unix socket \(cluster.socketDirectory)/.s.PGSQL.1: is the server running and listening there?")
    }

    @Test func aClosedTCPPortIsARefusedConnection() {
        #expect(throws: PostgresError.connectionRefused(place: "127.0.0.1:1")) {
            try PostgresBackend(url: "postgres://entrust@127.0.0.1:1/entrust?sslmode=disable", environment: [:])
        }
    }

    @Test func aWrongPasswordIsNamedAndNotShown() throws {
        let cluster = try TestDatabases.sharedCluster
        let user = "u_" + UUID().uuidString.prefix(8).lowercased()
        try cluster.createPasswordUser(user, password: "đúng-mật-khẩu")
        let database = try cluster.emptyDatabase()
        let base = "postgres://\(user)@/\(database)?host=\(cluster.socketDirectory)"

        let place = "the Unix socket \(cluster.socketDirectory)/.s.PGSQL.5432"
        let error = #expect(throws: PostgresError.self) {
            try PostgresBackend(url: "postgres://\(user):sai-m%E1%BA%ADt-kh%E1%BA%A9u@/\(database)?host=\(cluster.socketDirectory)", environment: [:])
        }
        #expect(error == .wrongCredentials(user: user, place: place))
        #expect(error?.description == "PostgreSQL at \(place) refused user \(user): wrong user name or password (from the URL or $PGPASSWORD)")
        #expect(throws: PostgresError.wrongCredentials(user: user, place: place)) {
            try PostgresBackend(url: base, environment: [:])
        }
        // The right password, from $PGPASSWORD, opens it: the refusals above are about the password.
        let backend = try PostgresBackend(url: base, environment: ["PGPASSWORD": "đúng-mật-khẩu"])
        defer { backend.close() }
        #expect(try backend.read { try $0.fetchString(sql: "SELECT current_user") } == user)
    }

    @Test func aBrokenConnectionIsReplacedOnTheNextCall() throws {
        let (backend, _) = try TestDatabases.empty(maxConnections: 1)
        defer { backend.close() }
        let pid = try #require(try backend.read { try $0.fetchInt64(sql: "SELECT pg_backend_pid()") })
        // Another connection ends ours, as a server restart would.
        let (other, _) = try TestDatabases.empty(maxConnections: 1)
        defer { other.close() }
        #expect(try other.read { try $0.fetchBool(sql: "SELECT pg_terminate_backend(CAST(? AS INTEGER))", arguments: [pid]) } == true)
        Thread.sleep(forTimeInterval: 0.2)
        let again = try backend.read { try $0.fetchInt64(sql: "SELECT pg_backend_pid()") }
        #expect(again != nil && again != pid)
    }

    @Test func aServerThatStopsIsUnavailableUntilItIsBack() throws {
        // A cluster of this test's own: stopping the shared one would fail the tests beside it.
        let cluster = try PostgresTestCluster.startPrivate(logSuffix: "unavailable")
        defer { cluster.destroy() }
        let backend = try PostgresBackend(url: cluster.url(database: try cluster.emptyDatabase()), environment: [:])
        defer { backend.close() }
        #expect(try backend.read { try $0.fetchInt64(sql: "SELECT 1") } == 1)
        try cluster.stopServer()
        let error = #expect(throws: EngineError.self) { try backend.read { try $0.fetchInt64(sql: "SELECT 1") } }
        #expect(error?.kind == .unavailable)
        #expect(error.map { "\(StoreError.from($0))" } == "the database server does not answer right now; nothing was written; try again in a moment")
        try cluster.startServer()
        #expect(try backend.read { try $0.fetchInt64(sql: "SELECT 1") } == 1)
    }

    @Test func advisoryLocksExcludeAndAreReleasedWithTheSession() throws {
        let (backend, _) = try TestDatabases.empty(maxConnections: 2)
        defer { backend.close() }
        let lock = PostgresAdvisoryLock("test.lease")
        #expect(lock.key == PostgresAdvisoryLock("test.lease").key)
        #expect(lock.key != PostgresAdvisoryLock.planner.key)
        try backend.session { first in
            #expect(try first.tryLock(lock))
            let taken = try backend.session { second in try second.tryLock(lock) }
            #expect(!taken)
        }
        // The first session's lock went with it, even without unlock.
        try backend.session { (session: PostgresSession) throws -> Void in
            #expect(try session.tryLock(lock))
            #expect(try session.unlock(lock))
            #expect(try !session.unlock(lock))
        }
        try backend.transaction { session in
            try session.lock(forTransactionOf: lock)
            let taken = try backend.session { other in try other.tryLock(lock) }
            #expect(!taken)
        }
        #expect(try backend.session { try $0.tryLock(lock) })
    }
}
