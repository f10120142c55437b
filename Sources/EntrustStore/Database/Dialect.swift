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

    /// An inner join whose order is fixed as written (the `ON` follows it): SQLite's `CROSS JOIN`, its planner hint
    /// for the outer loop; PostgreSQL's planner orders joins itself and has no such hint (its `CROSS JOIN` takes no `ON`).
    public var orderedJoin: String {
        switch self {
        case .sqlite: return "CROSS JOIN"
        case .postgres: return "JOIN"
        }
    }

    /// `column`, in a condition whose index should not drive the query: SQLite's unary `+` (its planner, without
    /// statistics, prefers an equality on a few states over a range on a selective column); PostgreSQL's planner
    /// weighs both from its statistics and needs no hint.
    public func unindexed(_ column: String) -> String {
        switch self {
        case .sqlite: return "+" + column
        case .postgres: return column
        }
    }

    /// The schema that holds a connection's temporary tables, to drop one left by an earlier transaction.
    public var temporarySchema: String {
        switch self {
        case .sqlite: return "temp"
        case .postgres: return "pg_temp"
        }
    }

    /// Written after a `CREATE TEMP TABLE` of keys: SQLite stores it as its key's b-tree (`WITHOUT ROWID`, half the
    /// size); PostgreSQL drops it with the transaction, since a pooled connection outlives it.
    public var temporaryTableOptions: String {
        switch self {
        case .sqlite: return "WITHOUT ROWID"
        case .postgres: return "ON COMMIT DROP"
        }
    }

    /// `contract c` joined to `obligation ob`, starting from the contracts (an office's dashboard). SQLite needs the
    /// order fixed (`CROSS JOIN`; a `? IS NULL OR` filter alone keeps it off the office index) and the index named:
    /// left to choose, it took the status or due-date index of obligation for the inner loop and read every open
    /// obligation once per contract. `sqlite_autoindex_obligation_1` is UNIQUE (contract_id, code, period_key).
    public var contractObligationsJoin: String {
        switch self {
        case .sqlite: return "contract c CROSS JOIN obligation ob INDEXED BY sqlite_autoindex_obligation_1 ON ob.contract_id = c.id"
        case .postgres: return "contract c JOIN obligation ob ON ob.contract_id = c.id"
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
