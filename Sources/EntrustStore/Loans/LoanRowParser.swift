import EntrustCore
import Foundation
import GRDB

/// Good rows of the loan extract on their way to the database, a few thousand at a time.
///
/// Flat arrays rather than a struct per row: the parser appends without allocating per row, and the writer binds text
/// straight from `text` (no `String` is built for a good row).
public struct LoanBatch: Sendable {
    static let rows = 4096
    /// Per row, in this order: loan_id, borrower_id, borrower_name, programme_code, disbursed_on, maturity_on,
    /// last_transaction_on (empty when there is none), back to back.
    var text: [UInt8] = []
    /// Per row, where each of its seven texts ends in `text`.
    var ends: [Int32] = []
    /// Per row: the line, the group id, disbursed_amount and the nine amounts of `LoanColumn.amounts`.
    var numbers: [Int64] = []
    /// Rows (positions in this batch) disbursed since the previous snapshot: maybe new disbursements.
    var fresh: [Int32] = []
    /// How far the reader had got in the file, for progress.
    var bytesRead: Int64 = 0
    var fileSize: Int64 = 0

    static let textsPerRow = 7
    static let numbersPerRow = 12

    var count: Int { numbers.count / Self.numbersPerRow }

    mutating func append(text bytes: UnsafeBufferPointer<UInt8>) {
        text.append(contentsOf: bytes)
        ends.append(Int32(text.count))
    }

    init() {
        text.reserveCapacity(Self.rows * 96)
        ends.reserveCapacity(Self.rows * Self.textsPerRow)
        numbers.reserveCapacity(Self.rows * Self.numbersPerRow)
    }
}

/// The groups of the database by code, read once per import: each row's group is looked up here, not queried.
struct GroupCodes: Sendable {
    /// Code → position in `ids`.
    private(set) var positions: [String: Int] = [:]
    private(set) var ids: [Int64] = []

    init(_ db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT code, id FROM savings_group")
        while let row = try rows.next() {
            positions[row[0]] = ids.count
            ids.append(row[1])
        }
    }
}

/// Turns the loan extract's records into typed rows, reporting every bad cell with its line and column.
///
/// Works on bytes: amounts and dates are parsed without building strings, text is validated as UTF-8 per field and
/// copied as bytes into a `LoanBatch`. Only the group code becomes a (small, inline) string, to look the group up.
struct LoanRowParser {
    let file: String
    let month: YearMonth
    let today: LocalDate
    let groups: GroupCodes
    let limit: Int
    private(set) var issues: [RowIssue] = []
    private(set) var total = 0

    /// Totals of the good rows.
    private(set) var outstanding: Int64 = 0
    private(set) var savings: Int64 = 0
    private var groupSeen: [Bool]
    private(set) var groupsSeen = 0
    /// Good rows disbursed within `window` are marked in their batch's `fresh` (the new disbursements to look for).
    let window: (after: Int, upTo: Int)

    /// Field position of each column of `LoanColumn.allCases`, once the header is read.
    private var positions: [Int] = []
    private let monthEnd: Int, monthEndISO: String, todayKey: Int

    /// `window`: disbursement days after `after` up to `upTo` (as `YYYYMMDD` numbers) mark a row as a possible new
    /// disbursement.
    init(file: String, month: YearMonth, today: LocalDate, groups: GroupCodes, limit: Int, window: (after: Int, upTo: Int) = (0, 0)) {
        self.file = file
        self.month = month
        self.today = today
        self.groups = groups
        self.groupSeen = [Bool](repeating: false, count: groups.ids.count)
        self.limit = limit
        self.window = window
        monthEnd = Self.key(month.lastDay)
        monthEndISO = month.lastDay.iso
        todayKey = Self.key(today)
    }

    static func key(_ date: LocalDate) -> Int { date.year * 10_000 + date.month * 100 + date.day }

    mutating func report(line: Int, column: String?, value: String, reason: String, field: String? = nil) {
        total += 1
        if issues.count < limit {
            issues.append(RowIssue(location: SourceLocation(file: file, line: line, column: column), field: field ?? column ?? "row",
                                   value: value, reason: reason))
        }
    }

    /// The next record, with reading failures turned into row issues (and reading stopped where it cannot go on).
    mutating func nextRecord(_ reader: CSVStreamReader) throws -> CSVStreamReader.Record? {
        do {
            while let record = try reader.next() {
                if record.isBlank { continue }
                return record
            }
            return nil
        } catch let error as CSVStreamReader.ReadError {
            switch error {
            case .cannotOpen(let path):
                throw StoreError.invalid(field: "file", value: path, reason: "cannot be read")
            case .binary:
                throw StoreError.invalid(field: "file", value: file, reason: "is not a CSV text file (it contains binary data; export the extract as CSV UTF-8)")
            case .recordTooLong(let line):
                report(line: line, column: nil, value: "", reason: "a row longer than 1 MiB: this is not a loan extract row (is a quote left open, do the lines end in a carriage return alone, or is the file not CSV?)")
            case .unclosedQuote(let line):
                report(line: line, column: nil, value: "", reason: "a quoted field opened on this line is never closed")
            }
            return nil
        }
    }

