import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// A small blocking pool of `PostgresConnection`s, for the synchronous stores.
///
/// Why not postgres-nio's `PostgresClient`: it lends a connection only inside an `async` closure, while a store's
/// transaction is synchronous code on a thread-pool thread that must keep one connection across several blocking
/// calls; lending it out of that closure would park a cooperative thread per transaction.
///
/// Connections open lazily, up to `maxConnections`; a caller waits up to `waitSeconds` for a free one. A connection
/// that broke (server restart, network) is dropped on return and the next checkout opens a fresh one, so the pool
/// recovers by itself once the server is back.
// Lock-guarded: `idle` and `free` are only touched while holding `slots`, a condition lock.
final class PostgresConnectionPool: @unchecked Sendable {
    let url: PostgresURL
    let logger: Logger
    let maxConnections: Int
    let waitSeconds: Int
    private let configuration: PostgresConnection.Configuration
    private let eventLoopGroup: any EventLoopGroup
    /// true while a connection can be handed out (one is idle or may be opened).
    private let slots = ConditionLock(value: true)
    private var idle: [PostgresConnection] = []
    private var free: Int
    private var nextID = 1
    private var closed = false

    init(url: PostgresURL, maxConnections: Int, waitSeconds: Int = 30) throws {
        precondition(maxConnections >= 1)
        self.url = url
        self.maxConnections = maxConnections
        self.waitSeconds = waitSeconds
        self.free = maxConnections
        // Quiet, and never a query or a parameter in a log line: values can be personal data.
        self.logger = Logger(label: "entrust.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        self.eventLoopGroup = MultiThreadedEventLoopGroup.singleton
        self.configuration = try Self.configuration(for: url)
    }

    /// A connection for one session; blocks until one is free. Give it back with `checkin`.
    func checkout() throws -> PostgresConnection {
        guard slots.lock(whenValue: true, timeoutSeconds: Double(waitSeconds)) else {
            throw PostgresError.poolTimeout(place: url.place, seconds: waitSeconds)
        }
        var reused: PostgresConnection?
        while let candidate = idle.popLast() {
            if !candidate.isClosed { reused = candidate; break }
        }
        free -= 1
        let id = nextID
        nextID += 1
        slots.unlock(withValue: free > 0)
        if let reused { return reused }
        do {
            return try PostgresConnection.connect(on: eventLoopGroup.any(), configuration: configuration, id: id,
                                                  logger: logger).wait()
        } catch {
            release(nil)
            throw PostgresErrorTranslation.connectFailure(error, url: url)
        }
    }

    /// Returns a connection; `reusable: false` (it broke, or its state is unknown) closes it instead.
    func checkin(_ connection: PostgresConnection, reusable: Bool) {
        if reusable && !connection.isClosed {
            release(connection)
        } else {
            connection.close().whenComplete { _ in }
            release(nil)
        }
    }

    private func release(_ connection: PostgresConnection?) {
        slots.lock()
        free += 1
        var toClose: PostgresConnection?
        if let connection {
            if closed { toClose = connection } else { idle.append(connection) }
        }
        slots.unlock(withValue: true)
        toClose?.close().whenComplete { _ in }
    }

    /// Closes the idle connections; connections in use close when they come back.
    func close() {
        slots.lock()
        closed = true
        let connections = idle
        idle = []
        slots.unlock()
        for connection in connections { try? connection.close().wait() }
    }

    // MARK: - Configuration

    private static func configuration(for url: PostgresURL) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch url.endpoint {
        case let .unixSocket(directory, port):
            configuration = .init(unixSocketPath: "\(directory)/.s.PGSQL.\(port)", username: url.user,
                                  password: url.password, database: url.database)
        case let .tcp(host, port):
            configuration = .init(host: host, port: port, username: url.user, password: url.password,
                                  database: url.database, tls: try tls(for: url))
        }
        configuration.options.additionalStartupParameters = [("application_name", "entrust")]
        return configuration
    }

    private static func tls(for url: PostgresURL) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch url.sslMode {
        case .disable:
            return .disable
        case .require:
            // libpq's `require`: encrypted, certificate unchecked; the operator asked for it by name.
            tls.certificateVerification = .none
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            if let file = url.sslRootCertificate { tls.trustRoots = .file(file) }
        }
        do {
            return .require(try NIOSSLContext(configuration: tls))
        } catch {
            throw PostgresError.tlsFailure(place: url.place,
                                           reason: "the trusted certificates in sslrootcert=\(url.sslRootCertificate ?? "") cannot be read")
        }
    }
}
