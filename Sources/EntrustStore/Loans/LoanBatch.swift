/// Good rows of the loan extract on their way to the database, a few thousand at a time.
///
/// Flat arrays rather than a struct per row: the parser appends without allocating per row, and the writer binds text
/// straight from `text` (no `String` is built for a good row).
public struct LoanBatch: Sendable {
    /// Rows per batch (the parser hands a batch over when it is full).
    public static let rows = 4096
    /// Per row, in this order: loan_id, borrower_id, borrower_name, programme_code, disbursed_on, maturity_on,
    /// last_transaction_on (empty when there is none), back to back.
    public internal(set) var text: [UInt8] = []
    /// Per row, where each of its seven texts ends in `text`.
    public internal(set) var ends: [Int32] = []
    /// Per row: the line, the group id, disbursed_amount and the nine amounts of `LoanColumn.amounts`.
    public internal(set) var numbers: [Int64] = []
    /// Rows (positions in this batch) disbursed since the previous snapshot: maybe new disbursements.
    public internal(set) var fresh: [Int32] = []
    /// How far the reader had got in the file, for progress.
    public internal(set) var bytesRead: Int64 = 0
    public internal(set) var fileSize: Int64 = 0

    public static let textsPerRow = 7
    public static let numbersPerRow = 12

    /// Rows in the batch.
    public var count: Int { numbers.count / Self.numbersPerRow }

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
