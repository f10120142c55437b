/// Why PostgreSQL could not be reached or opened, in one sentence a person can act on.
///
/// The sentences name the part that is wrong (the URL, the sslmode, the server, the credentials, the database, TLS)
/// and never contain the password, the SQL or a stack trace; the CLI prints them after `error: `. Failures of a
/// statement on an open connection are `EngineError`s instead, which the stores translate.
public enum PostgresError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `--db` URL cannot be read; the reason names the part.
    case invalidURL(String)
    /// `sslmode` is not `disable`, `require` or `verify-full`.
    case unknownSSLMode(String)
    /// Nothing listens there (or the socket file does not exist).
    case connectionRefused(place: String)
    /// The host name does not resolve, or the connection attempt timed out.
    case unreachable(place: String, reason: String)
    /// The server refused the user name or password.
    case wrongCredentials(user: String, place: String)
    /// The server has no database of that name.
    case missingDatabase(database: String, place: String)
    /// TLS could not be set up: the server offers none, or its certificate did not verify.
    case tlsFailure(place: String, reason: String)
    /// The server refused the connection for another reason (its own message, which names no secret).
    case refused(place: String, message: String)
    /// The connection broke while in use; the statement's transaction was not committed.
    case connectionLost(place: String)
    /// Every pooled connection stayed busy for longer than the pool waits.
    case poolTimeout(place: String, seconds: Int)
    /// The database has migrations this entrust does not know: a newer entrust migrated it.
    case newerSchema(database: String, unknown: [String])
    /// A migration has no PostgreSQL SQL, so this database cannot be brought up to date.
    case missingMigrationSQL(id: String)

    /// Whether this means the server cannot be reached right now (down, restarting, the network), as opposed to a
    /// URL, credentials or a schema that are wrong and stay wrong.
    var meansUnavailable: Bool {
        switch self {
        case .connectionRefused, .unreachable, .connectionLost, .poolTimeout, .refused: return true
        case .invalidURL, .unknownSSLMode, .wrongCredentials, .missingDatabase, .tlsFailure, .newerSchema, .missingMigrationSQL: return false
        }
    }

    public var description: String {
        switch self {
        case let .invalidURL(reason):
            return "the --db URL is not a PostgreSQL URL entrust can use: \(reason)"
        case let .unknownSSLMode(mode):
            return "the --db URL's sslmode=\(mode) is not one entrust offers: use verify-full (the default), require (no certificate check) or disable"
        case let .connectionRefused(place):
            return "PostgreSQL refused the connection at \(place): is the server running and listening there?"
        case let .unreachable(place, reason):
            return "PostgreSQL at \(place) cannot be reached: \(reason)"
        case let .wrongCredentials(user, place):
            return "PostgreSQL at \(place) refused user \(user): wrong user name or password (from the URL or $PGPASSWORD)"
        case let .missingDatabase(database, place):
            return "PostgreSQL at \(place) has no database \(database): create it first (createdb \(database))"
        case let .tlsFailure(place, reason):
            return "TLS with PostgreSQL at \(place) failed: \(reason)"
        case let .refused(place, message):
            return "PostgreSQL at \(place) refused the connection: \(message)"
        case let .connectionLost(place):
            return "the connection to PostgreSQL at \(place) broke; nothing of the interrupted change was written"
        case let .poolTimeout(place, seconds):
            return "every connection to PostgreSQL at \(place) stayed busy for \(seconds) seconds; try again"
        case let .newerSchema(database, unknown):
            return "the database \(database) was migrated by a newer entrust (it has \(unknown.joined(separator: ", ")), unknown to this one): upgrade entrust before opening it"
        case let .missingMigrationSQL(id):
            return "migration \(id) has no PostgreSQL form, so this entrust cannot run on PostgreSQL"
        }
    }
}
