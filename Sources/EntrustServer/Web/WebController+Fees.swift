import EntrustCore
import EntrustStore
import Hummingbird

extension WebController {
    /// `/fees?month=YYYY-MM`: the month's fee statements, printable (the header and the form are hidden on paper).
    /// Bank staff see their office's associations, officers their own association's statement.
    func addFeeRoutes(to router: Router<Context>) {
        router.get("fees") { request, context in
            let account = try signedIn(request, context)
            let language = context.language
            guard let evaluations = repositories.evaluations else {
                throw ServerError.notAvailable("fee statements need the loan-extract store, which this deployment does not wire")
            }
            let month: YearMonth
            if let text = RequestInput.query(request, "month") {
                let parsed = try YearMonth.parse(text, field: "month")
                month = parsed
            } else if let latest = try await evaluations.latestEvaluatedMonth() {
                month = latest
            } else {
                throw StoreError.rule("no month has been evaluated yet; run `entrust evaluate --month YYYY-MM` first")
            }
            var office: String?
            if case let .office(code) = account.scope { office = code }
            let report = try await evaluations.fees(month: month, office: office, scope: account.scope)
            let levelKeys = ["commune": "levelCommune", "district": "levelDistrict", "province": "levelProvince", "central": "levelCentral"]
            let dong = { (value: Int64) in NumberText.grouped(value, language) }
            let millions = { (value: Int64) in NumberText.millions(value, language) }
            return pages.page("fees", title: "\(UIText.text("feeStatements", language)) \(month.iso)", data: [
                "month": month.iso, "scopeLabel": scopeLabel(account, language),
                "r": ["scheduleFrom": report.scheduleFrom, "averagedWith": report.averagedWith ?? ""],
                "statements": report.statements.map { s -> [String: Any] in
                    [
                        "association": s.association, "name": s.name, "commune": s.commune,
                        "lines": s.lines.map { line -> [String: Any] in
                            ["programmes": line.programmes == "*" ? UIText.text("allProgrammes", language) : line.programmes,
                             "base": millions(line.base), "rate": Self.percentText(line.rate, language)]
                        },
                        "outstanding": millions(s.outstanding), "overdueRatio": Self.percentText(s.overdueRatio, language),
                        "paidShare": Self.percentText(s.paidShare, language), "fullFee": dong(s.fullFee), "fee": dong(s.fee),
                        "split": ["commune", "district", "province", "central"].compactMap { level -> [String: Any]? in
                            guard let amount = s.split[level] else { return nil }
                            return ["level": UIText.text(levelKeys[level] ?? level, language), "amount": dong(amount)]
                        },
                    ]
                },
                "totalFee": dong(report.totalFee),
                "commissions": report.commissions.map { c -> [String: Any] in
                    ["group": c.group, "name": c.name, "performing": millions(c.performing), "commission": dong(c.commission)]
                },
                "totalCommission": dong(report.totalCommission),
            ], context: context, path: "/fees")
        }
    }
}
