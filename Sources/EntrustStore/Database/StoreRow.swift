/// One result row: column names (shared by every row of a statement) and their values.
///
/// Read a column with `row["name"] as String`, `let id: Int64 = row["id"]` or `row[0]`. Names match
/// case-insensitively, as SQL does. Reading traps only on a programmer error, naming the column: a non-optional read
/// of a column that the SQL does not select, of a NULL, or of a value of another kind (say text as `Int64`). As with
/// GRDB, an optional read of a column the SQL does not select answers nil.
public struct StoreRow: Sendable, Hashable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        precondition(columns.count == values.count, "a row needs one value per column")
        self.columns = columns
        self.values = values
    }

    public var count: Int { values.count }

    /// The position of `column`, or nil when the SQL does not select it.
    public func index(of column: String) -> Int? {
        if let exact = columns.firstIndex(of: column) { return exact }
        let lowered = column.lowercased()
        return columns.firstIndex { $0.lowercased() == lowered }
    }

    /// Whether the SQL selects `column`.
    public func hasColumn(_ column: String) -> Bool { index(of: column) != nil }

    /// The raw value of `column`, or nil when the SQL does not select it.
    public func value(_ column: String) -> SQLValue? { index(of: column).map { values[$0] } }

    public subscript<T: SQLValueConvertible>(_ column: String) -> T {
        guard let position = index(of: column) else {
            guard let absent = T.decode(.null) else { fatalError("the row has no column '\(column)' (columns: \(columns))") }
            return absent
        }
        guard let value = T.decode(values[position]) else {
            fatalError("column '\(column)' holds \(values[position]), which cannot be read as \(T.self)")
        }
        return value
    }

    public subscript<T: SQLValueConvertible>(_ position: Int) -> T {
        precondition(values.indices.contains(position), "the row has \(values.count) columns, not \(position + 1)")
        guard let value = T.decode(values[position]) else {
            fatalError("column \(position) ('\(columns[position])') holds \(values[position]), which cannot be read as \(T.self)")
        }
        return value
    }
}
