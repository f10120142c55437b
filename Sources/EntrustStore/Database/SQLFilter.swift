/// A `WHERE` clause built from the filters actually given, with their positional arguments in order.
///
/// It replaces `(? IS NULL OR col = ?)`, which PostgreSQL cannot prepare (it cannot infer the type of a parameter
/// compared only with NULL): an absent filter adds no condition at all, so each combination is its own statement.
struct SQLFilter {
    private(set) var conditions: [String] = []
    private(set) var arguments: StoreArguments = []

    init(_ conditions: String...) { self.conditions = conditions }

    /// Adds `condition` (with one `?` per value), always.
    mutating func add(_ condition: String, _ values: (any SQLValueConvertible)?...) {
        conditions.append(condition)
        for value in values { arguments.append(value) }
    }

    /// Adds `condition` with one `?` per value of `values`, in order.
    mutating func add(_ condition: String, _ values: [any SQLValueConvertible]) {
        conditions.append(condition)
        for value in values { arguments.append(value) }
    }

    /// Adds `condition` (with one `?`) only when `value` is given.
    mutating func add(_ condition: String, ifPresent value: (any SQLValueConvertible)?) {
        guard let value else { return }
        add(condition, value)
    }

    /// ` WHERE a AND b`, or ` WHERE TRUE` when there is no condition.
    var clause: String { " WHERE " + (conditions.isEmpty ? "TRUE" : conditions.joined(separator: " AND ")) }
}
