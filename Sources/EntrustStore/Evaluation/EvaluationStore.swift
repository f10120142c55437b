import EntrustCore
import Foundation

/// The monthly evaluation: every group with loans in the month's extract is scored on the group scorecard, then every
/// commune association on the association scorecard. Inputs, points per criterion, totals and classes are stored, so
/// that a person can see why a group is Fair; evaluating a month again replaces its results (one audit row per run).
///
/// Inputs are aggregated in a handful of set-based queries (never a query per group), so a national month of
/// 6.8 million loans and 170,000 groups is a few table scans.
public struct EvaluationStore: Sendable {
    public let database: AppDatabase
    public init(_ database: AppDatabase) { self.database = database }

    /// What a run did.
    public struct Summary: Codable, Sendable {
        public var month: String
        public var scorecardFrom: String
        public var associationScorecardFrom: String
        public var groups: Int
        public var byClass: [String: Int]
        public var associations: Int
        public var associationsByClass: [String: Int]
        /// The earlier snapshot savings growth was measured against, if any.
        public var comparedWith: String?
        /// Groups whose transacting was read from transaction-day attendance (the others from loans' last transaction dates).
        public var fromAttendance: Int
        public var replaced: Bool
    }

    /// Scores `month` with the scorecards in force for it.
    public func evaluate(month: YearMonth, scorecards: [Scorecard], associationScorecards: [AssociationScorecard], actor: Principal) throws -> Summary {
        guard let scorecard = Scorecard.inForce(scorecards, for: month) else {
            throw StoreError.rule("no group scorecard is in force for \(month.iso) (the earliest takes effect in \(scorecards.first?.effectiveFrom.iso ?? "—"))")
        }
        guard let associationScorecard = AssociationScorecard.inForce(associationScorecards, for: month) else {
            throw StoreError.rule("no association scorecard is in force for \(month.iso)")
        }
        let now = database.clock.now()
        return try database.backend.write { db in
            guard try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM loan_month WHERE month = ?)", arguments: [month.iso]) == true else {
                throw StoreError.rule("no loan extract was imported for \(month.iso); run `entrust import loans FILE.csv --month \(month.iso)` first")
            }
            let before = try db.fetchAll(sql: "SELECT class, COUNT(*) AS n FROM group_evaluation WHERE month = ? GROUP BY class",
                                          arguments: [month.iso])
            try db.execute(sql: "DELETE FROM group_evaluation WHERE month = ?", arguments: [month.iso])
            try db.execute(sql: "DELETE FROM association_evaluation WHERE month = ?", arguments: [month.iso])
            let compared = try Self.comparedMonth(db, month)
            let inputs = try Self.groupInputs(db, month: month, compared: compared)
            let stamp = VietnamTime.iso8601(now)
            let insert = try db.prepare(sql: """
                INSERT INTO group_evaluation (month, group_id, scorecard_from, compared_month, attendance_source, loans, households,
                    outstanding, overdue, frozen, sessions_held, sessions_transacted, interest_due, interest_collected, principal_due,
                    principal_collected, savings_balance, previous_savings_balance, active_members, members_with_savings,
                    points_overdue_ratio, points_transaction_attendance, points_interest_collection, points_principal_collection,
                    points_savings_growth, points_savers_share, total, class, evaluated_by, evaluated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var byClass: [String: Int] = [:]
            var fromAttendance = 0
            for row in inputs {
                let score = scorecard.score(row.inputs)
                byClass[score.groupClass.rawValue, default: 0] += 1
                if row.fromAttendance { fromAttendance += 1 }
                let i = row.inputs
                let p = { (criterion: ScorecardCriterion) in score.points[criterion] ?? 0 }
                try insert.execute(arguments: [
                    month.iso, row.groupID, scorecard.effectiveFrom.iso, compared?.iso, row.fromAttendance ? "attendance" : "loans",
                    row.loans, row.households, i.outstanding, i.overdue, row.frozen, i.sessionsHeld, i.sessionsTransacted,
                    i.interestDue, i.interestCollected, i.principalDue, i.principalCollected, i.savingsBalance, i.previousSavingsBalance,
                    i.activeMembers, i.membersWithSavings, p(.overdueRatio), p(.transactionAttendance), p(.interestCollection),
                    p(.principalCollection), p(.savingsGrowth), p(.saversShare), score.total, score.groupClass.rawValue, actor.name, stamp,
                ])
            }
            let associations = try Self.evaluateAssociations(db, month: month, scorecard: associationScorecard, actor: actor, stamp: stamp)
            let summary = Summary(month: month.iso, scorecardFrom: scorecard.effectiveFrom.iso,
                                  associationScorecardFrom: associationScorecard.effectiveFrom.iso, groups: inputs.count, byClass: byClass,
                                  associations: associations.values.reduce(0, +), associationsByClass: associations, comparedWith: compared?.iso,
                                  fromAttendance: fromAttendance, replaced: !before.isEmpty)
            var after = byClass.mapValues(String.init)
            after["scorecard_from"] = scorecard.effectiveFrom.iso
            after["associations"] = String(summary.associations)
            try AuditLog.record(db, at: now, actor: actor, action: before.isEmpty ? "evaluate" : "re-evaluate", entity: "evaluation",
                                key: month.iso,
                                before: before.isEmpty ? nil : Dictionary(before.map { ($0["class"] as String, String($0["n"] as Int)) },
                                                                          uniquingKeysWith: { a, _ in a }),
                                after: after)
            return summary
        }
    }

    /// The snapshot savings growth is measured against: the previous month when it was imported, else the latest earlier one.
    static func comparedMonth(_ db: any StoreSession, _ month: YearMonth) throws -> YearMonth? {
        try db.fetchOne(String.self, sql: "SELECT MAX(month) FROM loan_month WHERE month < ?", arguments: [month.iso]).flatMap { YearMonth(iso: $0) }
    }

    struct GroupRow {
        var groupID: Int64
        var loans: Int
        var households: Int
        var frozen: Int64
        var fromAttendance: Bool
        var inputs: GroupMonthInputs
    }

    /// Every group's inputs for the month, in four aggregate queries.
    ///
    /// - Transacting: where attendance was recorded at any of the month's transaction days at the points of the group's
    ///   commune, sessions held are those sessions and the group transacted at those where one of its members was present;
    ///   otherwise one session is assumed, transacted when any of the group's loans has its last transaction in the month.
    /// - Savings: a borrower's balance is repeated on each of their loans and counted once (the largest).
    /// - Active members: the group's registered members active at the month's end; when none are registered, its
    ///   borrowing households. Members with savings: borrowers with a positive balance, at most the active members.
    static func groupInputs(_ db: any StoreSession, month: YearMonth, compared: YearMonth?) throws -> [GroupRow] {
        let first = month.firstDay.iso, last = month.lastDay.iso
        struct Savings { var balance: Int64; var savers: Int; var households: Int }
        func savings(_ month: String) throws -> [Int64: Savings] {
            var result: [Int64: Savings] = [:]
            try db.forEach(sql: """
                SELECT group_id, SUM(savings) AS balance, SUM(CASE WHEN savings > 0 THEN 1 ELSE 0 END) AS savers, SUM(CASE WHEN outstanding > 0 THEN 1 ELSE 0 END) AS households FROM (
                    SELECT group_id, borrower_id, MAX(savings_balance) AS savings,
                           SUM(outstanding_performing + outstanding_overdue + outstanding_frozen) AS outstanding
                    FROM loan WHERE month = ? GROUP BY group_id, borrower_id) AS per_borrower
                GROUP BY group_id
                """, arguments: [month]) { row in
                result[row["group_id"]] = Savings(balance: row["balance"], savers: row["savers"], households: row["households"])
            }
            return result
        }
        let current = try savings(month.iso)
        let previous = try compared.map { try savings($0.iso) } ?? [:]
        var members: [Int64: Int] = [:]
        for row in try db.fetchAll(sql: """
            SELECT group_id, COUNT(*) AS n FROM group_member WHERE joined_on <= ?1 AND (left_on IS NULL OR left_on > ?1) GROUP BY group_id
            """, arguments: [last]) { members[row["group_id"]] = row["n"] }
        var sessions: [Int64: (held: Int, transacted: Int)] = [:]
        for row in try db.fetchAll(sql: """
            WITH held AS (
                SELECT DISTINCT pt.commune_id, m.id AS meeting_id
                FROM meeting m JOIN meeting_series s ON s.id = m.series_id AND s.kind = 'transaction_day'
                JOIN bank_unit pt ON pt.id = s.point_id
                WHERE m.status = 'scheduled' AND substr(m.start, 1, 10) BETWEEN ?1 AND ?2
                  AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id))
            SELECT g.id AS group_id, COUNT(*) AS held,
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM attendance a JOIN group_member gm ON gm.id = a.member_id
                               WHERE a.meeting_id = held.meeting_id AND gm.group_id = g.id AND a.status = 'present') THEN 1 ELSE 0 END) AS transacted
            FROM held JOIN savings_group g ON g.commune_id = held.commune_id
            GROUP BY g.id
            """, arguments: [first, last]) { sessions[row["group_id"]] = (row["held"], row["transacted"]) }

        var result: [GroupRow] = []
        try db.forEach(sql: """
            SELECT group_id, COUNT(*) AS loans,
                   SUM(outstanding_performing + outstanding_overdue + outstanding_frozen) AS outstanding,
                   SUM(outstanding_overdue) AS overdue, SUM(outstanding_frozen) AS frozen,
                   SUM(interest_due) AS interest_due, SUM(interest_collected) AS interest_collected,
                   SUM(principal_due) AS principal_due, SUM(principal_collected) AS principal_collected,
                   MAX(CASE WHEN last_transaction_on BETWEEN ?2 AND ?3 THEN 1 ELSE 0 END) AS transacted
            FROM loan WHERE month = ?1 GROUP BY group_id ORDER BY group_id
            """, arguments: [month.iso, first, last]) { row in
            let groupID: Int64 = row["group_id"]
            let saved = current[groupID] ?? Savings(balance: 0, savers: 0, households: 0)
            let registered = members[groupID] ?? 0
            let active = registered > 0 ? registered : saved.households
            let attendance = sessions[groupID]
            let transactedByLoans = (row["transacted"] as Int?) == 1
            let inputs = GroupMonthInputs(
                outstanding: row["outstanding"], overdue: row["overdue"],
                sessionsHeld: attendance?.held ?? 1, sessionsTransacted: attendance?.transacted ?? (transactedByLoans ? 1 : 0),
                interestDue: row["interest_due"], interestCollected: row["interest_collected"],
                principalDue: row["principal_due"], principalCollected: row["principal_collected"],
                savingsBalance: saved.balance, previousSavingsBalance: previous[groupID]?.balance ?? 0,
                activeMembers: active, membersWithSavings: min(saved.savers, active))
            result.append(GroupRow(groupID: groupID, loans: row["loans"], households: saved.households, frozen: row["frozen"],
                                   fromAttendance: attendance != nil, inputs: inputs))
        }
        return result
    }

    /// Scores every commune association with loans through its groups; returns the count per class.
    static func evaluateAssociations(_ db: any StoreSession, month: YearMonth, scorecard: AssociationScorecard, actor: Principal,
                                     stamp: String) throws -> [String: Int] {
        let first = month.firstDay.iso, last = month.lastDay.iso
        var obligations: [Int64: (due: Int, onTime: Int)] = [:]
        for row in try db.fetchAll(sql: """
            SELECT c.association_id, COUNT(*) AS due, SUM(CASE WHEN ob.status = 'done' AND ob.completed_on <= ob.late_after THEN 1 ELSE 0 END) AS on_time
            FROM obligation ob JOIN contract c ON c.id = ob.contract_id
            WHERE ob.due_date BETWEEN ? AND ? AND ob.status <> 'waived' AND c.association_id IS NOT NULL
            GROUP BY c.association_id
            """, arguments: [first, last]) { obligations[row["association_id"]] = (row["due"], row["on_time"]) }
        var training: [Int64: (target: Int, done: Int)] = [:]
        for row in try db.fetchAll(sql: """
            SELECT q.association_id, q.target, (
                SELECT COUNT(DISTINCT COALESCE('m' || x.member_id, 'p' || x.person_id))
                FROM training t JOIN meeting m ON m.series_id = t.series_id JOIN attendance x ON x.meeting_id = m.id
                WHERE t.association_id = q.association_id AND t.audience = q.audience AND x.status = 'present'
                  AND m.status = 'scheduled' AND m.start >= q.year || '-01-01' AND substr(m.start, 1, 10) <= CASE WHEN q.deadline < ?2 THEN q.deadline ELSE ?2 END
            ) AS trained
            FROM training_quota q JOIN association a ON a.id = q.association_id
            WHERE q.year = ?1 AND a.level = 'commune'
            """, arguments: [month.year, last]) {
            let id: Int64 = row["association_id"], target: Int = row["target"], trained: Int = row["trained"]
            let sofar = training[id] ?? (0, 0)
            training[id] = (sofar.target + target, sofar.done + min(trained, target))
        }
        let insert = try db.prepare(sql: """
            INSERT INTO association_evaluation (month, association_id, scorecard_from, outstanding, overdue, frozen, households,
                interest_due, interest_collected, groups, groups_good, groups_fair, groups_average, groups_weak, obligations_due,
                obligations_on_time, training_target, training_done, points_json, total, class, evaluated_by, evaluated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var byClass: [String: Int] = [:]
        let rows = try db.fetchAll(sql: """
            WITH money AS (
                SELECT g.association_id, SUM(l.outstanding_performing + l.outstanding_overdue + l.outstanding_frozen) AS outstanding,
                       SUM(l.outstanding_overdue) AS overdue, SUM(l.outstanding_frozen) AS frozen,
                       SUM(l.interest_due) AS interest_due, SUM(l.interest_collected) AS interest_collected
                FROM loan l JOIN savings_group g ON g.id = l.group_id WHERE l.month = ?1 GROUP BY g.association_id),
            classes AS (
                SELECT g.association_id, COUNT(*) AS groups, SUM(CASE WHEN e.class = 'good' THEN 1 ELSE 0 END) AS good, SUM(CASE WHEN e.class = 'fair' THEN 1 ELSE 0 END) AS fair,
                       SUM(CASE WHEN e.class = 'average' THEN 1 ELSE 0 END) AS average, SUM(CASE WHEN e.class = 'weak' THEN 1 ELSE 0 END) AS weak, SUM(e.households) AS households
                FROM group_evaluation e JOIN savings_group g ON g.id = e.group_id WHERE e.month = ?1 GROUP BY g.association_id)
            SELECT a.id, money.*, classes.groups, classes.good, classes.fair, classes.average, classes.weak, classes.households
            FROM money JOIN association a ON a.id = money.association_id JOIN classes ON classes.association_id = a.id
            WHERE a.level = 'commune'
            ORDER BY a.id
            """, arguments: [month.iso])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for row in rows {
            let id: Int64 = row["id"]
            let due = obligations[id] ?? (0, 0), quota = training[id] ?? (0, 0)
            let inputs = AssociationMonthInputs(outstanding: row["outstanding"], overdue: row["overdue"], interestDue: row["interest_due"],
                                                interestCollected: row["interest_collected"], groups: row["groups"], goodGroups: row["good"],
                                                obligationsDue: due.due, obligationsOnTime: due.onTime, trainingTarget: quota.target,
                                                trainingDone: quota.done)
            let score = scorecard.score(inputs)
            byClass[score.associationClass.rawValue, default: 0] += 1
            let points = Dictionary(uniqueKeysWithValues: score.points.map { ($0.key.rawValue, $0.value) })
            try insert.execute(arguments: [
                month.iso, id, scorecard.effectiveFrom.iso, inputs.outstanding, inputs.overdue, row["frozen"] as Int64, row["households"] as Int,
                inputs.interestDue, inputs.interestCollected, inputs.groups, inputs.goodGroups, row["fair"] as Int, row["average"] as Int,
                row["weak"] as Int, inputs.obligationsDue, inputs.obligationsOnTime, inputs.trainingTarget, inputs.trainingDone,
                String(decoding: try encoder.encode(points), as: UTF8.self), score.total, score.associationClass.rawValue, actor.name, stamp,
            ])
        }
        return byClass
    }
}
