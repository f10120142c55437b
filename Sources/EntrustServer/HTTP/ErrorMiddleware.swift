import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into an answer a person can use: problem+json under `/api` (and for health and metrics), an
/// HTML page elsewhere. Unexpected errors are logged here and answered with a bare 500, never a stack trace or SQL.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let redirect as WebController.Redirect {
            return WebController.redirect(redirect.location)
        } catch {
            var problem = Problem.from(error)
            if problem == nil, let http = error as? HTTPResponseError {
                let status = Int(http.status.code)
                let type = status == 404 ? "not-found" : status == 413 ? "too-large" : status == 405 ? "method-not-allowed" : "http-error"
                problem = Problem(type: type, title: http.status.reasonPhrase, status: status,
                                  detail: status == 404 ? "no such page or route: \(request.uri.path)" : http.status.reasonPhrase,
                                  field: status == 413 ? "body" : nil)
            }
            let answer = problem ?? Problem(type: "internal", title: "Internal error", status: 500,
                                            detail: "something went wrong on the server; it was logged", field: nil)
            if problem == nil {
                context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: type(of: error)))", "path": "\(request.uri.path)"])
            }
            var headers: HTTPFields = [:]
            if case let .tooManyAttempts(seconds)? = error as? ServerError { headers[.retryAfter] = String(seconds) }
            if Self.wantsJSON(request) { return answer.response(headers: headers) }
            return pages.errorPage(answer, context: context, headers: headers)
        }
    }

    /// Programs get problem documents: the API, health, metrics, and calendar feeds (read by calendar apps, not people).
    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.uri.path
        return path.hasPrefix("/api/") || path == "/api" || path == "/healthz" || path == "/metrics" || path.hasPrefix("/calendar/")
    }
}
