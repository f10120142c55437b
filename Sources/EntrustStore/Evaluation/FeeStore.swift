import EntrustCore
import Foundation

/// The month's entrustment fee statement per commune association and commission per group, from the loan rows and the
/// fee schedule in force for the month. Computed on demand (nothing stored), exactly, rounded once per statement.
public struct FeeStore: Sendable {
    public let database: AppDatabase
    public init(_ database: AppDatabase) { self.database = database }

    /// One rate applied to one base.
    public struct Line: Codable, Sendable {
        /// The programme codes of the rate, or `*` for every other programme.
        public var programmes: String
        public var basis: String
        /// The monthly rate as a percentage (`0.032`).
        public var rate: String
        /// The base in đồng (an average is shown rounded half up; the fee uses it exactly).
        public var base: Int64
    }

    public struct Statement: Codable, Sendable {
        public var association: String
        public var name: String
        public var kind: String
        public var commune: String
        public var lines: [Line]
        public var outstanding: Int64
        public var overdue: Int64
        /// Overdue over outstanding, two decimals; it sets the share of the fee paid.
        public var overdueRatio: String
        /// The share of the fee paid after the reduction, as a percentage (`100`, `80`, `50`, `0`).
        public var paidShare: String
        /// The fee before the reduction.
        public var fullFee: Int64
        public var fee: Int64
        /// The fee per association level (commune, district, province, central); the parts add up to `fee`.
        public var split: [String: Int64]
    }

    public struct Commission: Codable, Sendable {
        public var group: String
        public var name: String
        public var association: String
        public var performing: Int64
        public var commission: Int64
    }

    public struct Report: Codable, Sendable {
        public var month: String
        public var scheduleFrom: String
        /// The month-end balances the averages used (the previous month), or nil when only this month's end was available.
        public var averagedWith: String?
        public var statements: [Statement]
        public var commissions: [Commission]
        public var totalFee: Int64
        public var totalCommission: Int64
    }