    /// Reads and checks the header: every column present once, none unknown (a misspelling names its likely column).
    mutating func readHeader(_ reader: CSVStreamReader) throws -> [LoanColumn]? {
        guard let record = try nextRecord(reader) else {
            if total == 0 {
                throw StoreError.invalid(field: "file", value: file, reason: "is empty; an extract starts with the header row: \(LoanColumn.headerLine)")
            }
            return nil
        }
        // Lines ending in CR alone (classic Mac OS "CSV (Macintosh)") read as one long line: say so, not "unknown column".
        if (0..<record.count).contains(where: { record.field($0).contains(UInt8(ascii: "\r")) }) {
            report(line: 1, column: nil, value: "", reason: Self.carriageReturnsOnly, field: "file")
            return nil
        }
        var columns: [LoanColumn] = []
        var unknown: [(index: Int, name: String)] = []
        for index in 0..<record.count {
            let name = (record.field(index).utf8Text ?? record.field(index).lossyText).trimmingCharacters(in: .whitespaces)
            if let column = LoanColumn(rawValue: name) {
                if columns.contains(column) {
                    report(line: 1, column: name, value: name, reason: "column '\(name)' appears twice in the header", field: "header")
                }
                columns.append(column)
            } else {
                unknown.append((index, name))
            }
        }
        let missing = LoanColumn.allCases.filter { !columns.contains($0) }
        if columns.isEmpty {
            let first = record.count == 1 ? record.field(0).lossyText : (0..<record.count).map { record.field($0).lossyText }.joined(separator: ",")
            throw StoreError.invalid(field: "file", value: file, reason: """
                does not look like a loan extract: its first line '\(first.prefix(60))' is not the header row \
                (expected the columns \(LoanColumn.headerLine))
                """)
        }
        for (index, name) in unknown {
            let guess = LoanColumn.closest(to: name).flatMap { missing.contains($0) ? $0 : nil }
            report(line: 1, column: "\(index + 1)", value: name,
                   reason: "unknown column" + (guess.map { " (did you mean '\($0.rawValue)'?)" } ?? "")
                    + " (expected: \(LoanColumn.headerLine))", field: "header")
        }
        for column in missing {
            report(line: 1, column: nil, value: "", reason: "missing column '\(column.rawValue)'", field: "header")
        }
        guard total == 0 else { return nil }
        positions = LoanColumn.allCases.map { column in columns.firstIndex(of: column)! }
        return columns
    }

