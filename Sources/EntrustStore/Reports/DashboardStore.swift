import EntrustCore

/// The figures on the district dashboard: what exists, and what is due or late.
public struct DashboardSummary: Codable, Sendable {
    public var today: String
    public var offices: Int
    public var transactionPoints: Int
    public var communes: Int
    public var associations: Int
    public var people: Int
    public var contractsByState: [String: Int]
    public var dueThisMonth: Int
    public var doneThisMonth: Int
    public var late: Int
    /// The associations with the most late obligations.
    public var mostLate: [LateCount]
    public var nextDue: [ObligationView]

    public struct LateCount: Codable, Sendable, StoreRecord {
        public var association: String
        public var name: String
        public var late: Int
    }
}

public struct DashboardStore: Sendable {
    public let database: AppDatabase
    public init(_ database: AppDatabase) { self.database = database }

    /// The dashboard of one transaction office, or of everything when `office` is nil.
    public func summary(office: String? = nil) throws -> DashboardSummary {
        let today = database.today
        let month = today.yearMonth
        return try database.backend.read { db in
            var officeID: Int64?
            if let office {
                guard let id = try db.fetchOne(Int64.self, sql: "SELECT id FROM bank_unit WHERE code = ?", arguments: [office]) else {
                    throw StoreError.notFound(entity: "bank unit", key: office)
                }
                officeID = id
            }
            func count(_ sql: String, _ arguments: StoreArguments = []) throws -> Int {
                try db.fetchOne(Int.self, sql: sql, arguments: arguments) ?? 0
            }
            var states: [String: Int] = [:]
            for row in try db.fetchAll(sql: "SELECT state, COUNT(*) AS n FROM contract WHERE (CAST(?1 AS BIGINT) IS NULL OR office_id = ?1) GROUP BY state",
                                        arguments: [officeID]) {
                states[row["state"]] = row["n"]
            }
            let scoped = "FROM \(Self.obligationsOf(officeID, db.dialect)) WHERE (CAST(?1 AS BIGINT) IS NULL OR c.office_id = ?1)"
            let mostLate = try db.fetchAll(DashboardSummary.LateCount.self, sql: """
                SELECT a.code AS association, a.name, COUNT(*) AS late \(scoped.replacingOccurrences(of: "WHERE", with: "JOIN association a ON a.id = c.association_id WHERE"))
                  AND ob.status = 'open' AND ob.late_after < ?2
                GROUP BY a.id ORDER BY late DESC, a.code LIMIT 5
                """, arguments: [officeID, today.iso])
            let nextDue = try db.fetchAll(ObligationView.self, sql: ObligationView.selection + """
                 WHERE (CAST(?2 AS BIGINT) IS NULL OR c.office_id = ?2) AND ob.status = 'open' AND ob.due_date >= ?1
                 ORDER BY ob.due_date, c.number, ob.code LIMIT 10
                """, arguments: [today.iso, officeID])
            return DashboardSummary(
                today: today.iso,
                offices: try count("SELECT COUNT(*) FROM bank_unit WHERE kind = 'transaction_office' AND (CAST(?1 AS BIGINT) IS NULL OR id = ?1)", [officeID]),
                transactionPoints: try count("SELECT COUNT(*) FROM bank_unit WHERE kind = 'transaction_point' AND (CAST(?1 AS BIGINT) IS NULL OR parent_id = ?1)", [officeID]),
                communes: try count("""
                    SELECT COUNT(DISTINCT commune_id) FROM bank_unit WHERE kind = 'transaction_point' AND (CAST(?1 AS BIGINT) IS NULL OR parent_id = ?1)
                    """, [officeID]),
                associations: try count("SELECT COUNT(DISTINCT association_id) FROM contract WHERE (CAST(?1 AS BIGINT) IS NULL OR office_id = ?1)", [officeID]),
                people: try count("SELECT COUNT(*) FROM person"),
                contractsByState: states,
                dueThisMonth: try count("SELECT COUNT(*) \(scoped) AND ob.due_date BETWEEN ?2 AND ?3", [officeID, month.firstDay.iso, month.lastDay.iso]),
                doneThisMonth: try count("SELECT COUNT(*) \(scoped) AND ob.status = 'done' AND ob.due_date BETWEEN ?2 AND ?3",
                                         [officeID, month.firstDay.iso, month.lastDay.iso]),
                late: try count("SELECT COUNT(*) \(scoped) AND ob.status = 'open' AND ob.late_after < ?2", [officeID, today.iso]),
                mostLate: mostLate,
                nextDue: nextDue)
        }
    }

    /// The obligations of one office's contracts, or of all. With an office the join starts from that office's
    /// contracts, so a district's page on a national database reads that district's obligations, not the country's
    /// (the join order is a planner hint, hence `Dialect.contractObligationsJoin`).
    static func obligationsOf(_ office: Int64?, _ dialect: Dialect) -> String {
        office == nil ? "obligation ob JOIN contract c ON c.id = ob.contract_id" : dialect.contractObligationsJoin
    }

    /// A value kept in the `meta` table (for example, that the demo was loaded).
    public func meta(_ key: String) throws -> String? {
        try database.backend.read { db in try db.fetchOne(String.self, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }
}
