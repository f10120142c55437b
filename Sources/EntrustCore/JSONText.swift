/// JSON string escaping, in one place for the three writers that build JSON text by hand (the outbox payload, the
/// webhook envelope, endpoint body templates). The output is what Foundation's JSONEncoder writes: `\"`, `\\`, `\n`,
/// `\r`, `\t`, `\b`, `\f`, other control characters as lower-case `\u00xx`; everything else stays as UTF-8.
public enum JSONText {
    /// Appends the escaped inside of a JSON string (no quotes). `lineSeparators` also escapes U+2028 and U+2029, for
    /// JSON that may end up inside JavaScript.
    public static func appendEscaped(_ text: String, to out: inout String, lineSeparators: Bool = false) {
        // The common case, nothing to escape: one append.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || (lineSeparators && $0 == 0xE2) }) {
            out += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20 || (lineSeparators && (scalar.value == 0x2028 || scalar.value == 0x2029)):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    /// Appends `text` as a quoted JSON string.
    public static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        appendEscaped(text, to: &out)
        out += "\""
    }

    /// `text` as a quoted JSON string.
    public static func quoted(_ text: String) -> String {
        var out = ""
        appendQuoted(text, to: &out)
        return out
    }
}
