import EntrustCore
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
        JSONText.appendEscaped(text, to: &escaped, lineSeparators: true)
        return escaped
    }
}
