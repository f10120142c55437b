/// The arguments of one statement, in placeholder order.
///
/// Store SQL uses positional placeholders: `?` (the n-th `?` takes the n-th argument) or, where one value is used
/// twice, numbered `?NNN` (argument NNN, counted from 1); a statement uses one style, never both. SQLite reads both
/// natively; the PostgreSQL backend rewrites them to `$n`. Named `:name` placeholders are not used.
public struct StoreArguments: Sendable, Hashable, ExpressibleByArrayLiteral {
    public var values: [SQLValue]

    public init(values: [SQLValue] = []) { self.values = values }

    /// `[code, draft.name, from?.iso]`: nil binds NULL.
    public init(arrayLiteral elements: (any SQLValueConvertible)?...) {
        values = elements.map { $0?.sqlValue ?? .null }
    }

    /// One argument per element, for `IN (?, ?, …)` lists.
    public init<S: Sequence>(_ sequence: S) where S.Element: SQLValueConvertible {
        values = sequence.map(\.sqlValue)
    }

    public var isEmpty: Bool { values.isEmpty }
    public var count: Int { values.count }

    public mutating func append(_ value: (any SQLValueConvertible)?) {
        values.append(value?.sqlValue ?? .null)
    }

    public static func + (lhs: StoreArguments, rhs: StoreArguments) -> StoreArguments {
        StoreArguments(values: lhs.values + rhs.values)
    }

    public static func += (lhs: inout StoreArguments, rhs: StoreArguments) {
        lhs.values += rhs.values
    }
}