    /// - Parameter association: only this association's statement and its groups' commissions (an officer's scope).
    public func report(month: YearMonth, schedules: [FeeSchedule], office: String?, association: String? = nil) throws -> Report {
        guard let schedule = FeeSchedule.inForce(schedules, for: month) else {
            throw StoreError.rule("no fee schedule is in force for \(month.iso) (the earliest takes effect in \(schedules.first?.effectiveFrom.iso ?? "—"))")
        }
        return try database.backend.read { db in
            try ReportStore.requireMonth(db, month)
            let scope = try ReportStore.scope(db, office: office)
            var associationID: Int64?
            if let association {
                guard let id = try db.fetchOne(Int64.self, sql: "SELECT id FROM association WHERE code = ?", arguments: [association]) else {
                    throw StoreError.notFound(entity: "association", key: association)
                }
                associationID = id
            }
            let previous = month.adding(months: -1).iso
            let hasPrevious = try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM loan_month WHERE month = ?)", arguments: [previous]) == true
            struct Money { var collectedBase: Int64 = 0, performing: Int64 = 0, previousPerforming: Int64 = 0, outstanding: Int64 = 0, overdue: Int64 = 0 }
            func byProgramme(_ key: String) throws -> [Int64: [String: Money]] {
                var result: [Int64: [String: Money]] = [:]
                let rows = try db.fetchAll(sql: """
                    WITH \(ReportStore.scopedGroups(scope.officeID, db.dialect))
                    SELECT sg.\(key) AS owner, l.month, l.programme,
                           SUM(CASE WHEN l.interest_collected > 0 THEN l.outstanding_performing + l.outstanding_overdue + l.outstanding_frozen
                                    ELSE 0 END) AS collected_base,
                           SUM(l.outstanding_performing) AS performing,
                           SUM(l.outstanding_performing + l.outstanding_overdue + l.outstanding_frozen) AS outstanding,
                           SUM(l.outstanding_overdue) AS overdue
                    FROM loan l JOIN sg ON sg.id = l.group_id WHERE l.month IN (?2, ?3) AND (CAST(?4 AS BIGINT) IS NULL OR sg.association_id = ?4)
                    GROUP BY sg.\(key), l.month, l.programme
                    """, arguments: [scope.officeID, month.iso, hasPrevious ? previous : month.iso, associationID])
                for row in rows {
                    let owner: Int64 = row["owner"], programme: String = row["programme"]
                    var money = result[owner]?[programme] ?? Money()
                    if (row["month"] as String) == month.iso {
                        money.collectedBase = row["collected_base"]
                        money.performing = row["performing"]
                        money.outstanding = row["outstanding"]
                        money.overdue = row["overdue"]
                    } else {
                        money.previousPerforming = row["performing"]
                    }
                    result[owner, default: [:]][programme] = money
                }
                return result
            }
            /// The terms of one owner: per rate, the base its basis calls for.
            func terms(_ programmes: [String: Money], rates: [FeeRate]) -> (terms: [FeeTerm], lines: [Line]) {
                var bases: [Int: (base: Int64, divisor: UInt64)] = [:]
                for (programme, money) in programmes {
                    guard let rate = schedule.rate(for: programme, in: rates), let index = rates.firstIndex(of: rate) else { continue }
                    let part: (Int64, UInt64)
                    switch rate.basis {
                    case .outstandingWithInterestCollected: part = (money.collectedBase, 1)
                    case .averagePerformingOutstanding:
                        part = hasPrevious ? (money.performing + money.previousPerforming, 2) : (money.performing, 1)
                    }
                    let sofar = bases[index] ?? (0, part.1)
                    bases[index] = (sofar.base + part.0, part.1)
                }
                var terms: [FeeTerm] = [], lines: [Line] = []
                for index in bases.keys.sorted() {
                    let rate = rates[index], base = bases[index]!
                    terms.append(FeeTerm(base: base.base, divisor: base.divisor, rate: rate.monthlyRate))
                    lines.append(Line(programmes: rate.programmes.isEmpty ? "*" : rate.programmes.joined(separator: ","),
                                      basis: rate.basis.rawValue, rate: rate.monthlyRate.percent(decimals: 4),
                                      base: (base.base + Int64(base.divisor / 2)) / Int64(base.divisor)))
                }
                return (terms, lines)
            }

            let levels: [AssociationLevel] = [.commune, .district, .province, .central]
            let shares = levels.compactMap { level in schedule.split[level].map { (level: level, share: $0) } }
            var statements: [Statement] = []
            let associations = try byProgramme("association_id")
            let names = try db.fetchAll(sql: """
                SELECT a.id, a.code, a.name, a.kind, u.name AS commune FROM association a LEFT JOIN admin_unit u ON u.id = a.admin_unit_id
                """)
            let byID = Dictionary(uniqueKeysWithValues: names.map { ($0["id"] as Int64, $0) })
            for (id, programmes) in associations {
                guard let info = byID[id] else { continue }
                let outstanding = programmes.values.reduce(Int64(0)) { $0 + $1.outstanding }
                let overdue = programmes.values.reduce(Int64(0)) { $0 + $1.overdue }
                let ratio = outstanding > 0 ? (Ratio(overdue, outstanding) ?? .zero) : .zero
                let share = schedule.paidShare(overdueRatio: ratio)
                let (feeTerms, lines) = terms(programmes, rates: schedule.rates)
                let fee = FeeCalculator.fee(terms: feeTerms, share: share)
                let split = FeeCalculator.split(fee, by: shares)
                statements.append(Statement(association: info["code"], name: info["name"], kind: info["kind"], commune: info["commune"] ?? "",
                                            lines: lines, outstanding: outstanding, overdue: overdue, overdueRatio: ratio.percent(decimals: 2),
                                            paidShare: share.percent(decimals: 0), fullFee: FeeCalculator.fee(terms: feeTerms, share: .one),
                                            fee: fee, split: Dictionary(uniqueKeysWithValues: split.map { ($0.key.rawValue, $0.value) })))
            }
            statements.sort { $0.association < $1.association }

            var commissions: [Commission] = []
            let groups = try byProgramme("id")
            let groupNames = try db.fetchAll(sql: """
                SELECT g.id, g.code, g.name, a.code AS association FROM savings_group g JOIN association a ON a.id = g.association_id
                """)
            let groupByID = Dictionary(uniqueKeysWithValues: groupNames.map { ($0["id"] as Int64, $0) })
            for (id, programmes) in groups {
                guard let info = groupByID[id] else { continue }
                let (feeTerms, _) = terms(programmes, rates: schedule.groupCommissions)
                commissions.append(Commission(group: info["code"], name: info["name"], association: info["association"],
                                              performing: programmes.values.reduce(Int64(0)) { $0 + $1.performing },
                                              commission: FeeCalculator.fee(terms: feeTerms, share: .one)))
            }
            commissions.sort { $0.group < $1.group }
            return Report(month: month.iso, scheduleFrom: schedule.effectiveFrom.iso, averagedWith: hasPrevious ? previous : nil,
                          statements: statements, commissions: commissions, totalFee: statements.reduce(0) { $0 + $1.fee },
                          totalCommission: commissions.reduce(0) { $0 + $1.commission })
        }
    }
}
