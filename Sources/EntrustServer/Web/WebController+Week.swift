import EntrustCore
import EntrustStore
import Hummingbird

extension WebController {
    func obligationItem(_ view: ObligationView, _ account: UserAccount, _ language: Language, draft: [String: String]) -> [String: Any] {
        let (label, css) = Self.statusLabel(view.status, language)
        let open = view.status == "open" || view.status == "late"
        return [
            "ref": view.ref, "refPath": Self.pathSegment(view.ref), "anchor": view.ref.replacingOccurrences(of: ":", with: "_"),
            "title": view.title(language), "statusLabel": label, "statusClass": css, "dueDate": view.dueDate, "contract": view.contract,
            "associationName": view.associationName ?? "", "evidence": view.evidence ?? "",
            "canComplete": open && account.userRole.allows(.completeObligation),
            "draft": draft["draft_ref"] == view.ref ? (draft["draft_evidence"] ?? "") : "",
        ]
    }

    static func kindLabel(_ kind: String, _ language: Language) -> String {
        MeetingKind(rawValue: kind)?.label.text(language) ?? kind
    }

    func addWeekRoutes(to router: Router<Context>) {
        router.get("week") { request, context in
            let account = try signedIn(request, context)
            let language = context.language
            let scope = account.scope
            let today = self.today
            var drafts: [String: String] = [:]
            for key in ["draft_ref", "draft_evidence"] { drafts[key] = RequestInput.query(request, key) }
            let weekStart = today.adding(days: -(today.isoWeekday - 1))
            let late = try await repositories.obligations.obligations(scope: scope, status: "late", contract: nil, association: nil,
                                                                      dueFrom: nil, dueTo: nil, limit: 30, after: nil, before: nil)
            let due = try await repositories.obligations.obligations(scope: scope, status: "open", contract: nil, association: nil,
                                                                     dueFrom: nil, dueTo: weekStart.adding(days: 13), limit: 30, after: nil, before: nil)
            var done: [[String: Any]] = []
            var flash: String?
            if let ref = RequestInput.query(request, "done"), let view = try? await repositories.obligations.obligation(ref, scope: scope) {
                done.append(obligationItem(view, account, language, draft: drafts))
                flash = "\(UIText.text("done", language)): \(view.title(language))"
            }
            let meetings = try await repositories.meetings.meetings(scope: scope, group: nil, kind: nil, from: weekStart,
                                                                    to: weekStart.adding(days: 13), limit: 40, after: nil, before: nil)
            var agenda: [[String: Any]] = []
            for meeting in meetings.items where meeting.status == "scheduled" {
                let day = String(meeting.start.prefix(10))
                let item: [String: Any] = ["refPath": Self.pathSegment(meeting.ref), "time": String(meeting.start.dropFirst(11).prefix(5)),
                                           "title": meeting.title, "kindLabel": Self.kindLabel(meeting.kind, language), "location": meeting.location]
                if let last = agenda.last, (last["day"] as? String) == day {
                    agenda[agenda.count - 1]["items"] = (last["items"] as? [[String: Any]] ?? []) + [item]
                } else {
                    agenda.append(["day": day, "items": [item]])
                }
            }
            let drops = try await repositories.evaluations?.classDrops(scope: scope) ?? []
            return pages.page("week", title: UIText.text("myWeek", language), data: [
                "drops": drops.map { d -> [String: Any] in
                    ["code": d.code, "name": d.name, "month": d.month, "previousMonth": d.previousMonth, "total": d.total,
                     "previousTotal": d.previousTotal, "fromLabel": GroupClass(rawValue: d.previousClass)?.label.text(language) ?? d.previousClass,
                     "toLabel": GroupClass(rawValue: d.groupClass)?.label.text(language) ?? d.groupClass]
                },
                "today": today.iso, "scopeLabel": scopeLabel(account, language),
                "late": late.items.map { obligationItem($0, account, language, draft: drafts) }, "lateCount": UIText.count(late.total, capped: late.totalCapped, language),
                "dueSoon": due.items.map { obligationItem($0, account, language, draft: drafts) }, "dueCount": UIText.count(due.total, capped: due.totalCapped, language),
                "recentlyDone": done, "agenda": agenda,
            ], context: context, path: "/week", flash: flash)
        }
        router.post("obligations/{ref}/done") { request, context in
            let (account, fields) = try await form(request, context, returnTo: "/week")
            let ref = try RequestInput.parameter(context, "ref")
            _ = try await repositories.obligations.obligation(ref, scope: account.scope)
            try require(account, .completeObligation)
            let evidence = fields["evidence"] ?? ""
            if evidence.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return Self.redirect("/week?" + RequestInput.encodeForm([("draft_ref", ref)]))
            }
            _ = try await repositories.obligations.complete(ref, evidence: evidence, on: nil, scope: account.scope, actor: account.principal)
            return Self.redirect("/week?" + RequestInput.encodeForm([("done", ref)]))
        }
    }
}
