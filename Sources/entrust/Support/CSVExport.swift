import ArgumentParser
import Foundation

/// CSV for people to open in a spreadsheet: UTF-8 with RFC 4180 quoting, and cells that a spreadsheet would run as a
/// formula (starting with =, +, -, @, a tab or a carriage return) prefixed with an apostrophe. Plain numbers, negative
/// ones included, are left as they are. Hand-written: CSV.swift is the store's reader, and writing is a few lines.
enum CSVExport {
    static func cell(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isPlainNumber(value) {
            value = "'" + value
        }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            value = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    static func isPlainNumber(_ text: String) -> Bool {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        return !body.isEmpty && parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    static func line(_ cells: [String]) -> String { cells.map(cell).joined(separator: ",") }

    /// Prints a header and rows, lines ending in CRLF as RFC 4180 asks.
    static func print(_ header: [String], _ rows: [[String]]) {
        var out = line(header) + "\r\n"
        for row in rows { out += line(row) + "\r\n" }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case table, csv, json
}
