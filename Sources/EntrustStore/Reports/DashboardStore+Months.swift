import EntrustCore

/// Obligation counts of one month, by what became of them (for the dashboard's charts).
public struct MonthlyObligations: Codable, Sendable, StoreRecord {
    public var month: String
    public var due: Int
    public var done: Int
    public var waived: Int
    public var late: Int
}

/// Late obligations per association kind (farmers, women, veterans, youth).
public struct KindCount: Codable, Sendable, StoreRecord {
    public var kind: String
    public var open: Int
    public var late: Int
}

extension DashboardStore {
    /// The `months` months up to and including this one, oldest first, for one office or everything.
    public func monthly(office: String?, months: Int = 12) throws -> [MonthlyObligations] {
        let today = database.today
        let first = today.yearMonth.firstDay.adding(months: -(months - 1))
        let last = today.yearMonth.lastDay
        return try database.backend.read { db in
            let officeID = try office.map { try db.fetchOne(Int64.self, sql: "SELECT id FROM bank_unit WHERE code = ?", arguments: [$0]) ?? -1 }
            let rows = try db.fetchAll(MonthlyObligations.self, sql: """
                SELECT substr(ob.due_date, 1, 7) AS month, COUNT(*) AS due,
                       SUM(CASE WHEN ob.status = 'done' THEN 1 ELSE 0 END) AS done, SUM(CASE WHEN ob.status = 'waived' THEN 1 ELSE 0 END) AS waived,
                       SUM(CASE WHEN ob.status = 'open' AND ob.late_after < ?1 THEN 1 ELSE 0 END) AS late
                FROM \(Self.obligationsOf(officeID, db.dialect))
                WHERE (CAST(?2 AS BIGINT) IS NULL OR c.office_id = ?2) AND ob.due_date BETWEEN ?3 AND ?4
                GROUP BY month ORDER BY month
                """, arguments: [today.iso, officeID, first.iso, last.iso])
            let byMonth = Dictionary(rows.map { ($0.month, $0) }, uniquingKeysWith: { a, _ in a })
            return (0..<months).map { offset in
                let key = String(first.adding(months: offset).iso.prefix(7))
                return byMonth[key] ?? MonthlyObligations(month: key, due: 0, done: 0, waived: 0, late: 0)
            }
        }
    }

    /// Open and late obligations per association kind, for one office or everything.
    public func byAssociationKind(office: String?) throws -> [KindCount] {
        let today = database.today
        return try database.backend.read { db in
            let officeID = try office.map { try db.fetchOne(Int64.self, sql: "SELECT id FROM bank_unit WHERE code = ?", arguments: [$0]) ?? -1 }
            let rows = try db.fetchAll(KindCount.self, sql: """
                SELECT a.kind, SUM(CASE WHEN ob.status = 'open' AND ob.late_after >= ?1 THEN 1 ELSE 0 END) AS open, SUM(CASE WHEN ob.status = 'open' AND ob.late_after < ?1 THEN 1 ELSE 0 END) AS late
                FROM \(Self.obligationsOf(officeID, db.dialect)) JOIN association a ON a.id = c.association_id
                WHERE (CAST(?2 AS BIGINT) IS NULL OR c.office_id = ?2) AND ob.status = 'open' GROUP BY a.kind
                """, arguments: [today.iso, officeID])
            let byKind = Dictionary(rows.map { ($0.kind, $0) }, uniquingKeysWith: { a, _ in a })
            return AssociationKind.allCases.map { byKind[$0.rawValue] ?? KindCount(kind: $0.rawValue, open: 0, late: 0) }
        }
    }
}
