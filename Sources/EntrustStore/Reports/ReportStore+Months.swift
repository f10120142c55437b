import EntrustCore

/// Outstanding and overdue of one imported month, for the dashboard's overdue-ratio chart.
public struct MonthlyOverdue: Codable, Sendable {
    public var month: String
    public var outstanding: Int64
    public var overdue: Int64
    /// Overdue over outstanding, exact until display.
    public var ratio: Ratio? { outstanding > 0 ? Ratio(max(overdue, 0), outstanding) : nil }
}

extension ReportStore {
    /// The newest month with stored group evaluations.
    public func latestEvaluatedMonth() throws -> YearMonth? {
        try database.backend.read { db in
            try db.fetchOne(String.self, sql: "SELECT MAX(month) FROM group_evaluation").flatMap { YearMonth(iso: $0) }
        }
    }

    /// Fails with the CLI command to run when `month` has not been evaluated.
    public func requireEvaluated(_ month: YearMonth) throws {
        try database.backend.read { db in try Self.requireEvaluation(db, month) }
    }

    /// Outstanding and overdue of the last `months` imported months for an office (see `Scope`), oldest first.
    public func overdueByMonth(office: String?, months: Int) throws -> [MonthlyOverdue] {
        try database.backend.read { db in
            let scope = try Self.scope(db, office: office)
            let imported = try db.fetchAll(String.self, sql: "SELECT month FROM loan_month ORDER BY month DESC LIMIT ?", arguments: [max(0, months)])
            return try imported.reversed().map { month in
                let totals = try Self.totals(db, month: month, officeID: scope.officeID)
                return MonthlyOverdue(month: month, outstanding: totals.outstanding, overdue: totals.overdue)
            }
        }
    }
}
