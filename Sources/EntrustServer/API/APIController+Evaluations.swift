import EntrustCore
import Hummingbird

extension APIController {
    /// Extension points for the evaluation branch: they answer from `Repositories.evaluations` when it is set, and
    /// 501 with a problem document otherwise. Nothing here invents figures.
    func addEvaluationRoutes(to api: RouterGroup<Context>) {
        @Sendable func month(_ request: Request) throws -> String {
            guard let text = RequestInput.query(request, "month") else { throw ServerError.invalid(field: "month", reason: "is required (YYYY-MM)") }
            guard YearMonth(iso: text) != nil else { throw ServerError.invalid(field: "month", reason: "expected YYYY-MM") }
            return text
        }
        @Sendable func unavailable() -> ServerError {
            .notAvailable("evaluations, fees and reports come with the loan-extract import, which this build does not include")
        }
        api.get("evaluations") { request, context in
            let account = try account(context)
            guard let evaluations = repositories.evaluations else { throw unavailable() }
            return try Self.json(try await evaluations.evaluations(month: try month(request), scope: account.scope))
        }
        api.get("fees") { request, context in
            let account = try account(context)
            guard let evaluations = repositories.evaluations else { throw unavailable() }
            return try Self.json(try await evaluations.fees(month: try month(request), scope: account.scope))
        }
        api.get("reports") { request, context in
            let account = try account(context)
            guard let evaluations = repositories.evaluations else { throw unavailable() }
            return try Self.json(try await evaluations.report(month: try month(request), scope: account.scope))
        }
    }
}
