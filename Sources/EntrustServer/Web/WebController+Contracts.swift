import EntrustCore
import EntrustStore
import Hummingbird

extension WebController {
    static let pageSize = 25

    /// The page position a list page asks for: `after` (the next link) or `before` (the previous link), cursors of the
    /// store's keyset paging; a token that is not a cursor is a 400 naming the parameter.
    static func position(_ request: Request) throws -> (after: PageCursor?, before: PageCursor?) {
        (try RequestInput.query(request, "after").map { try PageCursor(token: $0) },
         try RequestInput.query(request, "before").map { try PageCursor(token: $0, field: "before") })
    }

    /// The count (capped: "1.000+") and the links to the first, previous and next page of a list, keeping the other
    /// query parameters.
    static func pager<Item>(_ path: String, _ query: [(String, String)], _ page: ScopeStore.Page<Item>, language: Language) -> [String: Any] {
        var links: [String: Any] = ["total": UIText.count(page.total, capped: page.totalCapped, language)]
        let first = query.isEmpty ? path : path + "?" + RequestInput.encodeForm(query)
        if let previous = page.previous {
            links["firstHref"] = first
            links["prevHref"] = path + "?" + RequestInput.encodeForm(query + [("before", previous)])
        }
        if let next = page.next { links["nextHref"] = path + "?" + RequestInput.encodeForm(query + [("after", next)]) }
        return links
    }

    func addContractRoutes(to router: Router<Context>) {
        router.get("contracts") { request, context in
            let account = try signedIn(request, context)
            let state = try RequestInput.queryChoice(request, "state", ContractState.allCases.map(\.rawValue))
            let association = RequestInput.query(request, "association")
            let (after, before) = try Self.position(request)
            let page = try await repositories.contracts.contracts(scope: account.scope, state: state, association: association, kind: nil,
                                                                  limit: Self.pageSize, after: after, before: before)
            var query: [(String, String)] = []
            if let state { query.append(("state", state)) }
            if let association { query.append(("association", association)) }
            var data: [String: Any] = [
                "items": page.items.map { c -> [String: Any] in
                    ["number": c.number, "associationName": c.associationName ?? "", "state": c.state, "endDate": c.endDate,
                     "pendingChange": c.pendingChange ?? ""]
                },
                "association": association ?? "",
                "states": ContractState.allCases.map { ["value": $0.rawValue, "selected": $0.rawValue == state] },
            ]
            data.merge(Self.pager("/contracts", query, page, language: context.language)) { $1 }
            return pages.page("contracts", title: UIText.text("contracts", context.language), data: data, context: context, path: "/contracts")
        }
        router.get("contracts/{number}") { request, context in
            let account = try signedIn(request, context)
            let language = context.language
            let number = try RequestInput.parameter(context, "number")
            let detail = try await repositories.contracts.contract(number, scope: account.scope)
            let obligations = try await repositories.contracts.obligations(contract: number, scope: account.scope)
            let c = detail.contract
            let pending = detail.changes.last(where: { $0.status == "pending" })
            var data: [String: Any] = [
                "c": ["number": c.number, "state": c.state, "kind": c.kind, "startDate": c.startDate, "endDate": c.endDate, "version": c.version,
                      "office": c.office, "association": c.association ?? "", "associationName": c.associationName ?? "", "point": c.point ?? ""],
                "versions": detail.versions.map { v -> [String: Any] in
                    ["version": v.version, "startDate": v.startDate, "endDate": v.endDate, "reason": v.reason,
                     "approvedBy": v.approvedBy ?? "", "approvedAt": v.approvedAt ?? ""]
                },
                "changes": detail.changes.map { ch -> [String: Any] in
                    ["kind": ch.kind, "reason": ch.reason, "status": ch.status, "decidedBy": ch.decidedBy ?? "", "decisionNote": ch.decisionNote ?? ""]
                },
                "obligations": obligations.map { ob -> [String: Any] in
                    let (label, css) = Self.statusLabel(ob.status, language)
                    return ["dueDate": ob.dueDate, "title": ob.title(language), "statusLabel": label, "statusClass": css]
                },
            ]
            if let pending {
                data["pending"] = ["kind": pending.kind, "reason": pending.reason, "requestedBy": pending.requestedBy,
                                   "requestedAt": pending.requestedAt, "canApprove": account.userRole.allows(.approveContract)]
            }
            return pages.page("contract", title: c.number, data: data, context: context, path: "/contracts",
                              flash: RequestInput.query(request, "decided").map { _ in UIText.text("saved", language) })
        }
        router.post("contracts/{number}/decide") { request, context in
            let number = try RequestInput.parameter(context, "number")
            let (account, fields) = try await form(request, context, returnTo: "/contracts/" + Self.pathSegment(number))
            _ = try await repositories.contracts.contract(number, scope: account.scope)
            try require(account, .approveContract)
            let note = fields["note"]?.trimmingCharacters(in: .whitespacesAndNewlines)
            switch fields["decision"] {
            case "approve":
                _ = try await repositories.contracts.perform(.approve, contract: number, reason: note?.isEmpty == false ? note : nil, mergedInto: nil,
                                                             scope: account.scope, actor: account.principal)
            case "reject":
                _ = try await repositories.contracts.perform(.reject, contract: number, reason: note ?? "", mergedInto: nil,
                                                             scope: account.scope, actor: account.principal)
            default:
                throw ServerError.invalid(field: "decision", reason: "expected approve or reject")
            }
            return Self.redirect("/contracts/\(Self.pathSegment(number))?decided=1")
        }
    }
}
