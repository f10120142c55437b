import EntrustCore
import Foundation
import GRDB

/// Imports the bank's monthly loan extract (one row per loan) as the portfolio snapshot of a month.
///
/// All or nothing: the file is streamed into one transaction, every bad row is collected (up to a limit, then counted)
/// with its line, column, value and reason, and any bad row rolls everything back. Memory does not grow with the file:
/// rows are read 64 KiB at a time and written one prepared statement execution at a time; the only tables kept in
/// memory are the group codes (bounded by the number of groups, not of loans). Loans disbursed since the previous
/// snapshot record disbursement events, whose loan-use-check obligations are created in the same transaction.
public struct LoanImportStore: Sendable {
    public let database: AppDatabase
    public init(_ database: AppDatabase) { self.database = database }

    /// Where an import stands, for a progress bar.
    public struct Progress: Sendable {
        public var rows: Int
        public var bytesRead: Int64
        public var fileSize: Int64
    }

    /// What an import wrote (or, with `dryRun`, would have written).
    public struct Summary: Codable, Sendable {
        public var month: String
        public var file: String
        public var rows: Int
        public var groups: Int
        public var outstanding: Int64
        public var savings: Int64
        /// Rows of the month that were replaced (`--replace`), nil for a first import.
        public var replacedRows: Int?
        public var dryRun: Bool
        /// The snapshot new disbursements were compared with, if any.
        public var comparedWith: String?
        public var newDisbursements: Int
        public var obligationsCreated: Int
        /// New disbursements whose association had no contract in force on that day (no obligation was created).
        public var withoutContract: Int
    }

    /// Options of one import.
    public struct Options: Sendable {
        public var replace = false
        public var dryRun = false
        /// Bad rows listed in full; the rest are counted.
        public var issueLimit = 50
        public init(replace: Bool = false, dryRun: Bool = false, issueLimit: Int = 50) {
            self.replace = replace
            self.dryRun = dryRun
            self.issueLimit = issueLimit
        }
    }

    private struct DryRunDone: Error { var summary: Summary }

    /// Imports `path` as the extract of `month`.
    public func importFile(_ path: String, month: YearMonth, options: Options = Options(), actor: Principal,
                           progress: ((Progress) -> Void)? = nil) throws -> Summary {
        let now = database.clock.now()
        let today = database.today
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard month <= today.yearMonth else {
            throw StoreError.invalid(field: "--month", value: month.iso, reason: "is in the future (today is \(today.iso)); an extract is imported after its month")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.invalid(field: "file", value: path, reason: "does not exist")
        }
        let reader: CSVStreamReader
        do { reader = try CSVStreamReader(path: path) } catch {
            throw StoreError.invalid(field: "file", value: path, reason: "cannot be read (check the path and permissions)")
        }
        do {
            return try database.writer.write { db in
                let summary = try run(db, reader: reader, file: name, month: month, options: options, actor: actor, now: now,
                                      today: today, progress: progress)
                if options.dryRun { throw DryRunDone(summary: summary) }
                return summary
            }
        } catch let done as DryRunDone {
            return done.summary
        }
    }

    // MARK: - The transaction

