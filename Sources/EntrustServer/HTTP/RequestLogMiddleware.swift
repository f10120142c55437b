import Foundation
import Hummingbird
import Logging

/// One log line per request (method, path without query, status, milliseconds, account), and the request counter.
/// Query strings, bodies, cookies and calendar tokens are never logged: they may carry secrets.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: Int(response.status.code))
        let path = Self.loggable(request.uri.path)
        context.logger.info("\(request.method.rawValue) \(path) \(response.status.code) \(String(format: "%.1f", ms))ms",
                            metadata: ["route": "\(route)"])
        return response
    }

    /// Calendar paths carry their token: log only that it was a calendar request.
    static func loggable(_ path: String) -> String {
        path.hasPrefix("/calendar/") ? "/calendar/…" : path
    }
}
