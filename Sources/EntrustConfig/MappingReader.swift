import EntrustCore
import Yams

/// Reads the keys of one YAML mapping and remembers which keys it was asked about, so that
/// `finish()` can refuse the others by name: a misspelt key is an error, never silently ignored.
///
/// Required readers (`string`, `int`, …) report a missing key; `optional…` readers return nil when the
/// key is absent or its value is empty. Every conversion reports its own issue and returns nil, so a
/// caller reads on and collects every mistake in the file.
///
/// ```swift
/// let holiday = value.mapping { row in
///     row.declare("date", "name", "paid")
///     guard let date = row.string("date"), let name = row.localized("name") else { return nil }
///     return Holiday(date: date, name: name, paid: row.optionalBool("paid") ?? true)
/// }
/// ```
public final class MappingReader {
    private struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    private let node: Node
    private let log: IssueLog
    private let entries: [Entry]
    /// Keys this reader was asked about or told of, in that order, for "expected one of" lists.
    private var known: [String] = []
    /// Keys already reported as a misspelling of a missing required key, so they are reported once.
    private var explained: Set<String> = []
    private var checksKeys = true
    private var finished = false

    /// The dotted path of this mapping (empty for the root of a file).
    public let field: String
    /// How messages call this mapping, such as `"a monthly schedule"`.
    public var name: String?

    init?(node: Node, log: IssueLog, field: String) {
        guard case let .mapping(mapping) = node else { return nil }
        self.node = node
        self.log = log
        self.field = field
        var entries: [Entry] = []
        for (keyNode, value) in mapping {
            guard case let .scalar(scalar) = keyNode, !scalar.string.isEmpty else {
                let mark = keyNode.mark
                log.add(line: mark?.line ?? 0, column: mark?.column ?? 0, field: field,
                        message: "keys must be plain text, found \(ValueReader(node: keyNode, log: log, field: field).found)")
                continue
            }
            entries.append(Entry(key: scalar.string, keyNode: keyNode, value: value))
        }
        self.entries = entries
    }

    /// 1-based line where the mapping starts.
    public var line: Int { node.mark?.line ?? 0 }
    public var column: Int { node.mark?.column ?? 0 }

    /// The keys present in the file, in file order.
    public var keys: [String] { entries.map(\.key) }

    /// Tells the reader which keys are allowed before reading them, so that a misspelling is matched
    /// against every allowed key, and "expected one of" lists them in this order.
    public func declare(_ keys: String...) {
        declare(keys)
    }

    public func declare(_ keys: [String]) {
        for key in keys where !known.contains(key) {
            known.append(key)
        }
    }

    /// Whether the key is present (even with an empty value).
    public func contains(_ key: String) -> Bool {
        declare(key)
        return entries.contains { $0.key == key }
    }

    /// The value of an optional key, or nil when the key is absent or its value is empty.
    public func value(_ key: String) -> ValueReader? {
        declare(key)
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        let value = ValueReader(node: entry.value, log: log, field: path(key))
        return value.isNull ? nil : value
    }

    /// The value of a required key; reports the key as missing (pointing at a likely misspelling when
    /// there is one) and returns nil when it is absent or empty.
    public func required(_ key: String) -> ValueReader? {
        declare(key)
        if let entry = entries.first(where: { $0.key == key }) {
            let value = ValueReader(node: entry.value, log: log, field: path(key))
            guard !value.isNull else {
                value.report("missing value")
                return nil
            }
            return value
        }
        let strangers = entries.map(\.key).filter { !known.contains($0) && !explained.contains($0) }
        if let typo = Spelling.closest(to: key, in: strangers), let entry = entries.first(where: { $0.key == typo }) {
            explained.insert(typo)
            let mark = entry.keyNode.mark
            log.add(line: mark?.line ?? line, column: mark?.column ?? column, field: path(key),
                    message: "missing required key '\(key)'; found unknown key '\(typo)': is it misspelt?")
        } else {
            log.add(line: line, column: column, field: path(key), message: "missing required key '\(key)'\(inName)")
        }
        return nil
    }

    /// Records an issue at a key's value when the key is present, else at the mapping.
    public func report(_ message: String, at key: String? = nil) {
        if let key, let entry = entries.first(where: { $0.key == key }) {
            let mark = entry.value.mark
            log.add(line: mark?.line ?? line, column: mark?.column ?? column, field: path(key), message: message)
        } else {
            log.add(line: line, column: column, field: key.map(path) ?? field, message: message)
        }
    }

