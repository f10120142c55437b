import EntrustCore
import Foundation

/// The monthly reports: district (transaction office), commune, association and group. Figures are summed from the
/// month's loan rows and group evaluations in set-based queries, scoped to one transaction office or to everything.
///
/// A commune belongs to the transaction office of its transaction point (the first, when it has several).
public struct ReportStore: Sendable {
    public let database: AppDatabase
    public init(_ database: AppDatabase) { self.database = database }

    /// The office a report covers: the one given, else the only transaction office there is, else everything (nil).
    struct Scope {
        var officeID: Int64?
        var code: String
        var name: String
    }

    static func scope(_ db: any StoreSession, office: String?) throws -> Scope {
        if let office {
            guard let row = try db.fetchOne(sql: "SELECT id, name FROM bank_unit WHERE code = ? AND kind = 'transaction_office'",
                                             arguments: [office]) else {
                throw StoreError.notFound(entity: "transaction office", key: office)
            }
            return Scope(officeID: row["id"], code: office, name: row["name"])
        }
        let offices = try db.fetchAll(sql: "SELECT id, code, name FROM bank_unit WHERE kind = 'transaction_office' LIMIT 2")
        if offices.count == 1 { return Scope(officeID: offices[0]["id"], code: offices[0]["code"], name: offices[0]["name"]) }
        return Scope(officeID: nil, code: "all", name: "")
    }

    /// Communes with their office (`co(commune_id, office_id)`, a commune's office being that of its first point) and the
    /// groups in scope (`sg(id, commune_id, association_id)`); `?1` is the office's id or NULL for everything. With an
    /// office, the groups come from its points' communes through indexes: a district's report on a national database
    /// reads that district's groups, not the country's 170,000.
    static func scopedGroups(_ officeID: Int64?, _ dialect: Dialect) -> String {
        let groups = officeID == nil ? "SELECT id, commune_id, association_id FROM savings_group WHERE CAST(?1 AS BIGINT) IS NULL" : """
            SELECT DISTINCT g.id, g.commune_id, g.association_id
            FROM bank_unit p \(dialect.orderedJoin) savings_group g ON g.commune_id = p.commune_id
            WHERE p.parent_id = ?1 AND p.kind = 'transaction_point'
              AND NOT EXISTS (SELECT 1 FROM bank_unit q WHERE q.commune_id = p.commune_id AND q.kind = 'transaction_point' AND q.parent_id < ?1)
            """
        return """
            co AS (SELECT commune_id, MIN(parent_id) AS office_id FROM bank_unit WHERE kind = 'transaction_point' GROUP BY commune_id),
            sg AS (\(groups))
            """
    }

