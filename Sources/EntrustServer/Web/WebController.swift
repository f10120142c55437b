import EntrustCore
import EntrustStore
import Foundation
import HTTPTypes
import Hummingbird

/// The server-rendered pages for officers and bank staff. Every form carries the session's CSRF token; a visitor
/// whose session has expired is sent to sign in, and what they were submitting is carried through sign-in.
struct WebController {
    let repositories: Repositories
    let configuration: ServerConfiguration
    let pages: PageRenderer
    let limiter: LoginRateLimiter
    let clock: any EntrustCore.Clock

    typealias Context = AppRequestContext

    /// A redirect raised from deep inside a handler (sign-in needed); `ErrorMiddleware` answers it with 303.
    struct Redirect: Error {
        var location: String
    }

    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }

    /// The signed-in account for a page, or a redirect to sign in that comes back here.
    func signedIn(_ request: Request, _ context: Context) throws -> UserAccount {
        if let account = context.account, !context.viaToken { return account }
        var target = request.uri.path
        if let query = request.uri.query, !query.isEmpty { target += "?" + query }
        throw Redirect(location: "/login?" + RequestInput.encodeForm([("next", target)] + (context.sessionExpired ? [("expired", "1")] : [])))
    }

    /// Reads a posted form and checks its CSRF token. Without a live session, the visitor signs in again and comes back
    /// to `returnTo` with the form's fields (except secrets) carried along as `draft_…` query parameters.
    func form(_ request: Request, _ context: Context, returnTo: String) async throws -> (UserAccount, [String: String]) {
        var request = request
        let fields = try await RequestInput.form(&request, limit: configuration.maxBodyBytes)
        guard let account = context.account, !context.viaToken, let csrf = context.csrf else {
            let carried = fields.filter { $0.key != "_csrf" && $0.key != "password" }.sorted { $0.key < $1.key }
            throw Redirect(location: "/login?" + RequestInput.encodeForm([("next", returnTo), ("expired", "1"),
                                                                          ("carry", RequestInput.encodeForm(carried))]))
        }
        guard APIController.constantTimeEqual(fields["_csrf"] ?? "", csrf) else { throw ServerError.csrf }
        return (account, fields)
    }

    func require(_ account: UserAccount, _ capability: Capability) throws {
        guard account.userRole.allows(capability) else { throw ServerError.forbidden("the \(account.role) role may not \(capability.rawValue)") }
    }

    var today: LocalDate { clock.today() }

    func scopeLabel(_ account: UserAccount, _ language: Language) -> String {
        switch account.scope {
        case .everything: return language == .vi ? "Toàn hệ thống" : "Everything"
        case let .office(code): return "\(UIText.text("office", language)) \(code)"
        case let .association(code): return "\(UIText.text("association", language)) \(code)"
        case .nothing: return "—"
        }
    }

    static func statusLabel(_ status: String, _ language: Language) -> (label: String, cssClass: String) {
        switch status {
        case "late": return (UIText.text("late", language), "late")
        case "done": return (UIText.text("done", language), "done")
        case "waived": return (UIText.text("waived", language), "muted")
        default: return (UIText.text("open", language), "muted")
        }
    }

    /// A path segment for a reference such as `KB-X:code:2024-03` or `SERIES@2024-03-15`.
    static func pathSegment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:@")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    // MARK: - Routes

    func addRoutes(to router: Router<Context>) {
        router.get("/") { request, context in
            let account = try signedIn(request, context)
            return Self.redirect(account.userRole == .associationOfficer ? "/week" : "/dashboard")
        }
        addSessionRoutes(to: router)
        addWeekRoutes(to: router)
        addContractRoutes(to: router)
        addGroupRoutes(to: router)
        addMeetingRoutes(to: router)
        addDashboardRoutes(to: router)
        addFeeRoutes(to: router)
        addOutboxRoutes(to: router)
        addCalendarRoutes(to: router)
    }
}
