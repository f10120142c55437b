import EntrustStore
@testable import EntrustStorePostgres
@testable import EntrustTestSupport
import Testing

/// TLS failures against the first step of a server (`Support/postgres_tls_stub.py`): each is one clear sentence.
@Suite struct PostgresTLSTests {
    @Test func aServerWithoutTLSIsRefusedUnlessTLSIsTurnedOff() async throws {
        let directory = try TemporaryDirectory("pg-tls")
        let stub = try await ChildServer(script: "postgres_tls_stub.py", arguments: ["no-tls"], in: directory)
        defer { stub.stop() }
        let error = #expect(throws: PostgresError.self) {
            try PostgresBackend(url: "postgres://entrust@127.0.0.1:\(stub.port)/entrust", environment: [:])
        }
        #expect(error?.description == "TLS with PostgreSQL at 127.0.0.1:\(stub.port) failed: the server does not offer TLS (turn TLS on there, or write sslmode=disable on a trusted network)")
    }

    @Test func aSelfSignedCertificateIsNotTrustedByDefault() async throws {
        let directory = try TemporaryDirectory("pg-tls")
        let certificate = try SelfSignedCertificate(in: directory)
        let stub = try await ChildServer(script: "postgres_tls_stub.py",
                                         arguments: ["tls", certificate.certificatePath, certificate.keyPath], in: directory)
        defer { stub.stop() }
        let error = #expect(throws: PostgresError.self) {
            try PostgresBackend(url: "postgres://entrust:secret@localhost:\(stub.port)/entrust?sslmode=verify-full", environment: [:])
        }
        #expect(error == .tlsFailure(place: "localhost:\(stub.port)",
                                     reason: "the server's certificate is not signed by a trusted authority (name the CA file with sslrootcert=…)"))
    }

    @Test func anUnreadableRootCertificateFileIsNamed() {
        #expect(throws: PostgresError.tlsFailure(place: "localhost:5432", reason: "the trusted certificates in sslrootcert=/nonexistent/ca.pem cannot be read")) {
            try PostgresBackend(url: "postgres://entrust@localhost/entrust?sslrootcert=/nonexistent/ca.pem", environment: [:])
        }
    }
}
