import EntrustCore
import EntrustStore
import Hummingbird

extension APIController {
    struct CompleteBody: Decodable {
        var evidence: String
        var on: String?
    }

    struct WaiveBody: Decodable {
        var reason: String
    }

    func addObligationRoutes(to api: RouterGroup<Context>) {
        api.get("obligations") { request, context in
            let account = try account(context)
            let (limit, after) = try page(request)
            return try Self.json(try await repositories.obligations.obligations(
                scope: account.scope, status: try RequestInput.queryChoice(request, "status", ["open", "late", "pending", "done", "waived"]),
                contract: RequestInput.query(request, "contract"), association: RequestInput.query(request, "association"),
                dueFrom: try RequestInput.queryDate(request, "due_from"), dueTo: try RequestInput.queryDate(request, "due_to"),
                limit: limit, after: after, before: nil))
        }
        api.get("obligations/{ref}") { _, context in
            let account = try account(context)
            return try Self.json(try await repositories.obligations.obligation(try RequestInput.parameter(context, "ref"), scope: account.scope))
        }
        api.post("obligations/{ref}/complete") { request, context in
            let ref = try RequestInput.parameter(context, "ref")
            let (account, _) = try await scoped(request, context, may: .completeObligation) {
                try await repositories.obligations.obligation(ref, scope: $0.scope)
            }
            let input = try await body(CompleteBody.self, request)
            let day = try input.on.map { try LocalDate.parse($0, field: "on") }
            return try Self.json(try await repositories.obligations.complete(ref, evidence: input.evidence, on: day, scope: account.scope,
                                                                             actor: account.principal))
        }
        api.post("obligations/{ref}/waive") { request, context in
            let ref = try RequestInput.parameter(context, "ref")
            let (account, _) = try await scoped(request, context, may: .waiveObligation) {
                try await repositories.obligations.obligation(ref, scope: $0.scope)
            }
            let input = try await body(WaiveBody.self, request)
            return try Self.json(try await repositories.obligations.waive(ref, reason: input.reason, scope: account.scope, actor: account.principal))
        }
    }
}
