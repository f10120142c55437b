/// A failure reported by the storage engine, as a backend translates it for the stores.
///
/// `StoreError.from` turns it into a sentence a person can act on, and `StoreError.isBusy` reads its kind; `detail`
/// is the engine's own message, for logs and tests only (it may contain SQL, so it is never shown to a user).
public struct EngineError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Another connection held a lock longer than the wait allowed: worth trying again shortly.
        case busy
        case readOnly
        /// The file or database is damaged, or is not an entrust database.
        case corrupt
        case diskFull
        case cannotOpen
        /// The database server does not answer (it restarts, or the network is down): worth trying again shortly.
        case unavailable
        /// A UNIQUE, FOREIGN KEY, CHECK or NOT NULL constraint refused the change.
        case constraint
        case other
    }

    public var kind: Kind
    /// The engine's code, as shown in "database error (CODE)": SQLite's result code, PostgreSQL's SQLSTATE.
    public var code: String
    public var detail: String

    public init(kind: Kind, code: String, detail: String) {
        self.kind = kind
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code): \(detail)" }
}
