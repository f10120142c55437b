import Dispatch
import EntrustStore
import Logging
import NIOCore
import PostgresNIO

/// PostgreSQL's loan writer: each batch goes to a temporary staging table by `COPY … FROM STDIN` (text format), then
/// into `loan` with one `INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING id, line`.
///
/// COPY is PostgreSQL's bulk path (one message stream, no statement per row), but it has no `ON CONFLICT`: a repeated
/// loan id would fail the whole COPY and say nothing about which line. The staging step keeps SQLite's contract
/// (`LoanBulkWriter`): a repeat is skipped and reported by line, and the ids of the rows inserted come back, so the
/// parser's fresh rows map to row keys. The staging table is dropped with the transaction.
final class PostgresLoanWriter: LoanBulkWriter {
    /// The staging table's columns, in the order `LoanBatch` holds a row's values (and `loan`'s INSERT lists them).
    static let columns = [
        "line", "loan_id", "borrower_id", "borrower_name", "group_id", "programme", "disbursed_on", "maturity_on",
        "disbursed_amount", "outstanding_performing", "outstanding_overdue", "outstanding_frozen", "principal_due",
        "principal_collected", "interest_due", "interest_collected", "interest_arrears", "savings_balance",
        "last_transaction_on",
    ]
    private static let textColumns: Set<String> = [
        "loan_id", "borrower_id", "borrower_name", "programme", "disbursed_on", "maturity_on", "last_transaction_on",
    ]
    static let stage = "entrust_loan_stage"

    private let session: PostgresSession
    private let month: String
    private(set) var rows = 0
    private(set) var freshRowKeys: [Int64] = []

    init(session: PostgresSession, month: String) throws {
        self.session = session
        self.month = month
        let definitions = Self.columns.map { "\($0) \(Self.textColumns.contains($0) ? "TEXT" : "BIGINT")" }
        try session.run("DROP TABLE IF EXISTS pg_temp.\(Self.stage)", [])
        try session.run("CREATE TEMP TABLE \(Self.stage) (\(definitions.joined(separator: ", "))) ON COMMIT DROP", [])
    }

    func insert(_ batch: LoanBatch, duplicates: (_ line: Int, _ loanID: String) throws -> Void) throws {
        let count = batch.count
        guard count > 0 else { return }
        let data = Self.copyText(batch)
        try session.copy(into: Self.stage, columns: Self.columns, data: data)
        let list = Self.columns.joined(separator: ", ")
        let inserted = try session.fetchAll(sql: """
            INSERT INTO loan (month, \(list)) SELECT ?, \(list) FROM \(Self.stage) ORDER BY line
            ON CONFLICT (month, loan_id) DO NOTHING RETURNING id, line
            """, arguments: [month])
        try session.run("TRUNCATE \(Self.stage)", [])
        rows += inserted.count
        var idByLine: [Int64: Int64] = [:]
        idByLine.reserveCapacity(inserted.count)
        for row in inserted { idByLine[row["line"]] = row["id"] as Int64 }
        for fresh in batch.fresh {
            if let id = idByLine[batch.numbers[Int(fresh) * LoanBatch.numbersPerRow]] { freshRowKeys.append(id) }
        }
        guard inserted.count < count else { return }
        // The import fails anyway; the rows skipped are the repeats, reported in file order.
        for row in 0..<count {
            let line = batch.numbers[row * LoanBatch.numbersPerRow]
            guard idByLine[line] == nil else { continue }
            try duplicates(Int(line), Self.text(batch, row: row, index: 0))
        }
    }

    // MARK: - COPY text format

    private static func text(_ batch: LoanBatch, row: Int, index: Int) -> String {
        let end = Int(batch.ends[row * LoanBatch.textsPerRow + index])
        let start = row == 0 && index == 0 ? 0 : Int(batch.ends[row * LoanBatch.textsPerRow + index - 1])
        return String(decoding: batch.text[start..<end], as: UTF8.self)
    }

    /// The batch as COPY's text format: one line per row, tab between columns, `\N` for NULL, and backslash, tab,
    /// newline and carriage return escaped inside text (a borrower's name may hold a line break).
    static func copyText(_ batch: LoanBatch) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: batch.text.count + batch.count * 160)
        func number(_ value: Int64) { buffer.writeString(String(value)) }
        batch.text.withUnsafeBufferPointer { text in
            var from = 0
            func textColumn(_ end: Int32, nullWhenEmpty: Bool = false) {
                let to = Int(end)
                if nullWhenEmpty && to == from {
                    buffer.writeStaticString("\\N")
                } else {
                    for byte in text[from..<to] {
                        switch byte {
                        case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                        case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                        case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                        case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                        default: buffer.writeInteger(byte)
                        }
                    }
                }
                from = to
            }
            let tab = UInt8(ascii: "\t")
            for row in 0..<batch.count {
                let e = row * LoanBatch.textsPerRow, n = row * LoanBatch.numbersPerRow
                number(batch.numbers[n]); buffer.writeInteger(tab)
                for index in 0..<3 { textColumn(batch.ends[e + index]); buffer.writeInteger(tab) }
                number(batch.numbers[n + 1]); buffer.writeInteger(tab)
                for index in 3..<6 { textColumn(batch.ends[e + index]); buffer.writeInteger(tab) }
                for amount in 0..<10 { number(batch.numbers[n + 2 + amount]); buffer.writeInteger(tab) }
                textColumn(batch.ends[e + 6], nullWhenEmpty: true)
                buffer.writeInteger(UInt8(ascii: "\n"))
            }
        }
        return buffer
    }
}

extension PostgresSession {
    /// Sends `data` (COPY text format) to `table` and waits until the server has taken it all.
    func copy(into table: String, columns: [String], data: ByteBuffer) throws {
        guard !isBroken else { throw PostgresError.connectionLost(place: url.place) }
        let connection = self.connection, logger = self.logger
        do {
            try Blocking.wait {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    try await writer.write(data)
                }
            }
        } catch {
            if PostgresErrorTranslation.isConnectionFailure(error) || connection.isClosed {
                markBroken()
                throw PostgresError.connectionLost(place: url.place)
            }
            throw PostgresErrorTranslation.statementFailure(error)
        }
    }
}

/// Waits on the calling thread (never an event loop: the stores run on a thread pool) for async work of PostgresNIO
/// that has no future-based form, such as `copyFrom`.
///
/// The work runs on a task executor of its own (a serial dispatch queue, which gets its own thread), not on Swift's
/// cooperative pool: the caller may itself be one of that pool's few threads, blocked here, and a task queued behind it
/// would never run.
enum Blocking {
    static func wait(_ work: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Task(executorPreference: QueueExecutor.shared) {
            do { try await work() } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    // Written by the task before `signal`, read after `wait`: the semaphore orders the two.
    private final class Outcome: @unchecked Sendable {
        var error: (any Error)?
    }

    /// Runs jobs on one serial queue.
    private final class QueueExecutor: TaskExecutor {
        static let shared = QueueExecutor()
        private let queue = DispatchQueue(label: "entrust.postgres.blocking")

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }
}
