import EntrustCore
import EntrustStore
import HTTPTypes
import Hummingbird
import NIOPosix

extension WebController {
    static let loginCSRFCookie = "entrust_login_csrf"

    /// The characters a return path may hold: an allow-list, not a deny-list, because browsers forgive much (a tab,
    /// a newline or a backslash after the first `/` turns `/\t/evil.example/` into `//evil.example/`, another site).
    /// Anything else (non-ASCII, whitespace, controls, a backslash, `#`, `<`, quotes) is refused; a path the server builds
    /// itself is percent-encoded and so stays inside this set.
    static let safePathBytes: Set<UInt8> = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/?=&%+,;:@!$'()*".utf8)

    /// Only a same-origin path, so that a crafted link cannot send a person elsewhere after signing in: exactly one
    /// leading `/` (never `//`, which is another host), then only `safePathBytes`, and not the sign-in page itself.
    /// Anything else goes to `/`. The value arrives already percent-decoded, so `%09` is a tab here and is refused.
    static func safeNext(_ text: String?) -> String {
        guard let text else { return "/" }
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "/"), bytes.count == 1 || bytes[1] != UInt8(ascii: "/"),
              bytes.allSatisfy(safePathBytes.contains), !text.hasPrefix("/login") else { return "/" }
        return text
    }

    func clientAddress(_ request: Request, _ context: Context) -> String {
        ClientAddress.of(request, peer: context.remoteAddress?.ipAddress, trustProxy: configuration.trustProxy, proxyHops: configuration.proxyHops)
    }

    func secureCookies(_ request: Request) -> Bool {
        configuration.secureCookies || (configuration.trustProxy && request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https")
    }

    func loginPage(_ request: Request, _ context: Context, next: String, carry: String, username: String = "", warning: String? = nil,
                   status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) async throws -> Response {
        let csrf = LoginFormToken.issue(secret: try await repositories.accounts.serverSecret(LoginFormToken.secretName), now: clock.now())
        var context = context
        context.account = nil
        var extra = headers
        let cookie = Cookie(name: Self.loginCSRFCookie, value: csrf, path: "/login", secure: secureCookies(request), httpOnly: true, sameSite: .lax)
        extra[.setCookie] = cookie.description
        return pages.page("login", title: UIText.text("signIn", context.language),
                          data: ["next": next, "carry": carry, "username": username], context: context, path: "/login",
                          status: status, warning: warning, csrf: csrf, headers: extra)
    }

    func addSessionRoutes(to router: Router<Context>) {
        router.get("login") { request, context in
            let next = Self.safeNext(RequestInput.query(request, "next"))
            if context.account != nil && !context.viaToken && RequestInput.query(request, "carry") == nil { return Self.redirect(next) }
            let expired = RequestInput.query(request, "expired") == "1"
            return try await loginPage(request, context, next: next, carry: RequestInput.query(request, "carry") ?? "",
                             warning: expired ? UIText.text("expired", context.language) : nil)
        }
        router.post("login") { request, context in
            var request = request
            let fields = try await RequestInput.form(&request, limit: configuration.maxBodyBytes)
            // Double submit (cookie = field), and the value must be one this server issued: a planted cookie with a
            // made-up value fails the HMAC.
            guard let cookie = request.cookies[Self.loginCSRFCookie]?.value, !cookie.isEmpty,
                  APIController.constantTimeEqual(fields["_csrf"] ?? "", cookie),
                  LoginFormToken.isValid(cookie, secret: try await repositories.accounts.serverSecret(LoginFormToken.secretName), now: clock.now())
            else { throw ServerError.csrf }
            let username = (fields["username"] ?? "").trimmingCharacters(in: .whitespaces)
            let password = fields["password"] ?? ""
            let next = Self.safeNext(fields["next"])
            let carry = fields["carry"] ?? ""
            let address = clientAddress(request, context)
            if let wait = try await limiter.blocked(username: username, address: address) {
                return try await loginPage(request, context, next: next, carry: carry, username: username,
                                 warning: UIText.text("tooMany", context.language), status: .tooManyRequests,
                                 headers: [.retryAfter: String(wait)])
            }
            // bcrypt would read only the first 72 bytes: such a password is never checked (and cannot have been set
            // since the limit exists), and the person is told why rather than "wrong password".
            guard Passwords.fitsBcrypt(password) else {
                try await limiter.recordFailure(username: username, address: address)
                return try await loginPage(request, context, next: next, carry: carry, username: username,
                                 warning: UIText.text("passwordTooLong", context.language), status: .unauthorized)
            }
            let found = try await repositories.accounts.credentials(username)
            let valid: Bool
            if let found {
                valid = try await NIOThreadPool.singleton.runIfActive { Passwords.verify(password, hash: found.passwordHash) }
            } else {
                // The same work for an unknown name, so that timing does not tell which names exist.
                _ = try await NIOThreadPool.singleton.runIfActive { Passwords.verify(password, hash: Self.dummyHash) }
                valid = false
            }
            guard valid, let account = found?.account else {
                try await limiter.recordFailure(username: username, address: address)
                return try await loginPage(request, context, next: next, carry: carry, username: username,
                                 warning: UIText.text("badLogin", context.language), status: .unauthorized)
            }
            try await limiter.recordSuccess(username: username)
            let session = try await repositories.accounts.createSession(for: account)
            var target = next
            if !carry.isEmpty {
                let drafts = RequestInput.parseForm(carry).sorted { $0.key < $1.key }.map { ("draft_" + $0.key, $0.value) }
                target += (target.contains("?") ? "&" : "?") + RequestInput.encodeForm(drafts)
            }
            var response = Self.redirect(target)
            response.setCookie(Cookie(name: AuthMiddleware.sessionCookie, value: session.token, path: "/", secure: secureCookies(request),
                                      httpOnly: true, sameSite: .lax))
            response.setCookie(Cookie(name: Self.loginCSRFCookie, value: "", maxAge: 0, path: "/login", secure: secureCookies(request),
                                      httpOnly: true, sameSite: .lax))
            return response
        }
        router.post("logout") { request, context in
            let (_, _) = try await form(request, context, returnTo: "/")
            if let token = context.sessionToken { try await repositories.accounts.deleteSession(token: token) }
            // The pages this browser kept (private, no-cache) go with the session.
            var response = Self.redirect("/login", headers: [HTTPField.Name("Clear-Site-Data")!: "\"cache\""])
            response.setCookie(Cookie(name: AuthMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: secureCookies(request),
                                      httpOnly: true, sameSite: .lax))
            return response
        }
    }

    /// A bcrypt hash of a random string, checked against for unknown usernames.
    static let dummyHash = Passwords.hash(UserStore.randomToken())
}
