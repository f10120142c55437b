import EntrustCore
import EntrustStore
import Hummingbird

extension APIController {
    /// The body of lifecycle actions: a reason (reject, suspend, terminate), a note (approve), a successor (terminate).
    struct ActionBody: Decodable {
        var reason: String?
        var note: String?
        var mergedInto: String?
        enum CodingKeys: String, CodingKey { case reason, note, mergedInto = "merged_into" }
    }

    struct AmendBody: Decodable {
        var reason: String
        var end: String?
        var point: String?
        var bankSignatory: String?
        var associationSignatory: String?
        enum CodingKeys: String, CodingKey {
            case reason, end, point, bankSignatory = "bank_signatory", associationSignatory = "association_signatory"
        }
    }

    func addContractRoutes(to api: RouterGroup<Context>) {
        api.get("contracts") { request, context in
            let account = try account(context)
            let (limit, after) = try page(request)
            let state = try RequestInput.queryChoice(request, "state", ContractState.allCases.map(\.rawValue))
            let kind = try RequestInput.queryChoice(request, "kind", ContractKind.allCases.map(\.rawValue))
            return try Self.json(try await repositories.contracts.contracts(
                scope: account.scope, state: state, association: RequestInput.query(request, "association"), kind: kind,
                limit: limit, after: after, before: nil))
        }
        api.post("contracts") { request, context in
            let account = try account(request, context, may: .editContract)
            let draft = try await body(ContractDraftInput.self, request)
            return try Self.json(try await repositories.contracts.create(draft, scope: account.scope, actor: account.principal), status: .created)
        }
        api.get("contracts/{number}") { _, context in
            let account = try account(context)
            return try Self.json(try await repositories.contracts.contract(try RequestInput.parameter(context, "number"), scope: account.scope))
        }
        api.get("contracts/{number}/obligations") { _, context in
            let account = try account(context)
            let number = try RequestInput.parameter(context, "number")
            _ = try await repositories.contracts.contract(number, scope: account.scope)
            return try Self.json(try await repositories.contracts.obligations(contract: number, scope: account.scope))
        }
        for action in ContractAction.allCases {
            api.post("contracts/{number}/\(action.rawValue)") { request, context in
                let number = try RequestInput.parameter(context, "number")
                let capability: Capability = action == .approve || action == .reject ? .approveContract : .editContract
                let (account, _) = try await scoped(request, context, may: capability) {
                    try await repositories.contracts.contract(number, scope: $0.scope)
                }
                let input = try await optionalBody(ActionBody.self, request, empty: ActionBody(reason: nil, note: nil, mergedInto: nil))
                let summary = try await repositories.contracts.perform(action, contract: number, reason: input.reason ?? input.note,
                                                                       mergedInto: input.mergedInto, scope: account.scope, actor: account.principal)
                return try Self.json(summary)
            }
        }
        api.post("contracts/{number}/amend") { request, context in
            let number = try RequestInput.parameter(context, "number")
            let (account, _) = try await scoped(request, context, may: .editContract) {
                try await repositories.contracts.contract(number, scope: $0.scope)
            }
            let input = try await body(AmendBody.self, request)
            let amendment = ContractStore.Amendment(end: try input.end.map { try LocalDate.parse($0, field: "end") }, point: input.point,
                                                    bankSignatory: input.bankSignatory, associationSignatory: input.associationSignatory)
            return try Self.json(try await repositories.contracts.amend(number, amendment, reason: input.reason, scope: account.scope,
                                                                        actor: account.principal))
        }
    }
}
