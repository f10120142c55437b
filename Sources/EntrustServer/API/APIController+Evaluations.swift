import EntrustCore
import EntrustStore
import Hummingbird

/// One group's score in one month as the API shows it: the inputs, the ratio and points per criterion, total and class.
struct GroupScoreJSON: Encodable {
    struct Criterion: Encodable {
        var points: Int
        /// The ratio the points were read from, two decimals (`2.00`).
        var percent: String
    }

    var month: String
    var group: String
    var name: String
    var commune: String
    var association: String
    var total: Int
    var groupClass: String
    var scorecardFrom: String
    var criteria: [String: Criterion]
    var inputs: [String: Int64]
    var attendanceSource: String
    var comparedMonth: String?

    enum CodingKeys: String, CodingKey {
        case month, group, name, commune, association, total, criteria, inputs
        case groupClass = "class", scorecardFrom = "scorecard_from", attendanceSource = "attendance_source", comparedMonth = "compared_month"
    }

    init(month: String, _ v: GroupEvaluationView) {
        let ratios = v.inputs.ratios
        let points: [ScorecardCriterion: Int] = [
            .overdueRatio: v.pointsOverdueRatio, .transactionAttendance: v.pointsTransactionAttendance,
            .interestCollection: v.pointsInterestCollection, .principalCollection: v.pointsPrincipalCollection,
            .savingsGrowth: v.pointsSavingsGrowth, .saversShare: v.pointsSaversShare,
        ]
        self.month = month
        group = v.code
        name = v.name
        commune = v.commune
        association = v.association
        total = v.total
        groupClass = v.groupClass
        scorecardFrom = v.scorecardFrom
        criteria = Dictionary(uniqueKeysWithValues: ScorecardCriterion.allCases.map { c in
            (c.rawValue, Criterion(points: points[c] ?? 0, percent: ratios[c]?.percent(decimals: 2) ?? "0.00"))
        })
        inputs = [
            "loans": Int64(v.loans), "households": Int64(v.households), "outstanding": v.outstanding, "overdue": v.overdue, "frozen": v.frozen,
            "sessions_held": Int64(v.sessionsHeld), "sessions_transacted": Int64(v.sessionsTransacted), "interest_due": v.interestDue,
            "interest_collected": v.interestCollected, "principal_due": v.principalDue, "principal_collected": v.principalCollected,
            "savings_balance": v.savingsBalance, "previous_savings_balance": v.previousSavingsBalance,
            "active_members": Int64(v.activeMembers), "members_with_savings": Int64(v.membersWithSavings),
        ]
        attendanceSource = v.attendanceSource
        comparedMonth = v.comparedMonth
    }
}

/// A page of scores, shaped like every other list.
struct ScorePage: Encodable {
    var items: [GroupScoreJSON]
    var total: Int
    var totalCapped: Bool
    var limit: Int
    var next: String?
    enum CodingKeys: String, CodingKey { case items, total, totalCapped = "total_capped", limit, next }
}

extension APIController {
    /// Evaluations, fee statements and the four monthly reports. They answer 501 only when the deployment wires no
    /// `EvaluationRepository`; nothing here invents figures.
    func addEvaluationRoutes(to api: RouterGroup<Context>) {
        @Sendable func month(_ request: Request, required: Bool) throws -> YearMonth? {
            guard let text = RequestInput.query(request, "month") else {
                if required { throw ServerError.invalid(field: "month", reason: "is required (YYYY-MM)") }
                return nil
            }
            let month = try YearMonth.parse(text, field: "month")
            return month
        }
        @Sendable func evaluations() throws -> any EvaluationRepository {
            guard let evaluations = repositories.evaluations else {
                throw ServerError.notAvailable("evaluations, fees and reports need the loan-extract store, which this deployment does not wire")
            }
            return evaluations
        }
        /// District and commune reports are office figures: not for association officers.
        @Sendable func officeFigures(_ account: UserAccount) throws {
            switch account.scope {
            case .association, .nothing: throw ServerError.forbidden("the district and commune reports are for bank staff")
            case .everything, .office: break
            }
        }
        api.get("evaluations") { request, context in
            let account = try account(context)
            let (limit, after) = try page(request)
            let page = try await evaluations().evaluations(
                scope: account.scope, month: try month(request, required: false), association: RequestInput.query(request, "association"),
                group: RequestInput.query(request, "group"), limit: limit, after: after, before: nil)
            return try Self.json(ScorePage(items: page.items.map { GroupScoreJSON(month: $0.month, $0.evaluation) }, total: page.total,
                                           totalCapped: page.totalCapped, limit: page.limit, next: page.next))
        }
        api.get("fees") { request, context in
            let account = try account(context)
            return try Self.json(try await evaluations().fees(month: try month(request, required: true)!, office: RequestInput.query(request, "office"),
                                                              scope: account.scope))
        }
        api.get("reports/district") { request, context in
            let account = try account(context)
            try officeFigures(account)
            return try Self.json(try await evaluations().districtReport(month: try month(request, required: true)!,
                                                                        office: RequestInput.query(request, "office"), scope: account.scope))
        }
        api.get("reports/commune") { request, context in
            let account = try account(context)
            try officeFigures(account)
            return try Self.json(try await evaluations().communeReport(month: try month(request, required: true)!,
                                                                       office: RequestInput.query(request, "office"), scope: account.scope))
        }
        api.get("reports/association") { request, context in
            let account = try account(context)
            return try Self.json(try await evaluations().associationReport(month: try month(request, required: true)!,
                                                                           office: RequestInput.query(request, "office"), scope: account.scope))
        }
        api.get("reports/group") { request, context in
            let account = try account(context)
            let month = try month(request, required: true)!
            let rows = try await evaluations().groupReport(month: month, office: RequestInput.query(request, "office"), scope: account.scope)
            return try Self.json(rows.map { GroupScoreJSON(month: month.iso, $0) })
        }
    }
}
