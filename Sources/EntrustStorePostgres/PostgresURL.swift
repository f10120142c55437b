import Foundation

/// Where and how to reach a PostgreSQL database, parsed from a libpq-style URL.
///
/// Accepted forms:
/// - `postgres://user:password@host:port/dbname?sslmode=verify-full` (or `postgresql://`); the port defaults to 5432,
///   an IPv6 host is written in brackets (`[::1]`);
/// - `postgres://user@/dbname?host=/run/postgresql`: a Unix socket in that folder (as libpq, `host` starting with `/`).
///
/// Query parameters: `sslmode`, `sslrootcert` (a PEM file of trusted CA certificates for `verify-full`), `host` and
/// `port`. The password comes from the URL, or else from `$PGPASSWORD`. User, host or socket, and database must be
/// named: nothing is guessed from the operating-system user. `description` never shows the password.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// How to reach the server.
    public enum Endpoint: Sendable, Hashable {
        case tcp(host: String, port: Int)
        /// The socket file is `<directory>/.s.PGSQL.<port>`, as libpq names it.
        case unixSocket(directory: String, port: Int)
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String
    /// Always `.disable` on a Unix socket: TLS is for the network.
    public var sslMode: PostgresSSLMode
    /// A PEM file of trusted CA certificates; nil uses the system's trust store.
    public var sslRootCertificate: String?

    /// Parses `text`; the password falls back to `environment["PGPASSWORD"]`.
    ///
    /// - Throws: `PostgresError.invalidURL` naming the part that is wrong, or `PostgresError.unknownSSLMode`.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let schemes = ["postgres://", "postgresql://"]
        guard let scheme = schemes.first(where: { text.lowercased().hasPrefix($0) }) else {
            throw PostgresError.invalidURL("it must start with postgres:// or postgresql://")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        if rest.contains("#") { throw PostgresError.invalidURL("it must not contain a fragment (#)") }
        guard let slash = rest.firstIndex(of: "/") else {
            throw PostgresError.invalidURL("it names no database (postgres://user@host:port/dbname)")
        }
        let authority = rest[..<slash]
        let path = rest[rest.index(after: slash)...]

        // The user part ends at the last "@": a password may contain an encoded or even a bare "@".
        var hostPart = authority
        var userPart: Substring = ""
        if let at = authority.lastIndex(of: "@") {
            userPart = authority[..<at]
            hostPart = authority[authority.index(after: at)...]
        }
        var passwordPart: Substring?
        if let colon = userPart.firstIndex(of: ":") {
            passwordPart = userPart[userPart.index(after: colon)...]
            userPart = userPart[..<colon]
        }
        guard let user = userPart.removingPercentEncoding, !user.isEmpty else {
            throw PostgresError.invalidURL(userPart.isEmpty ? "it names no user (postgres://user@host/dbname)"
                                                            : "the user name has a bad %-escape")
        }
        var password: String?
        if let passwordPart {
            guard let decoded = passwordPart.removingPercentEncoding else {
                throw PostgresError.invalidURL("the password has a bad %-escape")
            }
            password = decoded
        }
        guard let database = path.removingPercentEncoding, !database.isEmpty else {
            throw PostgresError.invalidURL(path.isEmpty ? "it names no database (postgres://user@host:port/dbname)"
                                                        : "the database name has a bad %-escape")
        }
        if database.contains("/") { throw PostgresError.invalidURL("the database name \(database) contains a /") }

        var host: String?
        var port: Int?
        if !hostPart.isEmpty {
            let parsed = try Self.hostAndPort(hostPart)
            host = parsed.host
            port = parsed.port
        }
        var sslModeText: String?
        var rootCertificate: String?
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard parts.count == 2, let value = parts[1].removingPercentEncoding, !value.isEmpty else {
                throw PostgresError.invalidURL("the parameter \(key) has no value")
            }
            switch key {
            case "sslmode": sslModeText = value
            case "sslrootcert": rootCertificate = value
            case "host": host = value
            case "port":
                guard let number = Int(value), (1...65535).contains(number) else {
                    throw PostgresError.invalidURL("the port \(value) is not a number from 1 to 65535")
                }
                port = number
            default:
                throw PostgresError.invalidURL("the parameter \(key) is not one entrust reads (sslmode, sslrootcert, host, port)")
            }
        }
        guard let host, !host.isEmpty else {
            throw PostgresError.invalidURL("it names no host (postgres://user@host/dbname, or ?host=/socket/folder)")
        }

        self.user = user
        self.password = password ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        self.database = database
        self.sslRootCertificate = rootCertificate
        if host.hasPrefix("/") {
            endpoint = .unixSocket(directory: host, port: port ?? 5432)
            if let sslModeText, sslModeText != PostgresSSLMode.disable.rawValue {
                _ = try PostgresSSLMode(parsing: sslModeText)
                throw PostgresError.invalidURL("sslmode=\(sslModeText) cannot apply to a Unix socket (TLS is for the network); drop it or use sslmode=disable")
            }
            sslMode = .disable
        } else {
            endpoint = .tcp(host: host, port: port ?? 5432)
            sslMode = try sslModeText.map(PostgresSSLMode.init(parsing:)) ?? .default
        }
    }

    private static func hostAndPort(_ text: Substring) throws -> (host: String, port: Int?) {
        var host = text
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw PostgresError.invalidURL("the IPv6 host \(text) has no closing ]")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw PostgresError.invalidURL("the host \(text) is not host:port") }
                portText = after.dropFirst()
            }
        } else if let colon = text.firstIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let decoded = host.removingPercentEncoding, !decoded.isEmpty else {
            throw PostgresError.invalidURL("the host part \(text) names no host")
        }
        var port: Int?
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw PostgresError.invalidURL("the port \(portText) is not a number from 1 to 65535")
            }
            port = number
        }
        return (decoded, port)
    }

    /// Where the server is, for messages: `host:port` or the socket folder.
    public var place: String {
        switch endpoint {
        case let .tcp(host, port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case let .unixSocket(directory, port): return "the Unix socket \(directory)/.s.PGSQL.\(port)"
        }
    }

    /// The URL without its password (`***` where it was), for logs and messages.
    public var description: String {
        let credentials = password == nil ? user : "\(user):***"
        switch endpoint {
        case .tcp: return "postgres://\(credentials)@\(place)/\(database)?sslmode=\(sslMode.rawValue)"
        case let .unixSocket(directory, port): return "postgres://\(credentials)@/\(database)?host=\(directory)&port=\(port)"
        }
    }
}
