import EntrustCore
import Foundation
import Yams

/// One value in a YAML file, with where it is, so that every conversion can report a precise issue.
///
/// Conversions return nil after reporting an issue; callers carry on reading the rest of the file
/// so that one run reports every mistake. A value is never guessed: a wrong type, an unknown name
/// or an out-of-range number is an issue, not a default.
public struct ValueReader {
    let node: Node
    let log: IssueLog
    /// The dotted path of this value, such as `obligations[3].schedule`.
    public let field: String

    init(node: Node, log: IssueLog, field: String) {
        self.node = node
        self.log = log
        self.field = field
    }

    /// 1-based line of the value in its file.
    public var line: Int { node.mark?.line ?? 0 }
    /// 1-based column of the value (in Unicode scalars, as libyaml counts).
    public var column: Int { node.mark?.column ?? 0 }

    /// An empty value, `~` or `null`: YAML's way of writing nothing.
    public var isNull: Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The number of items when the value is a list, else nil. Lets a caller check a length even when
    /// some items were refused.
    public var count: Int? {
        if case let .sequence(sequence) = node { return sequence.count }
        return nil
    }

    /// Records an issue about this value.
    public func report(_ message: String) {
        log.add(line: line, column: column, field: field, message: message)
    }

    /// An issue about this value, for callers that keep issues of their own (such as cross-file checks).
    public func issue(_ message: String) -> ConfigIssue {
        ConfigIssue(file: log.file, line: line, column: column, field: field, message: message)
    }

    // MARK: - Scalars

    /// Non-empty text. Surrounding white space and the final line break of a block scalar are removed.
    public func string() -> String? {
        guard case let .scalar(scalar) = node, !isNull else {
            report("expected text, found \(found)")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            report("must not be empty")
            return nil
        }
        if let problem = TextRule.problem(text, kind: textKind) {
            report(problem)
            return nil
        }
        return text
    }

    /// Names, codes and titles are one-line fields (`TextRule.Kind.line`); every other text may be a note.
    var textKind: TextRule.Kind {
        let key = field.split(separator: ".").last.map { String($0.prefix { $0 != "[" }) } ?? field
        return key == "name" || key.hasSuffix("_name") || key == "code" || key == "title" || key.hasPrefix("title_") ? .line : .note
    }

    /// A whole number written without quotes, within `range`.
    public func int(in range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        guard case let .scalar(scalar) = node, !isNull else {
            report("expected an integer, found \(found)")
            return nil
        }
        let text = scalar.string
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else {
            report("expected an integer, found \(found)")
            return nil
        }
        // A quoted number is text to YAML; saying so beats silently accepting it in one place and not another.
        guard scalar.style == .plain || scalar.style == .any else {
            report("expected an integer, found the quoted text \(found) (write numbers without quotes)")
            return nil
        }
        guard range.contains(value) else {
            report("\(Self.describe(range)), found \(value)")
            return nil
        }
        return value
    }

    /// `true` or `false`, unquoted. YAML 1.1's `yes`, `no`, `on` and `off` are refused: they surprise people.
    public func bool() -> Bool? {
        if case let .scalar(scalar) = node, scalar.style == .plain || scalar.style == .any {
            switch scalar.string {
            case "true": return true
            case "false": return false
            default: break
            }
        }
        report("expected true or false, found \(found)")
        return nil
    }

    /// Text that must be one of `allowed`.
    public func choice(from allowed: [String]) -> String? {
        guard let text = string() else { return nil }
        guard allowed.contains(text) else {
            report(Self.unknownValue(text, allowed: allowed))
            return nil
        }
        return text
    }

    /// A value of a string-backed enumeration, by its raw value; the issue lists the allowed ones.
    public func enumValue<T>(_ type: T.Type = T.self) -> T? where T: RawRepresentable & CaseIterable, T.RawValue == String {
        guard let text = string() else { return nil }
        guard let value = T(rawValue: text) else {
            report(Self.unknownValue(text, allowed: T.allCases.map(\.rawValue)))
            return nil
        }
        return value
    }

    /// A `{vi: …, en: …}` mapping; both languages are required and must not be empty.
    public func localized() -> LocalizedText? {
        mapping(named: "a text in two languages") { text in
            text.declare("vi", "en")
            let vi = text.string("vi")
            let en = text.string("en")
            guard let vi, let en else { return nil }
            return LocalizedText(vi: vi, en: en)
        }
    }

    // MARK: - Collections

    /// The items of a list, each read by `item`. Items for which `item` returns nil are left out
    /// (their issues are already recorded). Returns nil when the value is not a list.
    public func list<T>(nonEmpty: Bool = false, _ item: (ValueReader) -> T?) -> [T]? {
        guard case let .sequence(sequence) = node else {
            report("expected a list, found \(found)")
            return nil
        }
        if nonEmpty && sequence.isEmpty {
            report("must not be empty")
        }
        return sequence.enumerated().compactMap { index, child in
            item(ValueReader(node: child, log: log, field: "\(field)[\(index)]"))
        }
    }

    /// Reads a mapping with `body`, then flags the keys `body` did not ask for (see `MappingReader.finish()`).
    ///
    /// - Parameter named: how messages call this mapping, such as `"a monthly schedule"`.
    public func mapping<T>(named: String? = nil, _ body: (MappingReader) -> T?) -> T? {
        guard let reader = MappingReader(node: node, log: log, field: field) else {
            report("expected a mapping (key: value), found \(found)")
            return nil
        }
        reader.name = named
        let value = body(reader)
        reader.finish()
        return value
    }

    /// A mapping whose keys are free (such as clause topics), in file order. Each value is read by `body`;
    /// entries for which it returns nil are left out. Returns nil when the value is not a mapping.
    public func entries<T>(_ body: (_ key: String, _ value: ValueReader) -> T?) -> [(key: String, value: T)]? {
        mapping { reader in
            reader.allowAnyKey()
            return reader.keys.compactMap { key -> (key: String, value: T)? in
                guard let value = reader.required(key), let result = body(key, value) else { return nil }
                return (key, result)
            }
        }
    }

    // MARK: - Messages

    /// How the value looks in a message: `'abc'`, `a list`, `a mapping`, `nothing`.
    var found: String {
        switch node {
        case let .scalar(scalar):
            if isNull { return "nothing" }
            let text = scalar.string
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "'\(shown)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == Int.max { return "must be at least \(range.lowerBound)" }
        if range.lowerBound == Int.min { return "must be at most \(range.upperBound)" }
        return "must be between \(range.lowerBound) and \(range.upperBound)"
    }

    static func unknownValue(_ text: String, allowed: [String]) -> String {
        var message = "unknown value '\(text)' (expected one of: \(allowed.joined(separator: ", ")))"
        if let guess = Spelling.closest(to: text, in: allowed) {
            message += "; did you mean '\(guess)'?"
        }
        return message
    }
}
