import EntrustCore
import EntrustStore
import Hummingbird

/// Finds who is asking: a bearer token (machine clients) or the session cookie (people). It does not refuse anyone;
/// each route decides what an anonymous or expired visitor gets. It also settles the page language.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: any AccountRepository
    let configuration: ServerConfiguration

    static let sessionCookie = "entrust_session"
    static let languageCookie = "entrust_lang"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            let secret = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            guard let account = try await accounts.tokenAccount(secret: secret) else { throw ServerError.unauthorized }
            context.account = account
            context.viaToken = true
        } else if let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty {
            context.sessionToken = token
            if let (account, csrf) = try await accounts.session(token: token, idleSeconds: configuration.idleSessionSeconds) {
                context.account = account
                context.csrf = csrf
            } else {
                context.sessionExpired = true
            }
        }
        if let chosen = RequestInput.query(request, "lang").flatMap(Language.init(rawValue:)) {
            context.language = chosen
            var response = try await next(request, context)
            response.setCookie(Cookie(name: Self.languageCookie, value: chosen.rawValue, maxAge: 365 * 86_400, path: "/",
                                      secure: configuration.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
        if let cookie = request.cookies[Self.languageCookie]?.value, let language = Language(rawValue: cookie) {
            context.language = language
        } else {
            context.language = context.account?.preferredLanguage ?? configuration.defaultLanguage
        }
        return try await next(request, context)
    }
}
