import HTTPTypes
import Hummingbird

/// The outermost guard: methods the server never serves (TRACE, CONNECT, anything unknown) answer 405 with `Allow`
/// before routing, and every answer (pages, problem documents, ICS, JSON, metrics) carries `nosniff`, so that a
/// browser never reinterprets a feed or an error as HTML.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// The methods some route answers; the rest are refused here.
    static let served: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .patch, .delete]
    static let allow = "GET, HEAD, POST, PUT, PATCH, DELETE"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        if Self.served.contains(request.method) {
            response = try await next(request, context)
        } else {
            response = Problem(type: "method-not-allowed", title: "Method not allowed", status: 405,
                               detail: "the method \(request.method.rawValue) is not served; use one of \(Self.allow)", field: nil)
                .response(headers: [.allow: Self.allow])
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}
