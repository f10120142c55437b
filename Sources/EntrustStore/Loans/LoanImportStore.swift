import EntrustCore
import Foundation

/// Imports the bank's monthly loan extract (one row per loan) as the portfolio snapshot of a month.
///
/// All or nothing: the file is streamed into one transaction, every bad row is collected (up to a limit, then counted)
/// with its line, column, value and reason, and any bad row rolls everything back. Loans disbursed since the previous
/// snapshot record disbursement events, whose loan-use-check obligations are created in the same transaction.
///
/// Two threads share the work (`LoanImportPipeline.swift`): one reads and checks the file (`CSVStreamReader`,
/// `LoanRowParser`), the other (the caller's, inside the transaction) inserts the good rows through the engine's
/// `LoanBulkWriter` (SQLite: multi-row prepared INSERTs bound from the batch's bytes). They hand over a few thousand rows at a time through a queue of at most four batches, so memory does not
/// grow with the file; the other tables kept in memory are the group codes (bounded by the number of groups).
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
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw StoreError.invalid(field: "file", value: path, reason: "cannot be read (check the path and permissions)")
        }
        close(descriptor)
        // A bulk transaction: the backend may relax the checks this import makes itself (SQLite turns foreign keys
        // off: every group id written comes from savings_group as read inside the same transaction, under the write
        // lock, and so do the association and contract ids of the events and obligations it records; nothing is
        // deleted that other rows point to). A dry run is rolled back.
        return try database.backend.bulkWrite(commit: !options.dryRun) { db in
            try run(db, path: path, file: name, month: month, options: options, actor: actor, now: now, today: today, progress: progress)
        }
    }

    // MARK: - The transaction

    private func run(_ db: any StoreSession, path: String, file: String, month: YearMonth, options: Options, actor: Principal,
                     now: Date, today: LocalDate, progress: ((Progress) -> Void)?) throws -> Summary {
        let existing = try db.fetchOne(sql: "SELECT rows, outstanding, file, imported_at FROM loan_month WHERE month = ?", arguments: [month.iso])
        if let existing, !options.replace {
            throw StoreError.rule("""
                \(month.iso) was already imported (\(existing["rows"] as Int) rows from \(existing["file"] as String) on \
                \(existing["imported_at"] as String)); use --replace to replace it
                """)
        }
        if existing != nil {
            try db.execute(sql: "DELETE FROM loan WHERE month = ?", arguments: [month.iso])
        }
        let groups = try GroupCodes(db)
        // New disbursements since the previous snapshot (or, for the first one, within the month) start their checks.
        let previous = try db.fetchOne(String.self, sql: "SELECT MAX(month) FROM loan_month WHERE month < ?", arguments: [month.iso])
            .flatMap { YearMonth(iso: $0) }
        let after = previous?.lastDay ?? month.firstDay.adding(days: -1)

        // One thread reads and checks the file, this one writes: the two overlap, a few batches apart.
        let queue = LoanBatchQueue(depth: 4)
        let parse: @Sendable () -> Void = { [file, limit = options.issueLimit, window = (LoanRowParser.key(after), LoanRowParser.key(today))] in
            queue.finish(Result {
                try Self.parse(path: path, file: file, month: month, today: today, groups: groups, limit: limit, window: window, queue: queue)
            })
        }
        Thread(block: parse).start()
        var finished = false
        defer { if !finished { queue.cancelAndWait() } }

        var writer = try db.makeLoanWriter(month: month.iso)
        var duplicates: [RowIssue] = []
        var duplicateTotal = 0
        var lastReport = 0
        var outcome: LoanParseOutcome?
        while outcome == nil {
            switch queue.pop() {
            case .batch(let batch):
                try writer.insert(batch) { line, loanID in
                    let first = try db.fetchOne(Int.self, sql: "SELECT line FROM loan WHERE month = ? AND loan_id = ?", arguments: [month.iso, loanID])
                    guard first != line else { return }
                    duplicateTotal += 1
                    guard duplicates.count < options.issueLimit else { return }
                    duplicates.append(RowIssue(location: SourceLocation(file: file, line: line, column: LoanColumn.loanID.rawValue),
                                               field: LoanColumn.loanID.rawValue, value: loanID,
                                               reason: "duplicate loan_id" + (first.map { " (first on line \($0))" } ?? "")))
                }
                if let progress, writer.rows - lastReport >= 20_000 {
                    lastReport = writer.rows
                    progress(Progress(rows: writer.rows, bytesRead: batch.bytesRead, fileSize: batch.fileSize))
                }
            case .done(let result):
                finished = true
                outcome = try result.get()
            }
        }
        let parsed = outcome!
        let rows = writer.rows
        progress?(Progress(rows: rows, bytesRead: parsed.bytesRead, fileSize: parsed.fileSize))
        let total = parsed.total + duplicateTotal
        if total > 0 {
            // Both lists are in file order; merged by line, they read as if one pass had found them all.
            let issues = (parsed.issues.enumerated().map { ($0.element, 0, $0.offset) } + duplicates.enumerated().map { ($0.element, 1, $0.offset) })
                .sorted { ($0.0.location.line, $0.1, $0.2) < ($1.0.location.line, $1.1, $1.2) }
                .prefix(options.issueLimit).map(\.0)
            throw StoreError.rows(Array(issues), total: total)
        }
        guard rows > 0 else {
            throw StoreError.invalid(field: "file", value: file, reason: "has a header but no loan rows; an extract has one row per loan")
        }
        let outstanding = parsed.outstanding, savings = parsed.savings

        // Rows disbursed in the window were noted by row key while inserting: only those can be new disbursements.
        let candidate = try db.prepare(sql: """
            SELECT l.loan_id, l.disbursed_on, g.association_id, a.code AS association
            FROM loan l JOIN savings_group g ON g.id = l.group_id JOIN association a ON a.id = g.association_id
            WHERE l.\(db.dialect.loanRowKey) = ?1 AND NOT EXISTS (SELECT 1 FROM loan p WHERE p.month = ?2 AND p.loan_id = l.loan_id)
            """)
        var fresh: [StoreRow] = []
        for rowKey in writer.freshRowKeys {
            if let row = try candidate.fetchOne(arguments: [rowKey, previous?.iso ?? ""]) { fresh.append(row) }
        }
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
        let summary = Summary(month: month.iso, file: file, rows: rows, groups: parsed.groups, outstanding: outstanding, savings: savings,
                              replacedRows: existing.map { $0["rows"] }, dryRun: options.dryRun, comparedWith: previous?.iso,
                              newDisbursements: fresh.count, obligationsCreated: obligations, withoutContract: withoutContract)
        let before: [String: String]? = existing.map { ["rows": String($0["rows"] as Int), "outstanding": String($0["outstanding"] as Int64),
                                                        "file": $0["file"], "imported_at": $0["imported_at"]] }
        try AuditLog.record(db, at: now, actor: actor, action: existing == nil ? "import" : "replace", entity: "loan_month", key: month.iso,
                            before: before,
                            after: ["rows": String(rows), "outstanding": String(outstanding), "file": file, "groups": String(parsed.groups),
                                    "disbursement_events": String(fresh.count - withoutContract), "obligations": String(obligations)])
        return summary
    }
}
