import EntrustCore
import Foundation

/// What no field of an entrust CSV file needs: names, codes and references are short. A longer field is a quote left
/// open, a file that is not what it says, or an attempt to fill the database.
enum CSVLimits {
    static let maxFieldCharacters = 1000
}

extension CSVTable {
    /// Checks the raw bytes of a small CSV file before CSV.swift reads them, and names the line and column of what
    /// that reader would silently accept or garble: bytes that are not UTF-8, a byte order mark in the middle of the
    /// file (two exports joined), a quote left open (CSV.swift runs it to the end of the file), a quote inside an
    /// unquoted field or text after a closing quote (CSV.swift keeps them as data), and fields longer than
    /// `CSVLimits.maxFieldCharacters`.
    ///
    /// Line ends may be LF, CRLF or CR alone, as CSV.swift reads them; physical lines are counted the same way.
    /// - Returns: the first `limit` issues, and how many there were.
    static func check(_ bytes: [UInt8], file: String, limit: Int = 50) -> (issues: [RowIssue], total: Int) {
        var issues: [RowIssue] = []
        var total = 0
        func report(_ line: Int, column: String?, field: String? = nil, value: String, reason: String) {
            total += 1
            if issues.count < limit {
                issues.append(RowIssue(location: SourceLocation(file: file, line: line, column: column), field: field ?? column ?? "row",
                                       value: value, reason: reason))
            }
        }

        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        var state = State.fieldStart
        var line = 1, recordLine = 1
        var header: [String] = []
        var inHeader = true
        var fieldIndex = 0
        var fieldStart = 0
        var recordHasProblem = false
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3; fieldStart = 3 }

        func endField(at end: Int) {
            var range = fieldStart..<end
            // The quotes are ASCII: checking the raw bytes checks the text, but the value shown goes without them.
            if range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\""), bytes[range.upperBound - 1] == UInt8(ascii: "\"") {
                range = (range.lowerBound + 1)..<(range.upperBound - 1)
            }
            let field = bytes[range]
            let column = inHeader ? nil : (fieldIndex < header.count && !header[fieldIndex].isEmpty ? header[fieldIndex] : "\(fieldIndex + 1)")
            let name = inHeader ? "header" : column
            func shown() -> String { String(decoding: field.prefix(200), as: UTF8.self) }
            if field.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) == nil {
                report(recordLine, column: column, field: name, value: shown(), reason: "is not valid UTF-8 (save the file as CSV UTF-8)")
            } else if field.containsByteOrderMark {
                report(recordLine, column: column, field: name, value: shown(), reason: """
                    contains a byte order mark (U+FEFF, an invisible mark that starts a file): were two files joined? \
                    Remove it, or save the file as CSV UTF-8 again
                    """)
            } else if field.count > CSVLimits.maxFieldCharacters,
                      field.lazy.filter({ $0 & 0xC0 != 0x80 }).count > CSVLimits.maxFieldCharacters {
                report(recordLine, column: column, field: name, value: shown(),
                       reason: "is longer than \(CSVLimits.maxFieldCharacters) characters; no field of this file needs that many (is a quote left open?)")
            }
            if inHeader { header.append(String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespaces)) }
            fieldIndex += 1
            fieldStart = end + 1
        }
        func endRecord() {
            inHeader = false
            fieldIndex = 0
            recordHasProblem = false
            state = .fieldStart
        }
        func problem(_ reason: String) {
            if !recordHasProblem { report(recordLine, column: nil, value: "", reason: reason) }
            recordHasProblem = true
        }
        /// A line end at `index` (LF, CRLF or CR): ends the record and moves to the next line; returns the next index.
        func lineEnd(at index: Int) -> Int {
            endField(at: index)
            endRecord()
            var next = index + 1
            if bytes[index] == UInt8(ascii: "\r"), next < bytes.count, bytes[next] == UInt8(ascii: "\n") { next += 1 }
            line += 1
            recordLine = line
            fieldStart = next
            return next
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch state {
            case .fieldStart, .unquoted:
                switch byte {
                case UInt8(ascii: ","):
                    endField(at: index)
                    state = .fieldStart
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    index = lineEnd(at: index)
                    continue
                case UInt8(ascii: "\""):
                    if state == .fieldStart {
                        state = .quoted
                    } else {
                        problem("a quote inside an unquoted field (quote the whole field and double the quote: \"\"\"\")")
                    }
                default:
                    state = .unquoted
                }
            case .quoted:
                if byte == UInt8(ascii: "\"") {
                    state = .quoteInQuoted
                } else if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && (index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n"))) {
                    line += 1
                }
            case .quoteInQuoted:
                switch byte {
                case UInt8(ascii: "\""):
                    state = .quoted
                case UInt8(ascii: ","):
                    endField(at: index)
                    state = .fieldStart
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    index = lineEnd(at: index)
                    continue
                default:
                    problem("text after a closing quote (a field is either wholly quoted or not at all)")
                    state = .unquoted
                }
            }
            index += 1
        }
        if state == .quoted {
            report(recordLine, column: nil, value: "", reason: "a quoted field opened on this line is never closed")
        } else if fieldStart < bytes.count || fieldIndex > 0 {
            endField(at: bytes.count)
        }
        return (issues, total)
    }
}
