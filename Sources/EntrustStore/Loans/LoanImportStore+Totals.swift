
extension LoanImportStore {
    /// Replaces `month`'s per-group totals from its loans (inside the import's transaction): one pass over the month.
    static func totalGroups(_ db: any StoreSession, month: String) throws {
        try db.execute(sql: "DELETE FROM loan_group_total WHERE month = ?", arguments: [month])
        try db.execute(sql: """
            INSERT INTO loan_group_total (month, group_id, loans, outstanding, overdue, frozen, households, savings)
            SELECT ?1, group_id, SUM(loans), SUM(outstanding), SUM(overdue), SUM(frozen), SUM(CASE WHEN outstanding > 0 THEN 1 ELSE 0 END), SUM(savings)
            FROM (SELECT group_id, borrower_id, COUNT(*) AS loans,
                         SUM(outstanding_performing + outstanding_overdue + outstanding_frozen) AS outstanding,
                         SUM(outstanding_overdue) AS overdue, SUM(outstanding_frozen) AS frozen, MAX(savings_balance) AS savings
                  FROM loan WHERE month = ?1 GROUP BY group_id, borrower_id) AS per_borrower
            GROUP BY group_id
            """, arguments: [month])
    }
}
