import EntrustCore
import Hummingbird

extension APIController {
    func addGroupRoutes(to api: RouterGroup<Context>) {
        api.get("groups") { request, context in
            let account = try account(context)
            let (limit, after) = try page(request)
            return try Self.json(try await repositories.groups.groups(
                scope: account.scope, association: RequestInput.query(request, "association"), commune: RequestInput.query(request, "commune"),
                status: try RequestInput.queryChoice(request, "status", GroupStatus.allCases.map(\.rawValue)), limit: limit, after: after, before: nil))
        }
        api.get("groups/{code}") { _, context in
            let account = try account(context)
            return try Self.json(try await repositories.groups.group(try RequestInput.parameter(context, "code"), scope: account.scope))
        }
        api.get("groups/{code}/members") { _, context in
            let account = try account(context)
            return try Self.json(try await repositories.groups.members(group: try RequestInput.parameter(context, "code"), scope: account.scope))
        }
        api.get("groups/{code}/board") { _, context in
            let account = try account(context)
            return try Self.json(try await repositories.groups.board(group: try RequestInput.parameter(context, "code"), scope: account.scope))
        }
    }
}
