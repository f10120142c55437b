/// The SQL dialects of the two engines, and every real difference between them that store SQL has to name.
///
/// Store SQL is written once, in the subset SQLite ≥ 3.40 and PostgreSQL 15 both accept; what cannot be is a member
/// here, so that the differences stay in one place.
public enum Dialect: String, Sendable, Hashable, CaseIterable {
    case sqlite
    case postgres

    /// Appended to a claim's `SELECT` so that concurrent workers skip rows another one holds. SQLite needs nothing:
    /// its single writer already serialises claims.
    public var forUpdateSkipLocked: String {
        switch self {
        case .sqlite: return ""
        case .postgres: return "FOR UPDATE SKIP LOCKED"
        }
    }

    /// The column that `LoanBulkWriter.freshRowKeys` values identify a `loan` row by: SQLite's implicit `rowid`
    /// (the loan table is a plain rowid table), an identity column on PostgreSQL.
    public var loanRowKey: String {
        switch self {
        case .sqlite: return "rowid"
        case .postgres: return "id"
        }
    }
}