    /// Checks one record; a good row is appended to `batch` (true), a bad one reported (false).
    mutating func parse(_ record: CSVStreamReader.Record, header: [LoanColumn], into batch: inout LoanBatch) -> Bool {
        let line = record.line
        if let problem = record.problem {
            report(line: line, column: nil, value: "", reason: problem)
            return false
        }
        guard record.count == header.count else {
            // Only on this error path: look at the bytes for the likely cause.
            let hint: String
            if record.bytes.contains(UInt8(ascii: "\r")) {
                hint = " (" + Self.carriageReturnsOnly + ")"
            } else if record.count > header.count && record.count - header.count <= 2 * (LoanColumn.amounts.count + 1) {
                hint = " (is an amount written with thousands separators, such as 1,500,000, without quotes?)"
            } else {
                hint = ""
            }
            report(line: line, column: nil, value: "\(record.count) fields", reason: "expected \(header.count) fields like the header" + hint)
            return false
        }
        // A byte order mark inside a row: two files joined, the second one's mark now invisible in a cell.
        if record.bytes.contains(0xEF), let index = (0..<record.count).first(where: { record.field($0).containsByteOrderMark }) {
            let column = header[index].rawValue
            report(line: line, column: column, value: record.field(index).lossyText, reason: """
                contains a byte order mark (U+FEFF, an invisible mark that starts a file): were two files joined? \
                Remove it, or save the file as CSV UTF-8 again
                """)
            return false
        }
        let before = total
        func cell(_ column: LoanColumn) -> UnsafeBufferPointer<UInt8> { record.cell(positions[column.index]).trimmedSpaces }

        func text(_ column: LoanColumn) -> UnsafeBufferPointer<UInt8> {
            let bytes = cell(column)
            if !bytes.isValidUTF8 {
                report(line: line, column: column.rawValue, value: bytes.lossyText, reason: "is not valid UTF-8 (save the file as CSV UTF-8)")
            } else if bytes.isEmpty {
                report(line: line, column: column.rawValue, value: "", reason: "is required")
            }
            if bytes.count > CSVLimits.maxFieldCharacters, (bytes.utf8Text?.count ?? 0) > CSVLimits.maxFieldCharacters {
                report(line: line, column: column.rawValue, value: bytes.lossyText,
                       reason: "is longer than \(CSVLimits.maxFieldCharacters) characters; no loan extract field needs that many")
            }
            return bytes
        }
        func date(_ column: LoanColumn, required: Bool = true) -> Int? {
            let bytes = cell(column)
            if bytes.isEmpty {
                if required { report(line: line, column: column.rawValue, value: "", reason: "is required") }
                return nil
            }
            guard let date = Self.date(bytes) else {
                report(line: line, column: column.rawValue, value: bytes.lossyText, reason: "is not a valid date (YYYY-MM-DD, a day that exists)")
                return nil
            }
            return date
        }
        func amount(_ column: LoanColumn, required: Bool = false) -> Int64 {
            let bytes = cell(column)
            if bytes.isEmpty {
                if required { report(line: line, column: column.rawValue, value: "", reason: "is required") }
                return 0
            }
            switch Self.amount(bytes) {
            case .success(let value): return value
            case .failure(let reason):
                report(line: line, column: column.rawValue, value: bytes.lossyText, reason: reason.message)
                return 0
            }
        }

        let loanID = text(.loanID), borrowerID = text(.borrowerID), borrowerName = text(.borrowerName)
        let groupCode = text(.groupCode), programme = text(.programmeCode)
        var group = -1
        if !groupCode.isEmpty && groupCode.isValidUTF8 {
            let code = String(decoding: groupCode, as: UTF8.self)
            if let found = groups.positions[code] { group = found } else {
                report(line: line, column: LoanColumn.groupCode.rawValue, value: code,
                       reason: "unknown group (add it with `entrust groups add` or `groups import` first)")
            }
        }
        let disbursed = date(.disbursedOn), maturity = date(.maturityOn)
        if let disbursed, disbursed > monthEnd {
            report(line: line, column: LoanColumn.disbursedOn.rawValue, value: cell(.disbursedOn).lossyText,
                   reason: "is after the end of the extract's month (\(monthEndISO))")
        } else if let disbursed, disbursed > todayKey {
            report(line: line, column: LoanColumn.disbursedOn.rawValue, value: cell(.disbursedOn).lossyText, reason: "is in the future")
        }
        if let disbursed, let maturity, maturity < disbursed {
            report(line: line, column: LoanColumn.maturityOn.rawValue, value: cell(.maturityOn).lossyText,
                   reason: "is before disbursed_on (\(cell(.disbursedOn).lossyText))")
        }
        let lastTransaction = date(.lastTransactionOn, required: false)
        if let lastTransaction, lastTransaction > monthEnd {
            report(line: line, column: LoanColumn.lastTransactionOn.rawValue, value: cell(.lastTransactionOn).lossyText,
                   reason: "is after the end of the extract's month (\(monthEndISO))")
        }
        let disbursedAmount = amount(.disbursedAmount, required: true)
        let performing = amount(.outstandingPerforming), overdue = amount(.outstandingOverdue), frozen = amount(.outstandingFrozen)
        let principalDue = amount(.principalDue), principalCollected = amount(.principalCollected)
        let interestDue = amount(.interestDue), interestCollected = amount(.interestCollected), arrears = amount(.interestArrears)
        let savingsBalance = amount(.savingsBalance)
        guard total == before, let disbursed, maturity != nil else { return false }

        batch.append(text: loanID)
        batch.append(text: borrowerID)
        batch.append(text: borrowerName)
        batch.append(text: programme)
        batch.append(text: cell(.disbursedOn))
        batch.append(text: cell(.maturityOn))
        batch.append(text: lastTransaction == nil ? UnsafeBufferPointer(start: nil, count: 0) : cell(.lastTransactionOn))
        batch.numbers.append(Int64(line))
        batch.numbers.append(groups.ids[group])
        batch.numbers.append(disbursedAmount)
        batch.numbers.append(performing)
        batch.numbers.append(overdue)
        batch.numbers.append(frozen)
        batch.numbers.append(principalDue)
        batch.numbers.append(principalCollected)
        batch.numbers.append(interestDue)
        batch.numbers.append(interestCollected)
        batch.numbers.append(arrears)
        batch.numbers.append(savingsBalance)
        outstanding = outstanding &+ performing &+ overdue &+ frozen
        savings = savings &+ savingsBalance
        if !groupSeen[group] {
            groupSeen[group] = true
            groupsSeen += 1
        }
        if disbursed > window.after && disbursed <= window.upTo { batch.fresh.append(Int32(batch.count - 1)) }
        return true
    }

