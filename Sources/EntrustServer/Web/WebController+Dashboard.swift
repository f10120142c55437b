import EntrustCore
import EntrustStore
import Hummingbird

extension WebController {
    func addDashboardRoutes(to router: Router<Context>) {
        router.get("dashboard") { request, context in
            let account = try signedIn(request, context)
            let language = context.language
            let office: String?
            switch account.scope {
            case .everything: office = nil
            case let .office(code): office = code
            case .association, .nothing: throw ServerError.forbidden("the dashboard is for bank staff")
            }
            let summary = try await repositories.dashboard.summary(office: office)
            let months = try await repositories.dashboard.monthly(office: office, months: 12)
            let kinds = try await repositories.dashboard.byAssociationKind(office: office)
            let states = ContractState.allCases.map { SVGChart.Bar(label: $0.label.text(language),
                                                                   values: [summary.contractsByState[$0.rawValue] ?? 0]) }
            let chartStates = SVGChart(title: UIText.text("contractsByState", language), series: [.init(name: "", colour: "#0b5c3b")],
                                       bars: states.filter { $0.values[0] > 0 }).render()
            let chartMonths = SVGChart(title: UIText.text("obligationsByMonth", language), series: [
                .init(name: UIText.text("done", language), colour: "#0b5c3b"), .init(name: UIText.text("waived", language), colour: "#9aa4ae"),
                .init(name: UIText.text("late", language), colour: "#b3261e"), .init(name: UIText.text("open", language), colour: "#e0b44c"),
            ], bars: months.map { m in
                SVGChart.Bar(label: String(m.month.suffix(2)), values: [m.done, m.waived, m.late, max(0, m.due - m.done - m.waived - m.late)])
            }).render()
            let chartKinds = SVGChart(title: UIText.text("lateByKind", language), series: [
                .init(name: UIText.text("late", language), colour: "#b3261e"), .init(name: UIText.text("open", language), colour: "#e0b44c"),
            ], bars: kinds.map { k in
                SVGChart.Bar(label: AssociationKind(rawValue: k.kind)?.label.text(language) ?? k.kind, values: [k.late, k.open])
            }).render(height: 220)
            let evaluation = try await evaluationFigures(account: account, office: office, language: language)
            let mostLate = summary.mostLate.map { ["name": $0.name, "late": $0.late] as [String: Any] }
            return pages.page("dashboard", title: UIText.text("dashboard", language), data: [
                "today": summary.today, "scopeLabel": scopeLabel(account, language),
                "s": ["communes": summary.communes, "dueThisMonth": summary.dueThisMonth, "doneThisMonth": summary.doneThisMonth,
                      "late": summary.late, "mostLate": mostLate],
                "contractTotal": summary.contractsByState.values.reduce(0, +),
                "chartStates": chartStates, "chartMonths": chartMonths, "chartKinds": chartKinds,
                "ev": evaluation.map { $0 as Any } ?? false,
            ], context: context, path: "/dashboard")
        }
    }

    /// The district report's figures and the four evaluation charts, from the latest evaluated month; nil when nothing
    /// has been evaluated yet (or the deployment has no evaluation store).
    func evaluationFigures(account: UserAccount, office: String?, language: Language) async throws -> [String: Any]? {
        guard let evaluations = repositories.evaluations, let month = try await evaluations.latestEvaluatedMonth() else { return nil }
        let report = try await evaluations.districtReport(month: month, office: office, scope: account.scope)
        let history = try await evaluations.overdueByMonth(office: office, scope: account.scope, months: 12)
        let classColours = ["good": "#0b5c3b", "fair": "#5fa37e", "average": "#e0b44c", "weak": "#b3261e"]
        let classes = GroupClass.allCases
        let chartClasses = SVGChart(
            title: UIText.text("classDistribution", language),
            series: classes.map { .init(name: $0.label.text(language), colour: classColours[$0.rawValue] ?? "#0b5c3b") },
            bars: report.byClass.enumerated().map { index, count in
                SVGChart.Bar(label: GroupClass(rawValue: count.groupClass)?.label.text(language) ?? count.groupClass,
                             values: classes.indices.map { $0 == index ? count.count : 0 })
            }).render()
        let chartOverdue = SVGChart(
            title: UIText.text("overdueRatio", language), series: [.init(name: UIText.text("overdueRatio", language), colour: "#b3261e")],
            bars: history.map { m in
                SVGChart.Bar(label: Self.shortMonth(m.month), values: [Self.basisPoints(m.overdue, m.outstanding)])
            }, valueText: { Self.percentText(basisPoints: $0, language) }).render()
        let chartKinds = SVGChart(
            title: UIText.text("outstandingByKind", language) + " (" + UIText.text("millionDong", language) + ")",
            series: [.init(name: "", colour: "#0b5c3b")],
            bars: report.byKind.map { k in
                SVGChart.Bar(label: AssociationKind(rawValue: k.code)?.label.text(language) ?? k.code,
                             values: [Int(NumberText.roundedMillions(k.outstanding))])
            }, valueText: { NumberText.grouped(Int64($0), language) }).render()
        let withOverdue = report.communes - report.communesWithoutOverdue
        let chartCommunes = SVGChart(
            title: UIText.text("communesOverdue", language),
            series: [.init(name: UIText.text("withOverdue", language), colour: "#b3261e"),
                     .init(name: UIText.text("withoutOverdue", language), colour: "#0b5c3b")],
            bars: [SVGChart.Bar(label: UIText.text("withOverdue", language), values: [withOverdue, 0]),
                   SVGChart.Bar(label: UIText.text("withoutOverdue", language), values: [0, report.communesWithoutOverdue])]).render(height: 200)
        return [
            "month": report.month,
            "outstanding": NumberText.millions(report.outstanding, language),
            "overdueRatio": Self.percentText(report.overdueRatio, language),
            "badDebtRatio": Self.percentText(report.badDebtRatio, language),
            "households": NumberText.grouped(Int64(report.households), language),
            "groups": NumberText.grouped(Int64(report.groups), language),
            "communesWithout": "\(report.communesWithoutOverdue)/\(report.communes)",
            "savings": NumberText.millions(report.savings, language),
            "planAttainment": report.planAttainment.map { Self.percentText($0, language) } ?? "—",
            "stale": report.evaluationStale,
            "chartClasses": chartClasses, "chartOverdue": chartOverdue, "chartKinds": chartKinds, "chartCommunes": chartCommunes,
        ]
    }

    /// `2023-08` → `08/23`.
    static func shortMonth(_ month: String) -> String {
        "\(month.suffix(2))/\(month.dropFirst(2).prefix(2))"
    }

    /// Hundredths of a percent, rounded half up, for a chart's bar height; the label is written from them.
    static func basisPoints(_ part: Int64, _ whole: Int64) -> Int {
        guard whole > 0, part > 0 else { return 0 }
        let (q, r) = (part.multipliedReportingOverflow(by: 10_000).partialValue).quotientAndRemainder(dividingBy: whole)
        return Int(q + (r * 2 >= whole ? 1 : 0))
    }

    /// `1234` hundredths → `12,34%` (vi) / `12.34%` (en).
    static func percentText(basisPoints: Int, _ language: Language) -> String {
        percentText("\(basisPoints / 100)." + (basisPoints % 100 < 10 ? "0" : "") + "\(basisPoints % 100)", language)
    }

    /// A store's two-decimal percentage (`96.71`) as a person reads it.
    static func percentText(_ text: String, _ language: Language) -> String {
        (language == .vi ? text.replacingOccurrences(of: ".", with: ",") : text) + "%"
    }
}
