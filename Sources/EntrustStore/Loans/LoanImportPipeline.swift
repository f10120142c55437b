import EntrustCore
import Foundation

/// What the parsing thread found, once it has read the whole file (or stopped).
struct LoanParseOutcome: Sendable {
    var issues: [RowIssue]
    var total: Int
    var outstanding: Int64
    var savings: Int64
    var groups: Int
    var bytesRead: Int64
    var fileSize: Int64
}

/// The bounded hand-over between the thread that reads and checks the extract and the one that writes it to SQLite.
///
/// At most `depth` batches wait, so memory stays flat however large the file and whichever side is slower. The
/// `@unchecked Sendable` is sound because every stored `var` is touched only while holding `condition`.
final class LoanBatchQueue: @unchecked Sendable {
    enum Item {
        case batch(LoanBatch)
        case done(Result<LoanParseOutcome, any Error>)
    }

    private let condition = NSCondition()
    private let depth: Int
    private var batches: [LoanBatch] = []
    private var outcome: Result<LoanParseOutcome, any Error>?
    private var cancelled = false

    init(depth: Int) { self.depth = depth }

    /// Producer: waits for room; false when the writer has given up (stop reading).
    func push(_ batch: LoanBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= depth && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// Producer: the last word, after the last batch.
    func finish(_ result: Result<LoanParseOutcome, any Error>) {
        condition.lock()
        outcome = result
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the next batch, or the outcome once every batch has been taken.
    func pop() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && outcome == nil { condition.wait() }
        if !batches.isEmpty {
            condition.broadcast()
            return .batch(batches.removeFirst())
        }
        return .done(outcome!)
    }

    /// Consumer, when it stops early (an error): lets the producer stop, and waits until it has.
    func cancelAndWait() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        batches.removeAll()
        condition.broadcast()
        while outcome == nil { condition.wait() }
    }

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }
}

extension LoanImportStore {
    /// The reading side: checks every record and hands the good rows over in batches. Runs on its own thread.
    static func parse(path: String, file: String, month: YearMonth, today: LocalDate, groups: GroupCodes, limit: Int,
                      window: (after: Int, upTo: Int), queue: LoanBatchQueue) throws -> LoanParseOutcome {
        let reader: CSVStreamReader
        do { reader = try CSVStreamReader(path: path) } catch {
            throw StoreError.invalid(field: "file", value: path, reason: "cannot be read (check the path and permissions)")
        }
        var parser = LoanRowParser(file: file, month: month, today: today, groups: groups, limit: limit, window: window)
        func outcome() -> LoanParseOutcome {
            LoanParseOutcome(issues: parser.issues, total: parser.total, outstanding: parser.outstanding, savings: parser.savings,
                             groups: parser.groupsSeen, bytesRead: reader.bytesRead, fileSize: reader.fileSize)
        }
        guard let header = try parser.readHeader(reader) else { return outcome() }
        var batch = LoanBatch()
        while let record = try parser.nextRecord(reader) {
            _ = parser.parse(record, header: header, into: &batch)
            if batch.count >= LoanBatch.rows {
                batch.bytesRead = reader.bytesRead
                batch.fileSize = reader.fileSize
                guard queue.push(batch) else { return outcome() }
                batch = LoanBatch()
            }
        }
        if batch.count > 0 {
            batch.bytesRead = reader.bytesRead
            batch.fileSize = reader.fileSize
            _ = queue.push(batch)
        }
        return outcome()
    }
}
