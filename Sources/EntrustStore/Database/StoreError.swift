import EntrustCore

/// One bad row or field in a bulk load, with where it is.
public struct RowIssue: Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var field: String
    public var value: String
    public var reason: String

    public init(location: SourceLocation, field: String, value: String, reason: String) {
        self.location = location
        self.field = field
        self.value = value
        self.reason = reason
    }

    public var description: String {
        let shown = value.count > 60 ? String(value.prefix(57)) + "…" : value
        // Line 0 means the value came from a command-line option rather than a file.
        if location.line == 0 { return "--\(field.replacingOccurrences(of: "_", with: "-")) '\(shown)': \(reason)" }
        let place = location.column.map { "\(location.file):\(location.line), column \($0)" } ?? "\(location.file):\(location.line)"
        // A problem with a whole row or the file itself has no value to quote: `loans.csv:4: a quoted field … is never closed`.
        if value.isEmpty && (field == "row" || field == "file") { return "\(place): \(reason)" }
        return "\(place): \(field) '\(shown)': \(reason)"
    }
}

/// What went wrong in the store, with what a person needs to fix it. Never carries SQL.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case notFound(entity: String, key: String)
    case duplicate(entity: String, key: String)
    case invalid(field: String, value: String, reason: String)
    case rule(String)
    case rows([RowIssue], total: Int)
    case domain(CoreError)
    case database(String)

    public var description: String {
        switch self {
        case let .notFound(entity, key):
            return "unknown \(entity) '\(key)'"
        case let .duplicate(entity, key):
            return "\(entity) '\(key)' already exists"
        case let .invalid(field, value, reason):
            return "\(field) '\(value)': \(reason)"
        case let .rule(message):
            return message
        case let .rows(issues, total):
            // One problem with a command-line option or with the file as a whole is one line, not a list of rows.
            if total == 1, let only = issues.first, only.location.line == 0 { return only.description }
            if total == 1, let only = issues.first, only.field == "file" { return only.description + "; nothing was written" }
            var lines = ["\(total) bad row\(total == 1 ? "" : "s"); nothing was written:"]
            lines += issues.map { "  \($0)" }
            if total > issues.count { lines.append("  … and \(total - issues.count) more") }
            return lines.joined(separator: "\n")
        case let .domain(error):
            return error.description
        case let .database(message):
            return message
        }
    }

    /// Whether `error` is the engine giving up on a lock that another connection (another process, say a long import)
    /// kept longer than the busy timeout: worth trying again shortly, unlike other errors.
    public static func isBusy(_ error: any Error) -> Bool {
        (error as? EngineError)?.kind == .busy
    }

    /// Translates an engine error into a sentence a person can act on, without the SQL.
    public static func from(_ error: any Error) -> any Error {
        guard let engine = error as? EngineError else { return error }
        switch engine.kind {
        case .busy:
            return StoreError.database("the database is busy: another entrust process kept it locked for more than 10 seconds; try again")
        case .readOnly:
            return StoreError.database("the database file is read-only")
        case .corrupt:
            return StoreError.database("the database file is damaged or is not an entrust database")
        case .diskFull:
            return StoreError.database("the disk is full")
        case .cannotOpen:
            return StoreError.database("the database file cannot be opened (check the path and permissions)")
        case .unavailable:
            return StoreError.database("the database server does not answer right now; nothing was written; try again in a moment")
        case .constraint:
            return StoreError.database("the change conflicts with existing data (a duplicate or a missing reference); nothing was written")
        case .other:
            return StoreError.database("database error (\(engine.code)); nothing was written")
        }
    }
}

/// Who is acting: a person's code, or `cli:<user>` for an unnamed operator, or `system`.
public struct Principal: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public init(_ name: String) { self.name = name }
    public static let system = Principal("system")
    public var description: String { name }
}