    static func requireMonth(_ db: any StoreSession, _ month: YearMonth) throws {
        guard try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM loan_month WHERE month = ?)", arguments: [month.iso]) == true else {
            throw StoreError.rule("no loan extract was imported for \(month.iso); run `entrust import loans FILE.csv --month \(month.iso)` first")
        }
    }

    static func requireEvaluation(_ db: any StoreSession, _ month: YearMonth) throws {
        guard try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM group_evaluation WHERE month = ?)", arguments: [month.iso]) == true else {
            throw StoreError.rule("\(month.iso) has not been evaluated; run `entrust evaluate --month \(month.iso)` first")
        }
    }

    struct Totals {
        var outstanding: Int64 = 0, overdue: Int64 = 0, frozen: Int64 = 0, households = 0, groups = 0
    }

    static func totals(_ db: any StoreSession, month: String, officeID: Int64?) throws -> Totals {
        guard let row = try db.fetchOne(sql: """
            WITH \(scopedGroups(officeID, db.dialect))
            SELECT COALESCE(SUM(t.outstanding), 0) AS outstanding, COALESCE(SUM(t.overdue), 0) AS overdue,
                   COALESCE(SUM(t.frozen), 0) AS frozen, COALESCE(SUM(t.households), 0) AS households, COUNT(*) AS groups
            FROM sg \(db.dialect.orderedJoin) loan_group_total t ON t.month = ?2 AND t.group_id = sg.id
            """, arguments: [officeID, month]) else { return Totals() }
        return Totals(outstanding: row["outstanding"], overdue: row["overdue"], frozen: row["frozen"], households: row["households"],
                      groups: row["groups"])
    }

    static func percent(_ part: Int64, _ whole: Int64) -> String {
        guard whole > 0, let ratio = Ratio(max(part, 0), whole) else { return "0.00" }
        return ratio.percent(decimals: 2)
    }

    /// The district report of `month` for an office (see `Scope`).
    public func district(month: YearMonth, office: String?, top: Int = 4) throws -> DistrictReport {
        try database.backend.read { db in
            try Self.requireMonth(db, month)
            try Self.requireEvaluation(db, month)
            let scope = try Self.scope(db, office: office)
            let current = try Self.totals(db, month: month.iso, officeID: scope.officeID)
            var classes: [String: Int] = [:]
            for row in try db.fetchAll(sql: """
                WITH \(Self.scopedGroups(scope.officeID, db.dialect))
                SELECT e.class, COUNT(*) AS n FROM group_evaluation e JOIN sg ON sg.id = e.group_id WHERE e.month = ?2 GROUP BY e.class
                """, arguments: [scope.officeID, month.iso]) { classes[row["class"]] = row["n"] }
            let evaluated = classes.values.reduce(0, +)
            let byClass = GroupClass.allCases.map { groupClass in
                DistrictReport.ClassCount(groupClass: groupClass.rawValue, count: classes[groupClass.rawValue] ?? 0,
                                          percent: Self.percent(Int64(classes[groupClass.rawValue] ?? 0), Int64(evaluated)))
            }
            // Every commune with a transaction point in scope, with its outstanding and overdue (0 when it has no loans).
            let communes = try db.fetchAll(sql: """
                WITH \(Self.scopedGroups(scope.officeID, db.dialect)),
                money AS (SELECT sg.commune_id, SUM(t.outstanding) AS outstanding, SUM(t.overdue) AS overdue
                          FROM sg \(db.dialect.orderedJoin) loan_group_total t ON t.month = ?2 AND t.group_id = sg.id GROUP BY sg.commune_id)
                SELECT u.code, u.name, COALESCE(money.outstanding, 0) AS outstanding, COALESCE(money.overdue, 0) AS overdue
                FROM co JOIN admin_unit u ON u.id = co.commune_id LEFT JOIN money ON money.commune_id = co.commune_id
                WHERE CAST(?1 AS BIGINT) IS NULL OR co.office_id = ?1
                ORDER BY outstanding DESC, u.name
                """, arguments: [scope.officeID, month.iso])
            let savings = try db.fetchOne(Int64.self, sql: """
                WITH \(Self.scopedGroups(scope.officeID, db.dialect))
                SELECT COALESCE(SUM(t.savings), 0) FROM sg \(db.dialect.orderedJoin) loan_group_total t ON t.month = ?2 AND t.group_id = sg.id
                """, arguments: [scope.officeID, month.iso]) ?? 0
            let kinds = try db.fetchAll(sql: """
                WITH \(Self.scopedGroups(scope.officeID, db.dialect))
                SELECT a.kind, SUM(t.outstanding) AS outstanding
                FROM sg \(db.dialect.orderedJoin) loan_group_total t ON t.month = ?2 AND t.group_id = sg.id JOIN association a ON a.id = sg.association_id
                GROUP BY a.kind
                """, arguments: [scope.officeID, month.iso])
            let byKindAmount = Dictionary(uniqueKeysWithValues: kinds.map { ($0["kind"] as String, $0["outstanding"] as Int64) })
            let byKind = AssociationKind.allCases.map { kind in
                DistrictReport.Figure(code: kind.rawValue, name: kind.label.vi, outstanding: byKindAmount[kind.rawValue] ?? 0,
                                      percent: Self.percent(byKindAmount[kind.rawValue] ?? 0, current.outstanding))
            }
            func earlier(_ other: String?) throws -> DistrictReport.Earlier? {
                guard let other, other != month.iso,
                      try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM loan_month WHERE month = ?)", arguments: [other]) == true else { return nil }
                let totals = try Self.totals(db, month: other, officeID: scope.officeID)
                return DistrictReport.Earlier(month: other, outstanding: totals.outstanding, households: totals.households,
                                              groups: totals.groups, change: current.outstanding - totals.outstanding)
            }
            // The start of the year: December of the year before when it was imported, else the year's first imported month.
            let december = month.adding(months: -month.month).iso
            let baseline = try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM loan_month WHERE month = ?)", arguments: [december]) == true
                ? december
                : try db.fetchOne(String.self, sql: "SELECT MIN(month) FROM loan_month WHERE month >= ? AND month < ?",
                                      arguments: [YearMonth(year: month.year, month: 1)!.iso, month.iso])
            let plan = try db.fetchOne(Int64.self, sql: """
                SELECT SUM(outstanding) FROM plan WHERE year = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR office_id = ?2)
                """, arguments: [month.year, scope.officeID])
            let stale = try db.fetchOne(Bool.self, sql: """
                SELECT (SELECT imported_at FROM loan_month WHERE month = ?1) > (SELECT MAX(evaluated_at) FROM group_evaluation WHERE month = ?1)
                """, arguments: [month.iso]) ?? false
            return DistrictReport(
                month: month.iso, scope: scope.code, scopeName: scope.name, groups: evaluated, byClass: byClass,
                outstanding: current.outstanding, households: current.households, overdue: current.overdue, frozen: current.frozen,
                overdueRatio: Self.percent(current.overdue, current.outstanding),
                badDebtRatio: Self.percent(current.overdue + current.frozen, current.outstanding),
                communes: communes.count, communesWithoutOverdue: communes.filter { ($0["overdue"] as Int64) == 0 }.count,
                savings: savings,
                topCommunes: communes.prefix(max(0, top)).map {
                    DistrictReport.Figure(code: $0["code"], name: $0["name"], outstanding: $0["outstanding"],
                                          percent: Self.percent($0["outstanding"], current.outstanding))
                },
                byKind: byKind, previousMonth: try earlier(month.adding(months: -1).iso), startOfYear: try earlier(baseline),
                plan: plan, planAttainment: plan.map { Self.percent(current.outstanding, $0) }, evaluationStale: stale)
        }
    }

    /// One line per commune in scope.
    public func communes(month: YearMonth, office: String?) throws -> [CommuneReportRow] {
        try database.backend.read { db in
            try Self.requireMonth(db, month)
            try Self.requireEvaluation(db, month)
            let scope = try Self.scope(db, office: office)
            return try db.fetchAll(CommuneReportRow.self, sql: """
                WITH \(Self.scopedGroups(scope.officeID, db.dialect)),
                money AS (SELECT sg.commune_id, SUM(t.outstanding) AS outstanding, SUM(t.overdue) AS overdue, SUM(t.frozen) AS frozen,
                                 SUM(t.savings) AS savings
                          FROM sg \(db.dialect.orderedJoin) loan_group_total t ON t.month = ?2 AND t.group_id = sg.id GROUP BY sg.commune_id),
                evaluated AS (SELECT sg.commune_id, COUNT(*) AS groups, SUM(e.active_members) AS members,
                                     SUM(e.members_with_savings) AS members_with_savings, SUM(e.households) AS households,
                                     SUM(CASE WHEN e.class = 'good' THEN 1 ELSE 0 END) AS good, SUM(CASE WHEN e.class = 'fair' THEN 1 ELSE 0 END) AS fair, SUM(CASE WHEN e.class = 'average' THEN 1 ELSE 0 END) AS average,
                                     SUM(CASE WHEN e.class = 'weak' THEN 1 ELSE 0 END) AS weak
                              FROM group_evaluation e JOIN sg ON sg.id = e.group_id WHERE e.month = ?2 GROUP BY sg.commune_id)
                SELECT u.code, u.name, COALESCE(evaluated.groups, 0) AS groups, COALESCE(evaluated.members, 0) AS members,
                       COALESCE(evaluated.members_with_savings, 0) AS members_with_savings, COALESCE(evaluated.households, 0) AS households,
                       COALESCE(money.outstanding, 0) AS outstanding, COALESCE(money.overdue, 0) AS overdue,
                       COALESCE(money.frozen, 0) AS frozen, COALESCE(money.savings, 0) AS savings,
                       COALESCE(evaluated.good, 0) AS good, COALESCE(evaluated.fair, 0) AS fair,
                       COALESCE(evaluated.average, 0) AS average, COALESCE(evaluated.weak, 0) AS weak
                FROM co JOIN admin_unit u ON u.id = co.commune_id
                LEFT JOIN money ON money.commune_id = co.commune_id
                LEFT JOIN evaluated ON evaluated.commune_id = co.commune_id
                WHERE CAST(?1 AS BIGINT) IS NULL OR co.office_id = ?1
                ORDER BY outstanding DESC, u.name
                """, arguments: [scope.officeID, month.iso])
        }
    }

    /// Every evaluated group in scope, worst first.
    public func groups(month: YearMonth, office: String?) throws -> [GroupEvaluationView] {
        try database.backend.read { db in
            try Self.requireEvaluation(db, month)
            let scope = try Self.scope(db, office: office)
            return try db.fetchAll(GroupEvaluationView.self, sql: """
                WITH \(Self.scopedGroups(scope.officeID, db.dialect))
                SELECT g.code, g.name, u.name AS commune, a.code AS association, e.*
                FROM group_evaluation e JOIN sg ON sg.id = e.group_id JOIN savings_group g ON g.id = e.group_id
                JOIN admin_unit u ON u.id = g.commune_id JOIN association a ON a.id = g.association_id
                WHERE e.month = ?2
                ORDER BY e.total, g.code
                """, arguments: [scope.officeID, month.iso])
        }
    }

    /// One group's evaluation of a month.
    public func group(_ code: String, month: YearMonth) throws -> GroupEvaluationView {
        try database.backend.read { db in
            guard let view = try db.fetchOne(GroupEvaluationView.self, sql: """
                SELECT g.code, g.name, u.name AS commune, a.code AS association, e.*
                FROM group_evaluation e JOIN savings_group g ON g.id = e.group_id
                JOIN admin_unit u ON u.id = g.commune_id JOIN association a ON a.id = g.association_id
                WHERE e.month = ? AND g.code = ?
                """, arguments: [month.iso, code]) else {
                if try db.fetchOne(Int64.self, sql: "SELECT id FROM savings_group WHERE code = ?", arguments: [code]) == nil {
                    throw StoreError.notFound(entity: "group", key: code)
                }
                throw StoreError.rule("group \(code) has no evaluation for \(month.iso) (no loans in that month's extract, or the month was not evaluated)")
            }
            return view
        }
    }

    /// Commune associations' evaluations in scope, and roll-ups by office, province and association kind.
    /// - Parameter association: only this association (an officer's scope); nil: every association of the office.
    public func associations(month: YearMonth, office: String?, association: String? = nil) throws -> (rows: [AssociationEvaluationView], rollUps: [RollUp]) {
        try database.backend.read { db in
            try Self.requireEvaluation(db, month)
            let scope = try Self.scope(db, office: office)
            let select = """
                WITH co AS (SELECT commune_id, MIN(parent_id) AS office_id FROM bank_unit WHERE kind = 'transaction_point' GROUP BY commune_id),
                rows AS (
                    SELECT a.code, a.name, a.kind, u.name AS commune, o.code AS office, o.name AS office_name,
                           p.code AS province, p.name AS province_name, e.*
                    FROM association_evaluation e JOIN association a ON a.id = e.association_id
                    JOIN admin_unit u ON u.id = a.admin_unit_id LEFT JOIN co ON co.commune_id = a.admin_unit_id
                    LEFT JOIN bank_unit o ON o.id = co.office_id LEFT JOIN bank_unit p ON p.id = o.parent_id
                    WHERE e.month = ?2 AND (CAST(?1 AS BIGINT) IS NULL OR co.office_id = ?1) AND (CAST(?3 AS TEXT) IS NULL OR a.code = ?3))
                """
            let rows = try db.fetchAll(AssociationEvaluationView.self, sql: select + " SELECT * FROM rows ORDER BY office, commune, kind",
                                                              arguments: [scope.officeID, month.iso, association])
            var rollUps: [RollUp] = []
            for (level, code, name) in [("office", "office", "office_name"), ("province", "province", "province_name"), ("kind", "kind", "kind")] {
                rollUps += try db.fetchAll(RollUp.self, sql: select + """
                     SELECT '\(level)' AS level, COALESCE(\(code), '') AS code, COALESCE(\(name), '') AS name, COUNT(*) AS associations,
                            SUM(outstanding) AS outstanding, SUM(overdue) AS overdue, SUM(households) AS households,
                            SUM(CASE WHEN class = 'good' THEN 1 ELSE 0 END) AS good, SUM(CASE WHEN class = 'fair' THEN 1 ELSE 0 END) AS fair, SUM(CASE WHEN class = 'average' THEN 1 ELSE 0 END) AS average,
                            SUM(CASE WHEN class = 'weak' THEN 1 ELSE 0 END) AS weak
                     FROM rows GROUP BY \(code), \(name) ORDER BY outstanding DESC
                    """, arguments: [scope.officeID, month.iso, association])
            }
            return (rows, rollUps)
        }
    }
}