    private func run(_ db: Database, reader: CSVStreamReader, file: String, month: YearMonth, options: Options, actor: Principal,
                     now: Date, today: LocalDate, progress: ((Progress) -> Void)?) throws -> Summary {
        let existing = try Row.fetchOne(db, sql: "SELECT rows, outstanding, file, imported_at FROM loan_month WHERE month = ?", arguments: [month.iso])
        if let existing, !options.replace {
            throw StoreError.rule("""
                \(month.iso) was already imported (\(existing["rows"] as Int) rows from \(existing["file"] as String) on \
                \(existing["imported_at"] as String)); use --replace to replace it
                """)
        }
        // A bigger page cache for the unique index while bulk-inserting; bounded, so memory stays constant.
        try db.execute(sql: "PRAGMA cache_size = -65536")
        defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
        if existing != nil {
            try db.execute(sql: "DELETE FROM loan WHERE month = ?", arguments: [month.iso])
        }
        var groups: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT code, id FROM savings_group") { groups[row["code"]] = row["id"] }

        var parser = LoanRowParser(file: file, month: month, today: today, groups: groups, limit: options.issueLimit)
        guard let header = try parser.readHeader(reader) else {
            throw StoreError.rows(parser.issues, total: parser.total)
        }
        let insert = try db.makeStatement(sql: """
            INSERT INTO loan (month, line, loan_id, borrower_id, borrower_name, group_id, programme, disbursed_on, maturity_on,
                disbursed_amount, outstanding_performing, outstanding_overdue, outstanding_frozen, principal_due, principal_collected,
                interest_due, interest_collected, interest_arrears, savings_balance, last_transaction_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var rows = 0
        var outstanding: Int64 = 0, savings: Int64 = 0
        var groupsSeen = Set<Int64>()
        var lastReport = 0
        while let record = try parser.nextRecord(reader) {
            guard let loan = parser.parse(record, header: header) else { continue }
            do {
                try insert.execute(arguments: [month.iso, loan.line, loan.loanID, loan.borrowerID, loan.borrowerName, loan.groupID,
                                               loan.programme, loan.disbursedOn, loan.maturityOn, loan.amounts[0], loan.amounts[1],
                                               loan.amounts[2], loan.amounts[3], loan.amounts[4], loan.amounts[5], loan.amounts[6],
                                               loan.amounts[7], loan.amounts[8], loan.amounts[9], loan.lastTransactionOn])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                let first = try Int.fetchOne(db, sql: "SELECT line FROM loan WHERE month = ? AND loan_id = ?", arguments: [month.iso, loan.loanID])
                parser.report(line: loan.line, column: LoanColumn.loanID.rawValue, value: loan.loanID,
                              reason: "duplicate loan_id" + (first.map { " (first on line \($0))" } ?? ""))
                continue
            }
            rows += 1
            outstanding = outstanding &+ loan.amounts[1] &+ loan.amounts[2] &+ loan.amounts[3]
            savings = savings &+ loan.amounts[9]
            groupsSeen.insert(loan.groupID)
            if let progress, rows - lastReport >= 20_000 {
                lastReport = rows
                progress(Progress(rows: rows, bytesRead: reader.bytesRead, fileSize: reader.fileSize))
            }
        }
        progress?(Progress(rows: rows, bytesRead: reader.bytesRead, fileSize: reader.fileSize))
        if parser.total > 0 { throw StoreError.rows(parser.issues, total: parser.total) }
        guard rows > 0 else {
            throw StoreError.invalid(field: "file", value: file, reason: "has a header but no loan rows; an extract has one row per loan")
        }

        // New disbursements since the previous snapshot (or, for the first one, within the month) start their checks.
        let previous = try String.fetchOne(db, sql: "SELECT MAX(month) FROM loan_month WHERE month < ?", arguments: [month.iso])
            .flatMap { YearMonth(iso: $0) }
        let after = previous?.lastDay ?? month.firstDay.adding(days: -1)
        let fresh = try Row.fetchAll(db, sql: """
            SELECT l.loan_id, l.disbursed_on, g.association_id, a.code AS association
            FROM loan l JOIN savings_group g ON g.id = l.group_id JOIN association a ON a.id = g.association_id
            WHERE l.month = ?1 AND l.disbursed_on > ?2 AND l.disbursed_on <= ?3
              AND NOT EXISTS (SELECT 1 FROM loan p WHERE p.month = ?4 AND p.loan_id = l.loan_id)
            ORDER BY l.rowid
            """, arguments: [month.iso, after.iso, today.iso, previous?.iso ?? ""])
        var recorder = EventRecorder()
        var obligations = 0, withoutContract = 0
        for row in fresh {
            let reference: String = row["loan_id"]
            guard !reference.contains(":"),
                  let recorded = try recorder.record(db, .disbursement, associationID: row["association_id"], association: row["association"],
                                                     on: LocalDate(iso: row["disbursed_on"] as String)!, reference: reference,
                                                     note: "loan extract \(month.iso)", actor: actor, now: now, ignoreExisting: true,
                                                     audited: false) else {
                withoutContract += 1
                continue
            }
            obligations += recorded.obligationIDs.count
        }

        try Self.totalGroups(db, month: month.iso)
        try db.execute(sql: """
            INSERT INTO loan_month (month, file, rows, outstanding, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(month) DO UPDATE SET file = excluded.file, rows = excluded.rows, outstanding = excluded.outstanding,
                imported_by = excluded.imported_by, imported_at = excluded.imported_at
            """, arguments: [month.iso, file, rows, outstanding, actor.name, VietnamTime.iso8601(now)])
        let summary = Summary(month: month.iso, file: file, rows: rows, groups: groupsSeen.count, outstanding: outstanding, savings: savings,
                              replacedRows: existing.map { $0["rows"] }, dryRun: options.dryRun, comparedWith: previous?.iso,
                              newDisbursements: fresh.count, obligationsCreated: obligations, withoutContract: withoutContract)
        let before: [String: String]? = existing.map { ["rows": String($0["rows"] as Int), "outstanding": String($0["outstanding"] as Int64),
                                                        "file": $0["file"], "imported_at": $0["imported_at"]] }
        try AuditLog.record(db, at: now, actor: actor, action: existing == nil ? "import" : "replace", entity: "loan_month", key: month.iso,
                            before: before,
                            after: ["rows": String(rows), "outstanding": String(outstanding), "file": file, "groups": String(groupsSeen.count),
                                    "disbursement_events": String(fresh.count - withoutContract), "obligations": String(obligations)])
        return summary
    }
}
