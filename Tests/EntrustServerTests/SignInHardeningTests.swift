import EntrustCore
import EntrustEngineTestSupport
@testable import EntrustServer
import EntrustStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import EntrustTestSupport
import Testing

/// Issue 13, the sign-in classes: where sign-in may send a person (2), whose address the limit counts (4), passwords
/// bcrypt would truncate (5), the idle limit (7) and the sign-in form's token (11). All through the real router.
@Suite("Sign-in hardening (issue 13)", .serverLogOnFailure) struct SignInHardeningTests {
    // MARK: - 2. Return paths after sign-in

    /// Values a crafted link could put in `next`, as the server sees them (after percent-decoding): each is a way a
    /// browser can be led to another site, or at least not a plain local path.
    static let hostileNext: [String] = [
        "/\t/evil.example/", "//evil.example/", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
        "/\tx", "/\nx", "/\r\n//evil.example", "/\u{0B}/evil.example", "/\u{0}x", "/\u{7F}x", "/\u{2028}evil", "/\u{FEFF}/evil.example",
        "https://evil.example/", "http:/evil.example", "javascript:alert(1)", "data:text/html,x", " /week", "/ /evil.example",
        "/é", "/\u{FF0F}evil.example", "evil.example", "week", "/login", "/login?next=//evil.example", "/week#//evil.example",
        "/week\"><script>alert(1)</script>", "/week<x>", "%2F%2Fevil.example", "/week|x", "/week`x",
    ]

    static let fineNext = ["/week", "/groups/KB-TS-G01?month=2024-03&lang=en", "/meetings/TS-G03-HT@2024-03-20", "/contracts?state=active&association=KB-TS-HND",
                           "/obligations/KB-X:code:2024-03"]

    static func percent(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    static func hiddenNext(_ html: String) -> String? {
        guard let start = html.range(of: "name=\"next\" value=\"")?.upperBound else { return nil }
        return String(html[start...].prefix { $0 != "\"" })
    }

    @Test(arguments: TestEngine.enabled) func onlyASameOriginPathOfSafeCharactersIsFollowedAfterSignIn(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let (session, _) = try fixture.session("tanson.officer")
        try await fixture.application().test(.router) { client in
            let (loginCookie, csrf) = try await RouterTests.loginForm(client)
            for (next, expected) in Self.hostileNext.map({ ($0, "/") }) + Self.fineNext.map({ ($0, $0) }) {
                let shown = next.debugDescription
                // The form posts it back…
                try await client.execute(uri: "/login", method: .post, headers: Headers.form(loginCookie), body: formBody([
                    ("_csrf", csrf), ("username", "tanson.officer"), ("password", ServerFixture.password), ("next", next),
                ])) { response in
                    #expect(response.status == .seeOther, "\(shown)")
                    #expect(response.headers[.location] == expected, "POST /login next=\(shown) went to \(response.headers[.location] ?? "nowhere")")
                }
                // …a signed-in visitor of /login?next= is sent on at once…
                try await client.execute(uri: "/login?next=\(Self.percent(next))", method: .get, headers: [.cookie: session]) { response in
                    #expect(response.status == .seeOther, "\(shown)")
                    #expect(response.headers[.location] == expected, "GET /login next=\(shown) went to \(response.headers[.location] ?? "nowhere")")
                }
                // …and an anonymous one gets a form that carries only the safe path.
                try await client.execute(uri: "/login?next=\(Self.percent(next))", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(Self.hiddenNext(response.text)?.replacingOccurrences(of: "&amp;", with: "&") == expected, "form for next=\(shown)")
                }
            }
        }
    }

    @Test func theAllowListRefusesEveryByteOutsideIt() {
        // The rule, byte by byte: each printable ASCII byte that is not in the set, and every control byte, is refused
        // wherever it appears in the path; each byte of the set is accepted.
        for byte in UInt8(0)...UInt8(127) {
            let text = "/week" + String(UnicodeScalar(byte)) + "x"
            let allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/?=&%+,;:@!$'()*".utf8.contains(byte)
            #expect((WebController.safeNext(text) == text) == allowed, "byte \(byte)")
        }
    }

    // MARK: - 4. X-Forwarded-For

    @Test func theClientIsTheEntryTheTrustedProxyAppendedNeverTheLeftmost() {
        #expect(ClientAddress.fromForwardedFor(["198.51.100.7"], hops: 1) == "198.51.100.7")
        #expect(ClientAddress.fromForwardedFor(["1.2.3.4, 198.51.100.7"], hops: 1) == "198.51.100.7")
        // Repeated header lines are one list, in order.
        #expect(ClientAddress.fromForwardedFor(["1.2.3.4", "5.6.7.8, 198.51.100.7"], hops: 1) == "198.51.100.7")
        // Two proxies: the outer one appended the client, the inner one the outer proxy.
        #expect(ClientAddress.fromForwardedFor(["1.2.3.4, 198.51.100.7, 10.0.0.2"], hops: 2) == "198.51.100.7")
        #expect(ClientAddress.fromForwardedFor(["1.2.3.4", "198.51.100.7", "10.0.0.2"], hops: 2) == "198.51.100.7")
        #expect(ClientAddress.fromForwardedFor(["2001:db8::1"], hops: 1) == "2001:db8::1")
        // Fewer entries than proxies, or something that is not an address: no entry is believed (the peer counts).
        #expect(ClientAddress.fromForwardedFor(["198.51.100.7"], hops: 2) == nil)
        #expect(ClientAddress.fromForwardedFor([], hops: 1) == nil)
        #expect(ClientAddress.fromForwardedFor(["1.2.3.4, "], hops: 1) == nil)
        #expect(ClientAddress.fromForwardedFor(["1.2.3.4, evil<script>"], hops: 1) == nil)
        #expect(ClientAddress.fromForwardedFor(["1.2.3.4, " + String(repeating: "1", count: 100)], hops: 1) == nil)
    }

    /// Failed sign-ins through a proxy that appends `real`, with a leftmost value the client chose.
    static func failedSignIn(_ client: some TestClientProtocol, cookie: String, csrf: String, username: String, forged: String?,
                             real: String, password: String = "not the password") async throws -> HTTPResponse.Status {
        var headers = Headers.form(cookie)
        if let forged { headers.append(HTTPField(name: HTTPField.Name("X-Forwarded-For")!, value: forged)) }
        headers.append(HTTPField(name: HTTPField.Name("X-Forwarded-For")!, value: real))
        return try await client.execute(uri: "/login", method: .post, headers: headers,
                                        body: formBody([("_csrf", csrf), ("username", username), ("password", password)])) { $0.status }
    }

    @Test(arguments: TestEngine.enabled) func varyingTheLeftmostAddressNeitherDodgesTheLimitNorLocksOutAnother(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let app = try fixture.application(configuration: ServerConfiguration(port: 0, trustProxy: true))
        try await app.test(.router) { client in
            let (cookie, csrf) = try await RouterTests.loginForm(client)
            // The attacker at 203.0.113.9 guesses ten different names, each time claiming another address on the left
            // and naming the victim's address 198.51.100.7 too.
            for attempt in 1...10 {
                let status = try await Self.failedSignIn(client, cookie: cookie, csrf: csrf, username: "guess\(attempt)",
                                                         forged: "198.51.100.7, 10.9.\(attempt).1", real: "203.0.113.9")
                #expect(status == .unauthorized)
            }
            // The eleventh is refused, whatever the leftmost value says.
            #expect(try await Self.failedSignIn(client, cookie: cookie, csrf: csrf, username: "guess11", forged: "192.0.2.\(77)",
                                                real: "203.0.113.9") == .tooManyRequests)
            #expect(try await Self.failedSignIn(client, cookie: cookie, csrf: csrf, username: "guess12", forged: nil,
                                                real: "192.0.2.1, 203.0.113.9") == .tooManyRequests)
            // The victim, whose address the attacker wrote on the left every time, signs in.
            #expect(try await Self.failedSignIn(client, cookie: cookie, csrf: csrf, username: "kb.staff", forged: nil, real: "198.51.100.7",
                                                password: ServerFixture.password) == .seeOther)
        }
    }

    // MARK: - 5. Passwords bcrypt would truncate

    /// 61 characters but 82 bytes of UTF-8 (Vietnamese marks take 2 or 3 bytes); its first 54 characters are exactly
    /// the 72 bytes bcrypt reads.
    static let passphrase = "Mùa xuân ấy, đồng lúa quê hương tôi xanh mướt, mẹ tôi gặt lúa"
    static var first72Bytes: String { String(passphrase.prefix(54)) }

    @Test func passwordsOverSeventyTwoBytesAreRefusedAndNeverVerified() throws {
        #expect(Self.passphrase.count < 72)
        #expect(Self.passphrase.utf8.count > 72)
        #expect(Self.first72Bytes.utf8.count == 72)
        let problem = try #require(Passwords.check(Self.passphrase))
        #expect(problem.contains("72 bytes"))
        #expect(problem.contains("UTF-8"))
        #expect(Passwords.check(Self.first72Bytes) == nil)
        #expect(Passwords.check("ngắn") != nil)
        // bcrypt itself would accept the long one against the hash of its first 72 bytes; verification refuses it.
        let hash = Passwords.hash(Self.first72Bytes)
        #expect(Passwords.verify(Self.first72Bytes, hash: hash))
        #expect(!Passwords.verify(Self.passphrase, hash: hash))
        #expect(!Passwords.verify(Self.first72Bytes + "khác", hash: hash))
    }

    @Test(arguments: TestEngine.enabled) func theSignInPageSaysWhyALongPasswordCannotBeUsed(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        try UserStore(fixture.database).setPassword(username: "kb.staff", passwordHash: Passwords.hash(Self.first72Bytes), actor: Principal("setup"))
        try await fixture.application().test(.router) { client in
            let (cookie, csrf) = try await RouterTests.loginForm(client)
            try await client.execute(uri: "/login", method: .post, headers: Headers.form(cookie), body: formBody([
                ("_csrf", csrf), ("username", "kb.staff"), ("password", Self.passphrase),
            ])) { response in
                #expect(response.status == .unauthorized)
                #expect(response.text.contains("72 byte"))
                #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("entrust_session=") })
            }
            try await client.execute(uri: "/login", method: .post, headers: Headers.form(cookie), body: formBody([
                ("_csrf", csrf), ("username", "kb.staff"), ("password", Self.first72Bytes),
            ])) { #expect($0.status == .seeOther) }
        }
    }

    // MARK: - 7. Idle limit

    @Test(arguments: TestEngine.enabled) func theIdleLimitCountsFromTheLastRequest(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let (cookie, _) = try fixture.session("tanson.officer")
        let app = try fixture.application(configuration: ServerConfiguration(port: 0, idleSessionSeconds: 60))
        try await app.test(.router) { client in
            // Used every 20 seconds for five minutes: never signed out.
            for step in 1...15 {
                fixture.clock.advance(seconds: 20)
                try await client.execute(uri: "/api/v1/me", method: .get, headers: [.cookie: cookie]) { response in
                    #expect(response.status == .ok, "request \(step), \(step * 20) s in")
                }
            }
            // A request just inside the limit after the last one keeps the session; one past it ends it.
            fixture.clock.advance(seconds: 59.5)
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.cookie: cookie]) { #expect($0.status == .ok) }
            fixture.clock.advance(seconds: 60.5)
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.cookie: cookie]) { #expect($0.status == .unauthorized) }
        }
    }

    // MARK: - 11. The sign-in form's token

    @Test(arguments: TestEngine.enabled) func onlyASignInTokenTheServerIssuedIsAccepted(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        try await fixture.application().test(.router) { client in
            func signIn(cookie: String, field: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/login", method: .post, headers: Headers.form("entrust_login_csrf=\(cookie)"), body: formBody([
                    ("_csrf", field), ("username", "kb.staff"), ("password", ServerFixture.password),
                ])) { $0.status }
            }
            // A pair the client made up, equal as the double submit wants, in several shapes.
            for madeUp in ["forged", UserStore.randomToken(), "v1.\(Int(fixture.clock.now().timeIntervalSince1970)).AAAAAAAAAAAAAAAAAAAAAA.AAAA",
                           "v1.1.x.y", "...."] {
                #expect(try await signIn(cookie: madeUp, field: madeUp) == .forbidden, "\(madeUp)")
            }
            let (cookie, issued) = try await RouterTests.loginForm(client)
            let value = String(cookie.dropFirst("entrust_login_csrf=".count))
            #expect(value == issued)
            // A tampered issued token (another nonce or time under the same MAC) fails.
            var parts = issued.split(separator: ".").map(String.init)
            parts[2] = String(parts[2].reversed())
            let tampered = parts.joined(separator: ".")
            #expect(try await signIn(cookie: tampered, field: tampered) == .forbidden)
            // One issued by a server with another secret (another database) fails here.
            let other = try ServerFixture(engine: engine)
            let foreign = try await other.application().test(.router) { try await RouterTests.loginForm($0).csrf }
            #expect(try await signIn(cookie: foreign, field: foreign) == .forbidden)
            // The issued one passes, and still must be the same in cookie and field.
            #expect(try await signIn(cookie: issued, field: "forged") == .forbidden)
            #expect(try await signIn(cookie: issued, field: issued) == .seeOther)
            // After its lifetime it is refused.
            fixture.clock.advance(seconds: 13 * 3600)
            #expect(try await signIn(cookie: issued, field: issued) == .forbidden)
        }
        // The secret is kept in the database, so a second server (replica) on it accepts the first one's tokens.
        let first = try await fixture.application().test(.router) { try await RouterTests.loginForm($0) }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/login", method: .post, headers: Headers.form(first.cookie), body: formBody([
                ("_csrf", first.csrf), ("username", "kb.staff"), ("password", ServerFixture.password),
            ])) { #expect($0.status == .seeOther) }
        }
    }
}
