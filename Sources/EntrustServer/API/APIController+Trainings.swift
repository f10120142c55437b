import EntrustCore
import Hummingbird

extension APIController {
    struct EnrolBody: Decodable {
        var trainees: [String]
    }

    func addTrainingRoutes(to api: RouterGroup<Context>) {
        api.get("trainings") { request, context in
            let account = try account(context)
            let (limit, after) = try page(request)
            return try Self.json(try await repositories.trainings.trainings(
                scope: account.scope, from: try RequestInput.queryDate(request, "from"), to: try RequestInput.queryDate(request, "to"),
                limit: limit, after: after, before: nil))
        }
        api.post("trainings/{code}/enrolments") { request, context in
            let code = try RequestInput.parameter(context, "code")
            let (account, _) = try await scoped(request, context, may: .enrol) { try await repositories.trainings.training(code, scope: $0.scope) }
            let input = try await body(EnrolBody.self, request)
            return try Self.json(try await repositories.trainings.enrol(code, trainees: input.trainees, scope: account.scope,
                                                                        actor: account.principal), status: .created)
        }
    }
}
