/// The few things the PostgreSQL backend must do to store SQL text before sending it: placeholders and statement
/// boundaries, found by one scanner that knows what is not code.
///
/// Store SQL uses SQLite's positional placeholders, `?` (the n-th `?` is argument n) and `?NNN` (argument NNN);
/// PostgreSQL wants `$n`. A `?` or `;` inside a string literal (`'…'`, with `''` for a quote), a quoted identifier
/// (`"…"`), a dollar-quoted string (`$tag$…$tag$`), a line comment (`-- …`) or a block comment (`/* … */`, which
/// PostgreSQL lets nest) is text, not syntax, and stays as it is.
enum SQLText {
    /// `sql` with `?` and `?NNN` rewritten to `$n`, and the highest parameter number used.
    static func rewritingPlaceholders(_ sql: String) -> (sql: String, parameters: Int) {
        var output: [UInt8] = []
        output.reserveCapacity(sql.utf8.count + 8)
        var next = 1
        var highest = 0
        scan(sql) { bytes, range, isCode in
            guard isCode else {
                output.append(contentsOf: bytes[range])
                return
            }
            var index = range.lowerBound
            while index < range.upperBound {
                let byte = bytes[index]
                guard byte == UInt8(ascii: "?") else {
                    output.append(byte)
                    index += 1
                    continue
                }
                var end = index + 1
                while end < range.upperBound, isDigit(bytes[end]) { end += 1 }
                let number: Int
                if end > index + 1, let explicit = Int(String(decoding: bytes[(index + 1)..<end], as: UTF8.self)) {
                    number = explicit
                } else {
                    number = next
                    next += 1
                }
                highest = max(highest, number)
                output.append(UInt8(ascii: "$"))
                output.append(contentsOf: Array(String(number).utf8))
                index = end
            }
        }
        return (String(decoding: output, as: UTF8.self), highest)
    }

    /// The statements of a script, split at the semicolons that are code, trimmed, without empty ones (a comment
    /// alone is not a statement either).
    static func statements(_ sql: String) -> [String] {
        var statements: [String] = []
        var current: [UInt8] = []
        var hasCode = false
        func finish() {
            let text = trimmed(String(decoding: current, as: UTF8.self))
            if hasCode, !text.isEmpty { statements.append(text) }
            current = []
            hasCode = false
        }
        scan(sql) { bytes, range, isCode in
            guard isCode else {
                current.append(contentsOf: bytes[range])
                // A literal or quoted identifier is part of a statement; a comment is not.
                if bytes[range.lowerBound] != UInt8(ascii: "-"), bytes[range.lowerBound] != UInt8(ascii: "/") {
                    hasCode = true
                }
                return
            }
            for byte in bytes[range] {
                if byte == UInt8(ascii: ";") {
                    finish()
                } else {
                    current.append(byte)
                    if !isSpace(byte) { hasCode = true }
                }
            }
        }
        finish()
        return statements
    }

    /// Calls `visit` with consecutive byte ranges of `sql`, each either code or one literal, identifier or comment.
    private static func scan(_ sql: String, _ visit: (_ bytes: [UInt8], _ range: Range<Int>, _ isCode: Bool) -> Void) {
        let bytes = Array(sql.utf8)
        let count = bytes.count
        var codeStart = 0
        var index = 0
        while index < count {
            let byte = bytes[index]
            var end: Int?
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                // A doubled quote inside is an escaped quote; an unterminated literal runs to the end.
                var cursor = index + 1
                while cursor < count {
                    if bytes[cursor] == byte {
                        if cursor + 1 < count, bytes[cursor + 1] == byte { cursor += 2; continue }
                        cursor += 1
                        break
                    }
                    cursor += 1
                }
                end = min(cursor, count)
            case UInt8(ascii: "-") where index + 1 < count && bytes[index + 1] == UInt8(ascii: "-"):
                var cursor = index + 2
                while cursor < count, bytes[cursor] != UInt8(ascii: "\n") { cursor += 1 }
                end = cursor
            case UInt8(ascii: "/") where index + 1 < count && bytes[index + 1] == UInt8(ascii: "*"):
                var depth = 1
                var cursor = index + 2
                while cursor < count, depth > 0 {
                    if bytes[cursor] == UInt8(ascii: "*"), cursor + 1 < count, bytes[cursor + 1] == UInt8(ascii: "/") {
                        depth -= 1
                        cursor += 2
                    } else if bytes[cursor] == UInt8(ascii: "/"), cursor + 1 < count, bytes[cursor + 1] == UInt8(ascii: "*") {
                        depth += 1
                        cursor += 2
                    } else {
                        cursor += 1
                    }
                }
                end = cursor
            case UInt8(ascii: "$"):
                end = dollarQuoteEnd(bytes, from: index)
            default:
                break
            }
            if let end {
                if index > codeStart { visit(bytes, codeStart..<index, true) }
                visit(bytes, index..<end, false)
                index = end
                codeStart = end
            } else {
                index += 1
            }
        }
        if count > codeStart { visit(bytes, codeStart..<count, true) }
    }

    /// Where a dollar-quoted string starting at `start` ends, or nil when the `$` does not open one (`$1`, say).
    private static func dollarQuoteEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        // A tag is empty or an identifier; it cannot start with a digit, which keeps `$1` a parameter. A `$` that
        // continues an identifier (PostgreSQL allows `a$b`) opens nothing.
        if start > 0, isIdentifier(bytes[start - 1]) { return nil }
        var cursor = start + 1
        while cursor < bytes.count, isIdentifier(bytes[cursor]) {
            if cursor == start + 1, isDigit(bytes[cursor]) { return nil }
            cursor += 1
        }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "$") else { return nil }
        let tag = Array(bytes[start...cursor])
        var search = cursor + 1
        while search + tag.count <= bytes.count {
            if bytes[search] == UInt8(ascii: "$"), Array(bytes[search..<(search + tag.count)]) == tag {
                return search + tag.count
            }
            search += 1
        }
        return bytes.count
    }

    private static func trimmed(_ text: String) -> String {
        var scalars = Substring(text)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    private static func isIdentifier(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte >= 0x80
    }
}
