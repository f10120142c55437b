@testable import EntrustStorePostgres
import Testing

@Suite struct PostgresURLTests {
    @Test func tcpWithEverything() throws {
        let url = try PostgresURL(parsing: "postgres://entrust:s%40cret@db.vbsp.vn:6432/province?sslmode=require", environment: [:])
        #expect(url.endpoint == .tcp(host: "db.vbsp.vn", port: 6432))
        #expect(url.user == "entrust")
        #expect(url.password == "s@cret")
        #expect(url.database == "province")
        #expect(url.sslMode == .require)
        #expect(!url.description.contains("s@cret") && !url.description.contains("s%40cret"))
        #expect(url.description.contains("entrust:***@"))
    }

    @Test func postgresqlSchemeDefaultsPortAndVerifiesTLS() throws {
        let url = try PostgresURL(parsing: "postgresql://entrust@10.0.0.5/bank", environment: [:])
        #expect(url.endpoint == .tcp(host: "10.0.0.5", port: 5432))
        #expect(url.password == nil)
        #expect(url.sslMode == .verifyFull)
        #expect(PostgresSSLMode.default == .verifyFull)
    }

    @Test func ipv6HostAndRootCertificate() throws {
        let url = try PostgresURL(parsing: "postgres://u@[::1]:5433/d?sslmode=verify-full&sslrootcert=/etc/entrust/ca.pem", environment: [:])
        #expect(url.endpoint == .tcp(host: "::1", port: 5433))
        #expect(url.sslRootCertificate == "/etc/entrust/ca.pem")
        #expect(url.place == "[::1]:5433")
    }

    @Test func unixSocketForm() throws {
        let url = try PostgresURL(parsing: "postgres://postgres@/entrust?host=/run/postgresql", environment: [:])
        #expect(url.endpoint == .unixSocket(directory: "/run/postgresql", port: 5432))
        #expect(url.sslMode == .disable)
        let other = try PostgresURL(parsing: "postgres://postgres@/entrust?host=/tmp/pg&port=5439&sslmode=disable", environment: [:])
        #expect(other.endpoint == .unixSocket(directory: "/tmp/pg", port: 5439))
        #expect(other.place == "the Unix socket /tmp/pg/.s.PGSQL.5439")
    }

    @Test func passwordFromEnvironmentUnlessInURL() throws {
        let fromEnvironment = try PostgresURL(parsing: "postgres://u@h/d", environment: ["PGPASSWORD": "từ môi trường"])
        #expect(fromEnvironment.password == "từ môi trường")
        let fromURL = try PostgresURL(parsing: "postgres://u:inline@h/d", environment: ["PGPASSWORD": "ignored"])
        #expect(fromURL.password == "inline")
        let empty = try PostgresURL(parsing: "postgres://u@h/d", environment: ["PGPASSWORD": ""])
        #expect(empty.password == nil)
    }

    @Test(arguments: [
        ("mysql://u@h/d", "postgres:// or postgresql://"),
        ("/var/lib/entrust.sqlite", "postgres:// or postgresql://"),
        ("postgres://u@h", "names no database"),
        ("postgres://u@h/", "names no database"),
        ("postgres://h/d", "names no user"),
        ("postgres://:pw@h/d", "names no user"),
        ("postgres://u@/d", "names no host"),
        ("postgres://u@h:0/d", "the port 0 is not a number from 1 to 65535"),
        ("postgres://u@h:port/d", "the port port is not"),
        ("postgres://u@h:70000/d", "the port 70000 is not"),
        ("postgres://u@[::1/d", "has no closing ]"),
        ("postgres://u@h/d?application_name=x", "the parameter application_name is not one entrust reads"),
        ("postgres://u@h/d?sslmode", "the parameter sslmode has no value"),
        ("postgres://u:p%zz@h/d", "the password has a bad %-escape"),
        ("postgres://u@h/d/e", "contains a /"),
        ("postgres://u@/d?host=/run/postgresql&sslmode=require", "cannot apply to a Unix socket"),
        ("postgres://u@h/d#x", "fragment"),
    ])
    func badURLs(text: String, expected: String) {
        let error = #expect(throws: PostgresError.self) { try PostgresURL(parsing: text, environment: [:]) }
        guard case .invalidURL? = error else {
            Issue.record("not a bad-URL error: \(String(describing: error))")
            return
        }
        let description = error?.description ?? ""
        #expect(description.hasPrefix("the --db URL is not a PostgreSQL URL entrust can use: "))
        #expect(description.contains(expected), "\(description)")
    }

    @Test(arguments: ["prefer", "allow", "verify-ca", "VERIFY-FULL", "on"])
    func unknownSSLModes(mode: String) {
        #expect(throws: PostgresError.unknownSSLMode(mode)) {
            try PostgresURL(parsing: "postgres://u@h/d?sslmode=\(mode)", environment: [:])
        }
        #expect(PostgresError.unknownSSLMode(mode).description.contains("sslmode=\(mode) is not one entrust offers"))
    }

    @Test func badPasswordEscapeDoesNotShowThePassword() {
        do {
            _ = try PostgresURL(parsing: "postgres://u:hunter2%@h/d", environment: [:])
            Issue.record("a bad escape was accepted")
        } catch {
            #expect(!String(describing: error).contains("hunter2"))
        }
    }
}
