import CSV
import EntrustCore
import Foundation

/// A CSV file with a header row (UTF-8, a BOM tolerated, RFC 4180 quoting), read row by row with every bad cell
/// collected as a `RowIssue` naming its line and column. Shared by the organisation and group importers.
///
/// Files are read whole: CSV.swift's stream reader reports a spurious error at end of file on Linux, and decoding
/// first gives a clear message for text that is not UTF-8. These files are small (thousands of rows).
final class CSVTable {
    let file: String
    let header: [String]
    private let reader: CSVReader
    private(set) var issues: [RowIssue] = []
    private var line = 1

    /// Reads the header and checks it: unknown columns are refused by name (typos are caught), required ones must be there.
    init(data: Data, file: String, required: [String], optional: [String]) throws {
        self.file = file
        // CSV.swift accepts what it cannot read (it runs an open quote to the end of the file, keeps stray quotes as
        // data) and cannot say where text is not UTF-8: check the bytes first, naming line and column.
        let checked = Self.check([UInt8](data), file: file)
        if checked.total > 0 { throw StoreError.rows(checked.issues, total: checked.total) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StoreError.invalid(field: "file", value: file, reason: "is not valid UTF-8 text (save it as CSV UTF-8)")
        }
        do { reader = try CSVReader(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true) } catch {
            throw StoreError.invalid(field: "file", value: file, reason: "is not a readable CSV file (check that it is CSV UTF-8 with a header row)")
        }
        header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        let known = required + optional
        for column in header where !known.contains(column) {
            // A misspelling of a column that is not there yet: say which one (`comune` → `commune`).
            let missing = known.filter { !header.contains($0) }
            let scored = missing.map { ($0, LoanColumn.editDistance(column.lowercased(), $0)) }.filter { $0.1 <= 2 }
            let best = scored.map(\.1).min()
            let guess = scored.filter { $0.1 == best }.count == 1 ? scored.first { $0.1 == best }?.0 : nil
            issues.append(RowIssue(location: SourceLocation(file: file, line: 1, column: column), field: "header", value: column,
                                   reason: "unknown column" + (guess.map { " (did you mean '\($0)'?)" } ?? "")
                                       + " (expected: \(known.joined(separator: ", ")))"))
        }
        for column in required where !header.contains(column) {
            issues.append(RowIssue(location: SourceLocation(file: file, line: 1, column: column), field: "header", value: "",
                                   reason: "missing column '\(column)'"))
        }
        if !issues.isEmpty { throw StoreError.rows(Array(issues.prefix(50)), total: issues.count) }
    }

    convenience init(url: URL, required: [String], optional: [String]) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw StoreError.invalid(field: "file", value: url.path, reason: "cannot be read")
        }
        try self.init(data: data, file: url.lastPathComponent, required: required, optional: optional)
    }

    /// Calls `body` for each non-blank row with the right number of fields; other rows become issues.
    func forEachRow(_ body: (CSVRow) -> Void) {
        while let row = reader.next() {
            line += 1
            let rowLine = line
            // A quoted field may span lines; keep counting physical lines so errors point at the right one. CRLF is one
            // Character in Swift, so count scalars: LF, and CR not followed by LF.
            line += row.reduce(0) { $0 + Self.lineBreaks(in: $1) }
            if row.count == 1 && row[0].isEmpty { continue }
            guard row.count == header.count else {
                issues.append(RowIssue(location: SourceLocation(file: file, line: rowLine), field: "row", value: "\(row.count) fields",
                                       reason: "expected \(header.count) fields like the header"))
                continue
            }
            var fields: [String: String] = [:]
            for (name, value) in zip(header, row) {
                // Spaces, tabs and line ends around a cell go (a spreadsheet's stray CR or tab); inside it they are refused.
                let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
                // One rule for text at every door (TextRule): cells are one-line fields, but for notes and reasons.
                let kind: TextRule.Kind = name.contains("note") || name.contains("reason") ? .note : .line
                if let problem = TextRule.problem(text, kind: kind) {
                    issues.append(RowIssue(location: SourceLocation(file: file, line: rowLine, column: name), field: name,
                                           value: String(text.prefix(60)), reason: problem))
                }
                fields[name] = text
            }
            body(CSVRow(table: self, line: rowLine, fields: fields))
        }
        if reader.error != nil {
            issues.append(RowIssue(location: SourceLocation(file: file, line: line + 1), field: "file", value: "",
                                   reason: "the CSV cannot be read past this line; are its quotes balanced?"))
        }
    }

    func report(_ issue: RowIssue) { issues.append(issue) }

    /// Line breaks in a field's text: LF, CRLF and CR alone each count once.
    static func lineBreaks(in text: String) -> Int {
        var count = 0
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" { if !afterCR { count += 1 } } else if scalar == "\r" { count += 1 }
            afterCR = scalar == "\r"
        }
        return count
    }

    /// Throws every issue found (up to `limit`, then a count), or returns when the file was good.
    func finish(limit: Int = 50) throws {
        if !issues.isEmpty { throw StoreError.rows(Array(issues.prefix(limit)), total: issues.count) }
    }
}

/// One row of a `CSVTable`: typed readers that report a bad or missing cell with its line and column.
struct CSVRow {
    let table: CSVTable
    let line: Int
    let fields: [String: String]

    var source: SourceLocation { SourceLocation(file: table.file, line: line) }

    /// The cell's text, or nil when the column is absent or the cell empty.
    func value(_ name: String) -> String? { fields[name].flatMap { $0.isEmpty ? nil : $0 } }

    func fail(_ name: String, _ reason: String) {
        table.report(RowIssue(location: SourceLocation(file: table.file, line: line, column: name), field: name,
                              value: fields[name] ?? "", reason: reason))
    }

    func required(_ name: String) -> String? {
        guard let text = value(name) else { fail(name, "is required"); return nil }
        return text
    }

    func date(_ name: String, required isRequired: Bool = true) -> LocalDate? {
        guard let text = isRequired ? required(name) : value(name) else { return nil }
        guard let date = LocalDate(iso: text) else { fail(name, "is not a valid date (YYYY-MM-DD, a day that exists)"); return nil }
        guard LocalDate.inputYears.contains(date.year) else {
            fail(name, "is out of range (the year must be from \(LocalDate.inputYears.lowerBound) to \(LocalDate.inputYears.upperBound))"); return nil
        }
        return date
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) -> T? where T.RawValue == String {
        guard let raw = required(name) else { return nil }
        guard let parsed = T(rawValue: raw) else {
            fail(name, "expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return parsed
    }

    /// true/false, yes/no, 1/0 or x; empty is false.
    func flag(_ name: String) -> Bool {
        guard let raw = value(name)?.lowercased() else { return false }
        if ["1", "true", "yes", "x"].contains(raw) { return true }
        if ["0", "false", "no"].contains(raw) { return false }
        fail(name, "expected true or false")
        return false
    }

    func integer(_ name: String, in range: ClosedRange<Int>, expected: String) -> Int? {
        guard let raw = value(name) else { return nil }
        guard let number = Int(raw), range.contains(number) else { fail(name, "expected \(expected)"); return nil }
        return number
    }
}
