import EntrustStore
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
#if canImport(Glibc)
import Glibc
#endif

/// Turns postgres-nio's errors into ours: `PostgresError` for reaching and opening, `EngineError` for statements.
///
/// `PSQLError`'s own description is never passed on: it can carry the SQL and, as a debug description, more.
enum PostgresErrorTranslation {
    /// Why a connection could not be opened, as one `PostgresError`.
    static func connectFailure(_ error: any Error, url: PostgresURL) -> PostgresError {
        let place = url.place
        guard let psql = error as? PSQLError else { return classifyTransport(error, place: place) }
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? ""
            switch state {
            case "28P01", "28000": return .wrongCredentials(user: url.user, place: place)
            case "3D000": return .missingDatabase(database: url.database, place: place)
            default: return .refused(place: place, message: psql.serverInfo?[.message] ?? "SQLSTATE \(state)")
            }
        case .authMechanismRequiresPassword:
            return .wrongCredentials(user: url.user, place: place)
        case .unsupportedAuthMechanism, .saslError:
            return .refused(place: place, message: "it asks for a sign-in method entrust does not support")
        case .sslUnsupported:
            return .tlsFailure(place: place, reason: "the server does not offer TLS (turn TLS on there, or write sslmode=disable on a trusted network)")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return .tlsFailure(place: place, reason: "the TLS handshake could not start")
        case .connectionError:
            return classifyTransport(psql.underlying ?? error, place: place)
        default:
            return classifyTransport(psql.underlying ?? error, place: place)
        }
    }

    private static func classifyTransport(_ error: any Error, place: String) -> PostgresError {
        if let ssl = error as? NIOSSLError {
            return .tlsFailure(place: place, reason: tlsReason(ssl))
        }
        if error is NIOSSLExtraError || error is BoringSSLError {
            return .tlsFailure(place: place, reason: tlsReason(error))
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED, ENOENT: return .connectionRefused(place: place)
            case ETIMEDOUT: return .unreachable(place: place, reason: "the connection attempt timed out")
            case EHOSTUNREACH, ENETUNREACH: return .unreachable(place: place, reason: "no route to the host")
            case EACCES: return .unreachable(place: place, reason: "permission denied on the socket")
            default: return .unreachable(place: place, reason: "the connection failed (errno \(io.errnoCode))")
            }
        }
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first {
                return classifyTransport(first.error, place: place)
            }
            return .unreachable(place: place, reason: "the host name does not resolve")
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel {
            return .unreachable(place: place, reason: "the server did not answer within 10 seconds")
        }
        return .unreachable(place: place, reason: "the connection failed")
    }

    private static func tlsReason(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("failedToValidateHostname") || text.lowercased().contains("hostname") {
            return "the server's certificate is not valid for this host name"
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
            return "the server's certificate is not signed by a trusted authority (name the CA file with sslrootcert=…)"
        }
        return "the TLS handshake failed"
    }

    /// Whether `error` means the connection itself is gone (rather than one statement failing).
    static func isConnectionFailure(_ error: any Error) -> Bool {
        guard let psql = error as? PSQLError else { return error is IOError || error is ChannelError }
        switch psql.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown,
             .messageDecodingFailure, .unexpectedBackendMessage:
            return true
        default:
            return false
        }
    }

    /// A statement's failure as an `EngineError`, with SQLSTATE as its code and the server's message (never the SQL).
    static func statementFailure(_ error: any Error) -> EngineError {
        guard let psql = error as? PSQLError else {
            return EngineError(kind: .other, code: "client", detail: String(describing: type(of: error)))
        }
        guard psql.code == .server, let state = psql.serverInfo?[.sqlState] else {
            return EngineError(kind: .other, code: psql.code.description, detail: psql.code.description)
        }
        let message = psql.serverInfo?[.message] ?? ""
        return EngineError(kind: kind(ofSQLState: state), code: state, detail: message)
    }

    /// The store's kind of failure for a SQLSTATE (PostgreSQL appendix A).
    static func kind(ofSQLState state: String) -> EngineError.Kind {
        switch state {
        // Serialization failure, deadlock, lock not available, statement or lock timeout: worth retrying.
        case "40001", "40P01", "55P03", "57014": return .busy
        case "25006": return .readOnly
        case "53100": return .diskFull
        case "XX001", "XX002": return .corrupt
        case "3D000", "28000", "28P01": return .cannotOpen
        // Connection exceptions (class 08) and the server shutting down or starting (57P01–57P03).
        case "57P01", "57P02", "57P03": return .unavailable
        default:
            if state.hasPrefix("08") { return .unavailable }
            return state.hasPrefix("23") ? .constraint : .other
        }
    }
}
