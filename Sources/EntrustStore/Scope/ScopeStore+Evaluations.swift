import EntrustCore

/// One group's evaluation in one month.
public struct MonthlyGroupScore: Codable, Sendable {
    public var month: String
    public var evaluation: GroupEvaluationView
}

/// A group whose class in the latest evaluated month is worse than in the evaluated month before it.
public struct ClassDrop: Codable, Sendable, StoreRecord {
    public var code: String
    public var name: String
    public var month: String
    public var previousMonth: String
    public var groupClass: String
    public var previousClass: String
    public var total: Int
    public var previousTotal: Int

    enum CodingKeys: String, CodingKey {
        case code, name, month, total
        case previousMonth = "previous_month", groupClass = "class", previousClass = "previous_class", previousTotal = "previous_total"
    }
}

extension ScopeStore {
    /// Newest month first, worst first within a month; a group has one evaluation a month.
    static let evaluationKey = Keyset(.init(expression: "e.month", descending: true), .init(expression: "e.total", integer: true),
                                      .init(expression: "g.code"))

    /// Stored group evaluations visible in `scope` (the same group condition as every other group query), newest month
    /// first and worst first within a month.
    public func evaluations(scope: AccessScope, month: YearMonth? = nil, association: String? = nil, group: String? = nil,
                            limit: Int = 50, after: PageCursor? = nil, before: PageCursor? = nil) throws -> Page<MonthlyGroupScore> {
        try database.backend.read { db in
            let cond = try condition(db, scope)
            var where_ = SQLFilter(cond.group)
            where_.add("e.month = ?", ifPresent: month?.iso)
            where_.add("a.code = ?", ifPresent: association)
            where_.add("g.code = ?", ifPresent: group)
            let from = """
                 FROM group_evaluation e JOIN savings_group g ON g.id = e.group_id
                JOIN admin_unit u ON u.id = g.commune_id JOIN association a ON a.id = g.association_id
                """
            return try page(db, select: "SELECT e.month AS evaluated_month, g.code, g.name, u.name AS commune, a.code AS association, e.*" + from,
                            countFrom: from, where_, keyset: Self.evaluationKey, after: after, before: before, limit: limit,
                            fetch: { sql, arguments in
                                try db.fetchAll(sql: sql, arguments: arguments).map {
                                    MonthlyGroupScore(month: $0["evaluated_month"], evaluation: try GroupEvaluationView(row: $0))
                                }
                            },
                            key: { PageCursor([.text($0.month), .integer(Int64($0.evaluation.total)), .text($0.evaluation.code)]) })
        }
    }

    /// Groups in `scope` whose class dropped between the two latest evaluated months (worst first).
    public func classDrops(scope: AccessScope, limit: Int = 50) throws -> [ClassDrop] {
        try database.backend.read { db in
            let cond = try condition(db, scope)
            let rank = { (alias: String) in "CASE \(alias).class WHEN 'good' THEN 0 WHEN 'fair' THEN 1 WHEN 'average' THEN 2 ELSE 3 END" }
            return try db.fetchAll(ClassDrop.self, sql: """
                WITH latest AS (SELECT MAX(month) AS m FROM group_evaluation),
                     earlier AS (SELECT MAX(month) AS m FROM group_evaluation WHERE month < (SELECT m FROM latest))
                SELECT g.code, g.name, cur.month, prev.month AS previous_month, cur.class, prev.class AS previous_class,
                       cur.total, prev.total AS previous_total
                FROM group_evaluation cur
                JOIN group_evaluation prev ON prev.group_id = cur.group_id AND prev.month = (SELECT m FROM earlier)
                JOIN savings_group g ON g.id = cur.group_id
                WHERE cur.month = (SELECT m FROM latest) AND \(rank("cur")) > \(rank("prev")) AND \(cond.group)
                ORDER BY cur.total, g.code LIMIT ?
                """, arguments: [limit])
        }
    }
}
