/// The engine's writer of loan extract rows, made by `StoreSession.makeLoanWriter` inside `StoreBackend.bulkWrite`.
///
/// Rows go to the `loan` table of the session's transaction, with `month` as given to `makeLoanWriter`. A loan id
/// already present in the month is skipped rather than failing the load: the writer then calls `duplicates` with the
/// line and loan id of every row of the batch part that held it, and the store tells which of them was the repeat.
public protocol LoanBulkWriter {
    /// Rows inserted so far.
    var rows: Int { get }
    /// The row keys (`Dialect.loanRowKey`) of inserted rows that the parser marked in `LoanBatch.fresh`, in file order.
    var freshRowKeys: [Int64] { get }
    /// Inserts the rows of `batch`.
    mutating func insert(_ batch: LoanBatch, duplicates: (_ line: Int, _ loanID: String) throws -> Void) throws
}
