import Foundation

/// One header field, folded for the wire, with non-ASCII text as RFC 2047 encoded-words.
///
/// Every line that holds an encoded-word stays within 76 characters (RFC 2047 §2), each
/// encoded-word within 75, and an encoded-word never splits a character: text is cut between
/// grapheme clusters (so a Vietnamese letter and its combining marks stay together), and only
/// a cluster too long for any word is cut between Unicode scalars.
struct MIMEHeader {
    static let lineLimit = 76
    static let wordLimit = 75
    /// `=?UTF-8?B?` + `?=`
    private static let wordOverhead = 12

    /// Finished lines; every line after the first starts with the folding space.
    private var lines: [String] = []
    private var current: String
    /// False until something follows the field name, so a long first token is never folded off it.
    private var hasContent = false

    init(_ name: String) {
        current = name + ":"
    }

    /// The field as sent, lines joined by CRLF SP, without the final CRLF.
    var rendered: String {
        (lines + [current]).joined(separator: "\r\n")
    }

    // MARK: - Adding text

    /// Unstructured text (a subject): kept as it is when it is plain, short-enough-per-word ASCII,
    /// otherwise sent as encoded-words.
    mutating func appendText(_ text: String) {
        let flattened = Self.flattenControls(text)
        if Self.isPlain(flattened) {
            for word in flattened.split(separator: " ") {
                appendToken(String(word))
            }
        } else {
            appendEncodedWords(flattened)
        }
    }

    /// A display name in an address (an RFC 5322 phrase): a quoted string if ASCII, else encoded-words.
    mutating func appendPhrase(_ text: String) {
        let flattened = Self.flattenControls(text)
        if flattened.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !flattened.contains("=?") {
            let escaped = flattened.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            appendToken("\"\(escaped)\"")
        } else {
            appendEncodedWords(flattened)
        }
    }

    /// A token that must not be split (an `<address>`), moved to a new line if it does not fit.
    mutating func appendToken(_ token: String) {
        let fresh = current == " "
        if !fresh && hasContent && current.utf8.count + 1 + token.utf8.count > Self.lineLimit {
            fold()
            current += token
        } else {
            current += (fresh ? "" : " ") + token
        }
        hasContent = true
    }

    /// Appends text with no separator (the comma between addresses).
    mutating func appendRaw(_ text: String) {
        current += text
    }

    /// Starts a new continuation line.
    mutating func fold() {
        lines.append(current)
        current = " "
    }

    private mutating func appendEncodedWords(_ text: String) {
        // Units are whole characters; only a cluster too long for any word is cut between scalars.
        var units: [[UInt8]] = []
        for character in text {
            let bytes = Array(character.utf8)
            if Self.encodedLength(bytes.count) <= Self.wordLimit {
                units.append(bytes)
            } else {
                units += character.unicodeScalars.map { Array(String($0).utf8) }
            }
        }
        var index = 0
        while index < units.count {
            let separator = current == " " ? "" : " "
            let room = min(Self.wordLimit, Self.lineLimit - current.utf8.count - separator.utf8.count)
            guard Self.encodedLength(units[index].count) <= room else {
                fold()
                continue
            }
            var bytes: [UInt8] = []
            while index < units.count, Self.encodedLength(bytes.count + units[index].count) <= room {
                bytes += units[index]
                index += 1
            }
            current += separator + Self.encodedWord(bytes)
        }
        hasContent = true
    }

    // MARK: - Encoding

    static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// Length of the encoded-word for `byteCount` bytes of UTF-8.
    static func encodedLength(_ byteCount: Int) -> Int {
        wordOverhead + (byteCount + 2) / 3 * 4
    }

    /// Plain ASCII that survives folding at spaces unchanged: no runs of spaces, no "=?", no controls.
    private static func isPlain(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
            && !text.contains("=?") && !text.contains("  ")
            && !text.hasPrefix(" ") && !text.hasSuffix(" ")
            && text.split(separator: " ").allSatisfy { $0.utf8.count <= lineLimit - 2 }
    }

    /// Line breaks and tabs in a subject or a name become spaces: a header has one logical line.
    private static func flattenControls(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }
}
