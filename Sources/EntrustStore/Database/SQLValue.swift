/// One value as it travels between the stores and a storage engine: bound as an argument or read from a column.
///
/// The cases are the storage classes both engines share. `bool` exists so that a backend can bind a flag the way its
/// engine wants it: SQLite has no boolean type and stores `0`/`1` (its backend binds `.bool(true)` as the integer 1),
/// PostgreSQL binds a BOOLEAN. Reading is lenient in the same direction: `Bool` accepts `.bool` and `.integer`, and
/// the integer types accept `.bool` as 0 or 1, so a flag column reads the same on both engines.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case bool(Bool)

    /// Whether this is SQL NULL.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension SQLValue: CustomStringConvertible {
    /// A short form for failure messages (never shown to a user: values can be personal data).
    public var description: String {
        switch self {
        case .null: return "NULL"
        case let .integer(value): return "integer \(value)"
        case let .real(value): return "real \(value)"
        case let .text(value): return "text of \(value.utf8.count) bytes"
        case let .blob(value): return "blob of \(value.count) bytes"
        case let .bool(value): return "boolean \(value)"
        }
    }
}
