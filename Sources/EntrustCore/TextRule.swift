/// The one rule for text a person enters, whatever the door (CLI, API, forms, CSV, YAML): no control characters
/// (they cut text short in C strings, SQLite and audit rows, and hide in names), and one length limit per kind of field.
///
/// | Kind | Limit | Examples |
/// |---|---|---|
/// | `line` | 200 characters, one line | names, codes, titles, places, CSV cells |
/// | `note` | 2,000 characters, tabs and line breaks allowed | evidence, reasons, minutes, notes, YAML descriptions |
public enum TextRule: Sendable {
    public enum Kind: Sendable {
        /// Names, codes, titles, places: one line.
        case line
        /// Evidence, reasons, notes and minutes: may hold tabs and line breaks.
        case note

        public var limit: Int {
            switch self {
            case .line: TextRule.lineLimit
            case .note: TextRule.noteLimit
            }
        }
    }

    public static let lineLimit = 200
    public static let noteLimit = 2_000

    /// Why `text` breaks the rule for `kind`, or nil when it does not.
    public static func problem(_ text: some StringProtocol, kind: Kind) -> String? {
        if let problem = controlCharacter(in: text, allowingBreaks: kind == .note) { return problem }
        let count = text.unicodeScalars.count
        if count > kind.limit {
            return "is \(count) characters long; at most \(kind.limit) are allowed here"
        }
        return nil
    }

    /// Why `text` holds a control character (tabs and line breaks pass when `allowingBreaks`), or nil.
    public static func controlCharacter(in text: some StringProtocol, allowingBreaks: Bool) -> String? {
        var position = 0
        for scalar in text.unicodeScalars {
            position += 1
            guard isControl(scalar), !(allowingBreaks && (scalar == "\t" || scalar == "\n" || scalar == "\r")) else { continue }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "contains a control character (U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex)) at character \(position); remove it"
        }
        return nil
    }

    /// Throws `CoreError.invalidText` naming the field when `text` breaks the rule for `kind`.
    public static func check(_ text: some StringProtocol, field: String, kind: Kind) throws {
        if let problem = problem(text, kind: kind) {
            throw CoreError.invalidText(field: field, value: String(text.prefix(60)), problem: problem)
        }
    }

    /// C0 and C1 control characters and DEL (Unicode general category Cc).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
