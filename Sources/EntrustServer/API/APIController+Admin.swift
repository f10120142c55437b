import EntrustCore
import EntrustStore
import Hummingbird

extension APIController {
    struct OutboxCounts: Encodable {
        var counts: [String: Int]
    }

    func addAdminRoutes(to api: RouterGroup<Context>) {
        api.get("outbox") { request, context in
            _ = try account(request, context, may: .administer)
            let state = try RequestInput.queryChoice(request, "state", OutboxState.allCases.map(\.rawValue)).flatMap(OutboxState.init(rawValue:))
            let limit = try RequestInput.queryInt(request, "limit", default: 50, range: 1...500)
            return try Self.json(try await repositories.outbox.messages(state: state, limit: limit))
        }
        api.get("outbox/counts") { request, context in
            _ = try account(request, context, may: .administer)
            let counts = try await repositories.outbox.counts()
            return try Self.json(OutboxCounts(counts: Dictionary(uniqueKeysWithValues: OutboxState.allCases.map { ($0.rawValue, counts[$0] ?? 0) })))
        }
        api.post("outbox/{id}/retry") { request, context in
            let account = try account(request, context, may: .administer)
            return try Self.json(try await repositories.outbox.retry(try RequestInput.parameter(context, "id"), actor: account.principal))
        }
        api.get("endpoints") { request, context in
            _ = try account(request, context, may: .administer)
            return try Self.json(try await repositories.outbox.endpoints())
        }
    }
}