    // MARK: - Cells

    enum AmountProblem: Error {
        case negative, separators, decimals, overflow, notANumber

        var message: String {
            switch self {
            case .negative: return "is negative; amounts are zero or more"
            case .separators: return "has thousands separators; write whole đồng with digits only, such as 1500000"
            case .decimals: return "has decimals; the đồng has no minor unit, write whole đồng"
            case .overflow: return "is too large (more than \(LoanRowParser.maxAmountText) đồng, far beyond any policy loan or balance)"
            case .notANumber: return "is not a whole number of đồng"
            }
        }
    }

    /// The largest amount a cell may hold: 100 billion đồng, fifty times the largest policy loan (2 billion đồng to a
    /// job-creating enterprise). Beyond it an amount is a mistake, and the ceiling keeps every sum exact: 6.8 million
    /// rows × 3 outstanding columns × 10^11 is about 2 × 10^18, below Int64's 9.2 × 10^18 (SQLite's SUM would fail
    /// with "integer overflow" on a report, and `&+` would wrap the import's total).
    static let maxAmount: Int64 = 100_000_000_000
    static let maxAmountText = "100,000,000,000"

    static func amount(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int64, AmountProblem> {
        // The common case: up to 18 digits, which cannot overflow.
        if bytes.count <= 18 {
            var value: Int64 = 0
            var plain = !bytes.isEmpty
            for byte in bytes {
                let digit = byte &- UInt8(ascii: "0")
                if digit > 9 { plain = false; break }
                value = value &* 10 &+ Int64(digit)
            }
            if plain { return value > maxAmount ? .failure(.overflow) : .success(value) }
        }
        var value: Int64 = 0
        var overflow = false
        var digits = 0
        var separators: [UInt8] = []
        var groupLengths: [Int] = []
        var run = 0
        for (offset, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                overflow = overflow || o1 || o2
                value = sum
                digits += 1
                run += 1
            case UInt8(ascii: "-") where offset == 0:
                return .failure(.negative)
            case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "_"):
                separators.append(byte)
                groupLengths.append(run)
                run = 0
            default:
                return .failure(.notANumber)
            }
        }
        guard digits > 0 else { return .failure(.notANumber) }
        if !separators.isEmpty {
            groupLengths.append(run)
            // 1.500.000 or 1,500,000: every group after the first has three digits, one separator throughout.
            let grouped = Set(separators).count == 1 && groupLengths.dropFirst().allSatisfy { $0 == 3 } && (1...3).contains(groupLengths[0])
            if grouped { return .failure(.separators) }
            return .failure(separators.count == 1 && separators[0] != UInt8(ascii: " ") ? .decimals : .notANumber)
        }
        return overflow || value > maxAmount ? .failure(.overflow) : .success(value)
    }

    /// YYYY-MM-DD, a day that exists, as the number YYYYMMDD (which orders like the date).
    static func date(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = b[index] &- UInt8(ascii: "0")
                guard digit <= 9 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), year >= 1900,
              LocalDate(year: year, month: month, day: day) != nil else { return nil }
        return year * 10_000 + month * 100 + day
    }
}

extension LoanColumn {
    /// The column's position in the standard order (`allCases` builds a new array on each use).
    var index: Int {
        switch self {
        case .loanID: 0
        case .borrowerID: 1
        case .borrowerName: 2
        case .groupCode: 3
        case .programmeCode: 4
        case .disbursedOn: 5
        case .maturityOn: 6
        case .disbursedAmount: 7
        case .outstandingPerforming: 8
        case .outstandingOverdue: 9
        case .outstandingFrozen: 10
        case .principalDue: 11
        case .principalCollected: 12
        case .interestDue: 13
        case .interestCollected: 14
        case .interestArrears: 15
        case .savingsBalance: 16
        case .lastTransactionOn: 17
        }
    }
    static var columnCount: Int { 18 }
}

extension LoanRowParser {
    static let carriageReturnsOnly = """
        the lines end in a carriage return alone (the old Mac OS line end); save the file as CSV UTF-8 with LF or CRLF line ends
        """
}

extension ArraySlice where Element == UInt8 {
    /// Whether the UTF-8 byte order mark (EF BB BF) occurs anywhere in the bytes.
    var containsByteOrderMark: Bool {
        var index = startIndex
        while let found = self[index...].firstIndex(of: 0xEF) {
            if found + 2 < endIndex, self[found + 1] == 0xBB, self[found + 2] == 0xBF { return true }
            index = found + 1
        }
        return false
    }
}
