import EntrustStore
import GRDB
import GRDBSQLite

/// The writing side: binds the rows of a batch to a prepared multi-row INSERT straight from the batch's bytes.
///
/// Through SQLite's C interface, below GRDB's `StatementArguments`: a row costs 19 binds, with no `DatabaseValue` or
/// `String` built for it, and `rowsPerStatement` rows share one statement execution (one pass through the VDBE, the
/// table and index cursors opened once). `INSERT OR IGNORE` cannot fail half-way through a statement, so SQLite keeps
/// no statement journal; a duplicate loan id is skipped, seen in `sqlite3_changes`, and reported by `duplicates`.
/// GRDB still owns the statements, the connection and the transaction.
struct SQLiteLoanWriter: LoanBulkWriter {
    /// 32 measured best of 1, 8, 32 and 100 (1 row: 2.1 s of SQLite per million rows, 32 rows: 1.5 s).
    static let rowsPerStatement = 32
    private static let parametersPerRow: Int32 = 19

    /// The INSERT for `rows` rows; `?1` is the month, shared by all.
    static func sql(rows: Int) -> String {
        let row = "(?1, " + Array(repeating: "?", count: Int(parametersPerRow)).joined(separator: ", ") + ")"
        return """
            INSERT OR IGNORE INTO loan (month, line, loan_id, borrower_id, borrower_name, group_id, programme, disbursed_on, maturity_on,
                disbursed_amount, outstanding_performing, outstanding_overdue, outstanding_frozen, principal_due, principal_collected,
                interest_due, interest_collected, interest_arrears, savings_balance, last_transaction_on)
            VALUES
            """ + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// GRDB's statements, kept so that they outlive the raw handles taken from them.
    private let statements: [Statement]
    private let many: SQLiteStatement
    private let one: SQLiteStatement
    private(set) var rows = 0
    /// Rowids of inserted rows that the parser marked as maybe newly disbursed, in file order.
    private(set) var freshRowKeys: [Int64] = []

    /// `many` was prepared from `sql(rows: rowsPerStatement)`, `one` from `sql(rows: 1)`.
    init(many: Statement, one: Statement, month: String) {
        statements = [many, one]
        self.many = many.sqliteStatement
        self.one = one.sqliteStatement
        // The month is the same for every row: bound once (a reset keeps bindings).
        for statement in [self.many, self.one] {
            sqlite3_bind_text(statement, 1, month, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    /// Inserts every row of `batch`. When a statement inserted fewer rows than it had, some loan ids were already there:
    /// `duplicates` is then called with the line and loan id of each of its rows, to tell which.
    mutating func insert(_ batch: LoanBatch, duplicates: (_ line: Int, _ loanID: String) throws -> Void) throws {
        let count = batch.count
        var nextFresh = 0
        try batch.text.withUnsafeBufferPointer { text in
            try batch.ends.withUnsafeBufferPointer { ends in
                try batch.numbers.withUnsafeBufferPointer { numbers in
                    let base = UnsafeRawPointer(text.baseAddress!).assumingMemoryBound(to: CChar.self)
                    func textStart(_ row: Int) -> Int { row == 0 ? 0 : Int(ends[row * LoanBatch.textsPerRow - 1]) }
                    func bind(_ statement: SQLiteStatement, row: Int, slot: Int) {
                        let e = row * LoanBatch.textsPerRow, n = row * LoanBatch.numbersPerRow
                        let first = 2 + Int32(slot) * Self.parametersPerRow
                        var from = textStart(row)
                        func bindText(_ parameter: Int32, _ index: Int) {
                            let to = Int(ends[e + index])
                            sqlite3_bind_text(statement, first + parameter, base + from, Int32(to - from), nil)
                            from = to
                        }
                        sqlite3_bind_int64(statement, first, numbers[n])
                        bindText(1, 0)
                        bindText(2, 1)
                        bindText(3, 2)
                        sqlite3_bind_int64(statement, first + 4, numbers[n + 1])
                        bindText(5, 3)
                        bindText(6, 4)
                        bindText(7, 5)
                        for amount in 0..<10 { sqlite3_bind_int64(statement, first + 8 + Int32(amount), numbers[n + 2 + amount]) }
                        if Int(ends[e + 6]) == from { sqlite3_bind_null(statement, first + 18) } else { bindText(18, 6) }
                    }
                    var row = 0
                    while row < count {
                        let size = count - row >= Self.rowsPerStatement ? Self.rowsPerStatement : 1
                        let statement = size == 1 ? one : many
                        for slot in 0..<size { bind(statement, row: row + slot, slot: slot) }
                        let code = sqlite3_step(statement)
                        sqlite3_reset(statement)
                        guard code == SQLITE_DONE else {
                            throw EngineError(DatabaseError(resultCode: ResultCode(rawValue: code),
                                                            message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement)))))
                        }
                        let connection = sqlite3_db_handle(statement)
                        let inserted = Int(sqlite3_changes(connection))
                        rows += inserted
                        if inserted == size {
                            // Rowids are handed out one more than the largest, so the statement's rows are consecutive.
                            let last = sqlite3_last_insert_rowid(connection)
                            while nextFresh < batch.fresh.count && Int(batch.fresh[nextFresh]) < row + size {
                                freshRowKeys.append(last - Int64(row + size - 1 - Int(batch.fresh[nextFresh])))
                                nextFresh += 1
                            }
                        } else {
                            // The import fails anyway; only the report matters from here on.
                            for slot in row..<(row + size) {
                                let start = textStart(slot)
                                let loanID = String(decoding: UnsafeBufferPointer(start: text.baseAddress! + start,
                                                                                  count: Int(ends[slot * LoanBatch.textsPerRow]) - start),
                                                    as: UTF8.self)
                                try duplicates(Int(numbers[slot * LoanBatch.numbersPerRow]), loanID)
                            }
                            while nextFresh < batch.fresh.count && Int(batch.fresh[nextFresh]) < row + size { nextFresh += 1 }
                        }
                        row += size
                    }
                }
            }
        }
    }
}