    // MARK: - Typed readers

    /// Required non-empty text; see `ValueReader.string()`.
    public func string(_ key: String) -> String? { required(key)?.string() }
    public func optionalString(_ key: String) -> String? { value(key)?.string() }

    /// A required whole number within `range`; see `ValueReader.int(in:)`.
    public func int(_ key: String, in range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        required(key)?.int(in: range)
    }

    public func optionalInt(_ key: String, in range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        value(key)?.int(in: range)
    }

    /// A required `true` or `false`.
    public func bool(_ key: String) -> Bool? { required(key)?.bool() }
    public func optionalBool(_ key: String) -> Bool? { value(key)?.bool() }

    /// Required text that must be one of `allowed`.
    public func choice(_ key: String, from allowed: [String]) -> String? {
        required(key)?.choice(from: allowed)
    }

    /// A required enumeration value by its raw value; the issue lists the allowed ones.
    public func enumValue<T>(_ key: String, _ type: T.Type = T.self) -> T?
    where T: RawRepresentable & CaseIterable, T.RawValue == String {
        required(key)?.enumValue(type)
    }

    public func optionalEnumValue<T>(_ key: String, _ type: T.Type = T.self) -> T?
    where T: RawRepresentable & CaseIterable, T.RawValue == String {
        value(key)?.enumValue(type)
    }

    /// A required `{vi: …, en: …}` text.
    public func localized(_ key: String) -> LocalizedText? { required(key)?.localized() }
    public func optionalLocalized(_ key: String) -> LocalizedText? { value(key)?.localized() }

    /// A required list; see `ValueReader.list(nonEmpty:_:)`.
    public func list<T>(_ key: String, nonEmpty: Bool = false, _ item: (ValueReader) -> T?) -> [T]? {
        required(key)?.list(nonEmpty: nonEmpty, item)
    }

    /// An optional list: nil when absent.
    public func optionalList<T>(_ key: String, nonEmpty: Bool = false, _ item: (ValueReader) -> T?) -> [T]? {
        value(key)?.list(nonEmpty: nonEmpty, item)
    }

    /// A required nested mapping, finished (unknown keys flagged) after `body`.
    public func mapping<T>(_ key: String, named: String? = nil, _ body: (MappingReader) -> T?) -> T? {
        required(key)?.mapping(named: named, body)
    }

    /// An optional nested mapping: nil when absent.
    public func optionalMapping<T>(_ key: String, named: String? = nil, _ body: (MappingReader) -> T?) -> T? {
        value(key)?.mapping(named: named, body)
    }

    /// A required mapping with free keys, in file order; see `ValueReader.entries(_:)`.
    public func entries<T>(_ key: String, _ body: (_ key: String, _ value: ValueReader) -> T?) -> [(key: String, value: T)]? {
        required(key)?.entries(body)
    }

    // MARK: - Unknown keys

    /// Reports every key that was neither read nor declared. Called automatically after the closure
    /// of `mapping(_:)`; calling it again does nothing.
    public func finish() {
        guard !finished else { return }
        finished = true
        guard checksKeys else { return }
        for entry in entries where !known.contains(entry.key) && !explained.contains(entry.key) {
            var message = "unknown key '\(entry.key)'\(inName) (expected one of: \(known.joined(separator: ", ")))"
            if let guess = Spelling.closest(to: entry.key, in: known) {
                message += "; did you mean '\(guess)'?"
            }
            let mark = entry.keyNode.mark
            log.add(line: mark?.line ?? line, column: mark?.column ?? column, field: path(entry.key), message: message)
        }
    }

    /// Turns the unknown-key check off, for a mapping whose allowed keys cannot be known
    /// (its `kind` was wrong, so which fields it needs is unknown).
    public func skipUnknownKeyCheck() {
        checksKeys = false
    }

    func allowAnyKey() {
        declare(keys)
    }

    // MARK: - Paths

    private func path(_ key: String) -> String {
        field.isEmpty ? key : "\(field).\(key)"
    }

    private var inName: String {
        name.map { " in \($0)" } ?? ""
    }
}
