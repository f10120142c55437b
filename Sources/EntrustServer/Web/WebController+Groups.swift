import EntrustCore
import EntrustStore
import Hummingbird

extension WebController {
    func addGroupRoutes(to router: Router<Context>) {
        router.get("groups") { request, context in
            let account = try signedIn(request, context)
            let (after, before) = try Self.position(request)
            let association = RequestInput.query(request, "association")
            let page = try await repositories.groups.groups(scope: account.scope, association: association,
                                                            commune: nil, status: nil, limit: Self.pageSize, after: after, before: before)
            var data: [String: Any] = [
                "items": page.items.map { g -> [String: Any] in
                    ["code": g.code, "name": g.name, "communeName": g.communeName, "activeMembers": g.activeMembers]
                },
            ]
            data.merge(Self.pager("/groups", association.map { [("association", $0)] } ?? [], page, language: context.language)) { $1 }
            return pages.page("groups", title: UIText.text("groups", context.language), data: data, context: context, path: "/groups")
        }
        router.get("groups/{code}") { request, context in
            let account = try signedIn(request, context)
            let language = context.language
            let code = try RequestInput.parameter(context, "code")
            let group = try await repositories.groups.group(code, scope: account.scope)
            let board = try await repositories.groups.board(group: code, scope: account.scope).filter { $0.endedOn == nil }
            let members = try await repositories.groups.members(group: code, scope: account.scope)
            let today = self.today
            let meetings = try await repositories.meetings.meetings(scope: account.scope, group: code, kind: nil, from: today.adding(days: -31),
                                                                    to: today.adding(days: 92), limit: 20, after: nil, before: nil)
            var scores: [[String: Any]] = []
            if let evaluations = repositories.evaluations {
                let history = try await evaluations.evaluations(scope: account.scope, month: nil, association: nil, group: code, limit: 6, after: nil, before: nil)
                scores = history.items.map { Self.scoreCard(month: $0.month, $0.evaluation, language) }
            }
            let data: [String: Any] = [
                "scores": scores,
                "g": ["code": group.code, "name": group.name, "communeName": group.communeName, "village": group.village ?? "",
                      "association": group.association, "status": GroupStatus(rawValue: group.status)?.label.text(language) ?? group.status],
                "board": board.map { b -> [String: Any] in
                    ["roleLabel": BoardRole(rawValue: b.role)?.label.text(language) ?? b.role, "name": b.name, "termStart": b.termStart, "termEnd": b.termEnd]
                },
                "members": members.map { m -> [String: Any] in
                    ["code": m.code, "name": m.name, "category": PovertyCategory(rawValue: m.category)?.label.text(language) ?? m.category,
                     "boardRole": m.boardRole.flatMap { BoardRole(rawValue: $0)?.label.text(language) } ?? ""]
                },
                "memberCount": members.count,
                "meetings": meetings.items.map { m -> [String: Any] in
                    ["refPath": Self.pathSegment(m.ref), "start": m.start.replacingOccurrences(of: "T", with: " "), "title": m.title, "status": m.status]
                },
                "canSubscribe": true,
            ]
            return pages.page("group", title: group.name, data: data, context: context, path: "/groups")
        }
    }

    /// One month's score of a group: class, total, and per criterion the figures, the ratio and the points, so that a
    /// person sees why the group is Fair.
    static func scoreCard(month: String, _ v: GroupEvaluationView, _ language: Language) -> [String: Any] {
        let ratios = v.inputs.ratios
        func money(_ part: Int64, _ whole: Int64) -> String {
            "\(NumberText.grouped(part, language)) / \(NumberText.grouped(whole, language))"
        }
        let rows: [(ScorecardCriterion, String, Int)] = [
            (.overdueRatio, money(v.overdue, v.outstanding), v.pointsOverdueRatio),
            (.transactionAttendance, "\(v.sessionsTransacted) / \(v.sessionsHeld)", v.pointsTransactionAttendance),
            (.interestCollection, money(v.interestCollected, v.interestDue), v.pointsInterestCollection),
            (.principalCollection, money(v.principalCollected, v.principalDue), v.pointsPrincipalCollection),
            (.savingsGrowth, money(v.savingsBalance, v.previousSavingsBalance), v.pointsSavingsGrowth),
            (.saversShare, "\(v.membersWithSavings) / \(v.activeMembers)", v.pointsSaversShare),
        ]
        return [
            "month": month, "total": v.total, "classLabel": GroupClass(rawValue: v.groupClass)?.label.text(language) ?? v.groupClass,
            "classCode": v.groupClass, "scorecardFrom": v.scorecardFrom,
            "criteria": rows.map { criterion, figures, points -> [String: Any] in
                ["label": UIText.text("crit." + criterion.rawValue, language), "figures": figures,
                 "percent": NumberText.percent(ratios[criterion], language), "points": points]
            },
        ]
    }
}
