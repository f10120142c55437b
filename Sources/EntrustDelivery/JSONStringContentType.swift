import Mustache

/// Escapes inserted values as the inside of a JSON string, so that an endpoint's JSON body template stays
/// valid JSON whatever a name or a title contains (quotes, backslashes, line breaks).
struct JSONStringContentType: MustacheContentType {
    static let name = "JSON"

    /// Registered once, before the first endpoint template is parsed.
    static let registered: Void = MustacheContentTypes.register(JSONStringContentType(), named: name)

    func escapeText(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
