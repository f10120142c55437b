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
            let states = ContractState.allCases.map { SVGChart.Bar(label: $0.rawValue.replacingOccurrences(of: "_", with: " "),
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
            let mostLate = summary.mostLate.map { ["name": $0.name, "late": $0.late] as [String: Any] }
            return pages.page("dashboard", title: UIText.text("dashboard", language), data: [
                "today": summary.today, "scopeLabel": scopeLabel(account, language),
                "s": ["communes": summary.communes, "dueThisMonth": summary.dueThisMonth, "doneThisMonth": summary.doneThisMonth,
                      "late": summary.late, "mostLate": mostLate],
                "contractTotal": summary.contractsByState.values.reduce(0, +),
                "chartStates": chartStates, "chartMonths": chartMonths, "chartKinds": chartKinds,
                "slots": ["classDistribution", "overdueRatio", "outstandingByKind", "communesOverdue", "feeStatements"].map { UIText.text($0, language) },
            ], context: context, path: "/dashboard")
        }
    }
}
