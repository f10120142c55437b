import EntrustCore
import EntrustEngineTestSupport
import EntrustServer
import EntrustStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import EntrustTestSupport
import Testing

@Suite("Router, in process", .serverLogOnFailure) struct RouterTests {
    @Test(arguments: TestEngine.enabled) func healthAndMetrics(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let metrics = ServerMetrics()
        try await fixture.application(metrics: metrics).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("\"database\":\"answers\""))
            }
            try await client.execute(uri: "/api/v1/contracts", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(response.text.contains("entrust_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"))
                #expect(response.text.contains("route=\"/api/v1/contracts\",method=\"GET\",status=\"401\""))
                #expect(response.text.contains("entrust_outbox_messages{state=\"dead\"} 0"))
                #expect(response.text.contains("entrust_planner_last_run_timestamp_seconds"))
            }
        }
    }

    @Test(arguments: TestEngine.enabled) func unknownRouteIs404ProblemUnderAPIAndPageElsewhere(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(uri: "/no/such/page", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.text.contains("Không tìm thấy"))
            }
        }
    }

    @Test(arguments: TestEngine.enabled) func badJSONWrongTypeAndOversizedBodies(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let token = try fixture.token("tanson.officer")
        let uri = "/api/v1/obligations/\(fixture.tanson.obligation)/complete"
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: uri, method: .post, headers: Headers.bearer(token), body: jsonBody("{\"evidence\": ")) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.problemField == "body")
            }
            try await client.execute(uri: uri, method: .post, headers: Headers.bearer(token), body: jsonBody("{\"evidence\": 42}")) { response in
                #expect(response.status == .badRequest)
                #expect(response.problemField == "evidence")
            }
            try await client.execute(uri: uri, method: .post, headers: Headers.bearer(token), body: jsonBody("{}")) { response in
                #expect(response.status == .badRequest)
                #expect(response.problemField == "evidence")
            }
            try await client.execute(uri: "/api/v1/obligations?due_from=yesterday", method: .get, headers: Headers.bearer(token)) { response in
                #expect(response.status == .badRequest)
                #expect(response.problemField == "due_from")
            }
            let big = String(repeating: "x", count: 1_100_000)
            try await client.execute(uri: uri, method: .post, headers: Headers.bearer(token), body: jsonBody("{\"evidence\": \"\(big)\"}")) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: uri, method: .post, headers: Headers.bearer(token), body: jsonBody("{\"evidence\": \"biên bản 12\"}")) { response in
                #expect(response.status == .ok)
                #expect((response.json as? [String: Any])?["status"] as? String == "done")
            }
        }
    }

    @Test(arguments: TestEngine.enabled) func listsArePagedAndScoped(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let officer = try fixture.token("tanson.officer"), staff = try fixture.token("kb.staff"), admin = try fixture.token("admin")
        try await fixture.application().test(.router) { client in
            for (token, expected) in [(officer, 1), (staff, 2), (admin, 3)] {
                try await client.execute(uri: "/api/v1/contracts?limit=1", method: .get, headers: Headers.bearer(token)) { response in
                    let page = response.json as? [String: Any]
                    #expect(page?["total"] as? Int == expected)
                    #expect((page?["items"] as? [Any])?.count == 1)
                    #expect(page?["limit"] as? Int == 1)
                }
            }
            // Walking `next` gives every contract once, in number order; the count is exact below the cap.
            var walked: [String] = []
            var after: String?
            repeat {
                let uri = "/api/v1/contracts?limit=1" + (after.map { "&after=\($0)" } ?? "")
                after = try await client.execute(uri: uri, method: .get, headers: Headers.bearer(admin)) { response in
                    let page = response.json as? [String: Any]
                    #expect(page?["total"] as? Int == 3 && page?["total_capped"] as? Bool == false)
                    walked += (page?["items"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? String }
                    return page?["next"] as? String
                }
            } while after != nil && walked.count <= 3
            #expect(walked.count == 3 && walked == walked.sorted() && Set(walked).count == 3, "\(walked)")
            // A cursor that is not one of ours is a problem document naming `after`.
            for bad in ["nonsense", "W10", "WzFd"] {
                try await client.execute(uri: "/api/v1/contracts?after=\(bad)", method: .get, headers: Headers.bearer(admin)) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                    #expect((response.json as? [String: Any])?["field"] as? String == "after")
                }
            }
            try await client.execute(uri: "/api/v1/groups", method: .get, headers: Headers.bearer(officer)) { response in
                let codes = ((response.json as? [String: Any])?["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
                #expect(codes == [fixture.tanson.group])
            }
            try await client.execute(uri: "/api/v1/obligations?status=late&limit=500", method: .get, headers: Headers.bearer(officer)) { response in
                #expect(response.status == .badRequest)
                #expect(response.problemField == "limit")
            }
            try await client.execute(uri: "/api/v1/groups/\(fixture.yenbac.group)", method: .get, headers: Headers.bearer(staff)) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test(arguments: TestEngine.enabled) func signInSetsAHardenedCookieAndSignOutEndsTheSession(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        try await fixture.application().test(.router) { client in
            let (loginCookie, csrf) = try await Self.loginForm(client)
            try await client.execute(uri: "/login", method: .post, headers: Headers.form(loginCookie),
                                     body: formBody([("_csrf", csrf), ("username", "tanson.officer"), ("password", ServerFixture.password), ("next", "/week")])) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/week")
                let cookies = response.headers[values: .setCookie].joined(separator: "\n")
                #expect(cookies.contains("entrust_session="))
                #expect(cookies.contains("HttpOnly"))
                #expect(cookies.contains("SameSite=Lax"))
                #expect(!cookies.contains("Secure"))
            }
            try await client.execute(uri: "/login", method: .post, headers: Headers.form(loginCookie),
                                     body: formBody([("_csrf", csrf), ("username", "tanson.officer"), ("password", "wrong password!")])) { response in
                #expect(response.status == .unauthorized)
                #expect(response.text.contains("Sai tên đăng nhập"))
                #expect(!response.text.contains("wrong password!"))
            }
        }
        // Behind a TLS proxy that says so, the cookie is Secure.
        let proxied = try fixture.application(configuration: ServerConfiguration(port: 0, trustProxy: true))
        try await proxied.test(.router) { client in
            let (loginCookie, csrf) = try await Self.loginForm(client)
            var headers = Headers.form(loginCookie)
            headers[HTTPField.Name("X-Forwarded-Proto")!] = "https"
            try await client.execute(uri: "/login", method: .post, headers: headers,
                                     body: formBody([("_csrf", csrf), ("username", "kb.staff"), ("password", ServerFixture.password)])) { response in
                #expect(response.headers[values: .setCookie].contains { $0.hasPrefix("entrust_session=") && $0.contains("Secure") })
            }
        }
    }

    /// Opens the sign-in page: the login CSRF cookie and the token in the form.
    static func loginForm(_ client: some TestClientProtocol) async throws -> (cookie: String, csrf: String) {
        try await client.execute(uri: "/login", method: .get) { response in
            let cookie = response.headers[values: .setCookie].first { $0.hasPrefix("entrust_login_csrf=") }!.split(separator: ";")[0]
            let html = response.text
            let marker = "name=\"_csrf\" value=\""
            let start = html.range(of: marker)!.upperBound
            let token = html[start...].prefix { $0 != "\"" }
            return (String(cookie), String(token))
        }
    }

    @Test(arguments: TestEngine.enabled) func formsWithoutTheirCSRFTokenAreRefused(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let (cookie, csrf) = try fixture.session("tanson.officer")
        let ref = fixture.tanson.obligation
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/obligations/\(ref)/done", method: .post, headers: Headers.form(cookie),
                                     body: formBody([("evidence", "biên bản")])) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/obligations/\(ref)/done", method: .post, headers: Headers.form(cookie),
                                     body: formBody([("_csrf", "forged"), ("evidence", "biên bản")])) { #expect($0.status == .forbidden) }
            // The sign-in form too.
            try await client.execute(uri: "/login", method: .post, headers: Headers.form(nil),
                                     body: formBody([("username", "tanson.officer"), ("password", ServerFixture.password)])) { #expect($0.status == .forbidden) }
            // The API with a session cookie needs X-CSRF-Token on changes.
            try await client.execute(uri: "/api/v1/obligations/\(ref)/complete", method: .post, headers: Headers.cookie(cookie, json: true),
                                     body: jsonBody("{\"evidence\":\"x\"}")) { response in
                #expect(response.status == .forbidden)
                #expect(response.problemField == "_csrf")
            }
            try await client.execute(uri: "/obligations/\(ref)/done", method: .post, headers: Headers.form(cookie),
                                     body: formBody([("_csrf", csrf), ("evidence", "biên bản")])) { #expect($0.status == .seeOther) }
        }
        #expect(try ScopeStore(fixture.database).obligation(ref, scope: .everything).status == "done")
    }

    @Test(arguments: TestEngine.enabled) func theEleventhFastFailedSignInIsBlocked(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        try await fixture.application().test(.router) { client in
            let (cookie, csrf) = try await Self.loginForm(client)
            func attempt(_ password: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/login", method: .post, headers: Headers.form(cookie),
                                         body: formBody([("_csrf", csrf), ("username", "kb.staff"), ("password", password)])) { $0.status }
            }
            for _ in 1...10 {
                #expect(try await attempt("not the password") == .unauthorized)
                fixture.clock.advance(seconds: 1)
            }
            // The eleventh is refused even with the right password, and says when to come back.
            #expect(try await attempt(ServerFixture.password) == .tooManyRequests)
            // The window slides: fifteen minutes later the account may try again.
            fixture.clock.advance(seconds: 15 * 60)
            #expect(try await attempt(ServerFixture.password) == .seeOther)
        }
    }

    @Test(arguments: TestEngine.enabled) func anExpiredSessionSendsToSignInAndKeepsTheFormData(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let (cookie, csrf) = try fixture.session("tanson.officer")
        let ref = fixture.tanson.obligation
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/week", method: .get, headers: [.cookie: cookie]) { #expect($0.status == .ok) }
            fixture.clock.advance(seconds: 31 * 60)
            try await client.execute(uri: "/week", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location]?.hasPrefix("/login?next=%2Fweek&expired=1") == true)
            }
            let location = try await client.execute(uri: "/obligations/\(ref)/done", method: .post, headers: Headers.form(cookie),
                                                    body: formBody([("_csrf", csrf), ("ref", ref), ("evidence", "Biên bản số 7")])) { response in
                #expect(response.status == .seeOther)
                return response.headers[.location] ?? ""
            }
            #expect(location.contains("expired=1"))
            // The sign-in page carries the evidence through…
            let (loginCookie, loginCSRF, carry) = try await client.execute(uri: location, method: .get) { response in
                #expect(response.text.contains("Phiên làm việc đã hết hạn"))
                let cookie = response.headers[values: .setCookie].first { $0.hasPrefix("entrust_login_csrf=") }!.split(separator: ";")[0]
                func field(_ name: String) -> String {
                    let marker = "name=\"\(name)\" value=\""
                    let start = response.text.range(of: marker)!.upperBound
                    return String(response.text[start...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
                        .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
                }
                return (String(cookie), field("_csrf"), field("carry"))
            }
            let next = try await client.execute(uri: "/login", method: .post, headers: Headers.form(loginCookie), body: formBody([
                ("_csrf", loginCSRF), ("username", "tanson.officer"), ("password", ServerFixture.password), ("next", "/week"), ("carry", carry),
            ])) { response in
                #expect(response.status == .seeOther)
                let session = response.headers[values: .setCookie].first { $0.hasPrefix("entrust_session=") }!.split(separator: ";")[0]
                return (response.headers[.location] ?? "", String(session))
            }
            // …and My week shows it again in the obligation's form, ready to send.
            try await client.execute(uri: next.0, method: .get, headers: [.cookie: next.1]) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Biên bản số 7</textarea>"))
            }
        }
    }

    @Test(arguments: TestEngine.enabled) func htmlAndSQLInTextAreStoredAndShownAsText(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let nasty = "<script>alert('x')</script>'; DROP TABLE obligation; --"
        let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&#39;; DROP TABLE obligation; --"
        // Text typed by people reaches several pages: evidence (My week), reasons (contract), names (group, meeting, outbox).
        _ = try ObligationStore(fixture.database).complete(fixture.tanson.obligation, evidence: nasty, actor: Principal("TANSON-HND-CB"))
        _ = try ContractStore(fixture.database).terminate(fixture.tanson.contract, reason: nasty, mergedInto: nil, actor: Principal("KB-CB01"))
        try GroupStore(fixture.database).update(fixture.tanson.group, GroupStore.Changes(name: nasty, village: nasty), actor: Principal("setup"))
        _ = try GroupStore(fixture.database).addMember(MemberDraft(groupCode: fixture.tanson.group, name: nasty, nationalID: "035099000001",
                                                                   category: .nearPoor, joinedOn: ServerFixture.today), actor: Principal("setup"))
        let (officer, _) = try fixture.session("tanson.officer")
        let (admin, _) = try fixture.session("admin")
        let meeting = fixture.tanson.meeting
        try await fixture.application().test(.router) { client in
            for (uri, cookie) in [("/week?done=\(fixture.tanson.obligation)", officer), ("/contracts/\(fixture.tanson.contract)", officer),
                                  ("/contracts", admin), ("/groups", officer), ("/groups/\(fixture.tanson.group)", officer),
                                  ("/meetings/\(meeting)", officer), ("/meetings?month=2024-03", officer), ("/dashboard", admin)] {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(!response.text.contains("<script>"), "\(uri) shows raw HTML")
                    if uri != "/dashboard" && uri != "/contracts" && uri != "/meetings?month=2024-03" {
                        #expect(response.text.contains(escaped), "\(uri) does not show the text")
                    }
                }
            }
        }
        #expect(try ScopeStore(fixture.database).obligation(fixture.tanson.obligation, scope: .everything).evidence == nasty)
    }

    @Test(arguments: TestEngine.enabled) func calendarFeedsOpenByRevocableTokenAndRefuseTraversal(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let users = UserStore(fixture.database)
        let token = try users.createCalendarToken(.group(fixture.tanson.group), actor: Principal("setup"))
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/calendar/\(token.secret).ics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/calendar") == true)
                #expect(response.text.contains("BEGIN:VCALENDAR"))
                #expect(response.text.contains("BEGIN:VEVENT"))
            }
            for bad in ["..%2F..%2Fetc%2Fpasswd.ics", "..%2Fentrust.sqlite", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "x.ics", "\(token.secret)"] {
                try await client.execute(uri: "/calendar/\(bad)", method: .get) { #expect($0.status == .notFound, "\(bad)") }
            }
            try await client.execute(uri: "/calendar/../../etc/passwd", method: .get) { #expect($0.status == .notFound) }
            try users.revokeCalendarToken(code: token.code, actor: Principal("setup"))
            try await client.execute(uri: "/calendar/\(token.secret).ics", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test(arguments: TestEngine.enabled) func bearerTokensWorkUntilRevokedOrTheAccountIsDisabled(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let users = UserStore(fixture.database)
        let created = try users.createToken(username: "kb.staff", note: "report robot", actor: Principal("setup"))
        let other = try users.createToken(username: "vanxa.officer", note: nil, actor: Principal("setup"))
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/me", method: .get, headers: Headers.bearer(created.secret)) { response in
                #expect((response.json as? [String: Any])?["username"] as? String == "kb.staff")
            }
            try users.revokeToken(code: created.code, actor: Principal("setup"))
            try await client.execute(uri: "/api/v1/me", method: .get, headers: Headers.bearer(created.secret)) { #expect($0.status == .unauthorized) }
            _ = try users.setDisabled(username: "vanxa.officer", true, actor: Principal("setup"))
            try await client.execute(uri: "/api/v1/me", method: .get, headers: Headers.bearer(other.secret)) { #expect($0.status == .unauthorized) }
        }
        let hashes = try fixture.database.backend.read { db in try db.fetchAll(String.self, sql: "SELECT token_hash FROM api_token") }
        #expect(!hashes.contains(created.secret))
    }

    @Test(arguments: TestEngine.enabled) func approverApprovesAChangeFromThePageAndItIsAudited(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        _ = try ContractStore(fixture.database).terminate(fixture.tanson.contract, reason: "sáp nhập xã", mergedInto: nil, actor: Principal("KB-CB01"))
        let (cookie, csrf) = try fixture.session("kb.approver")
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/contracts/\(fixture.tanson.contract)", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.text.contains("id=\"decide\""))
            }
            try await client.execute(uri: "/contracts/\(fixture.tanson.contract)/decide", method: .post, headers: Headers.form(cookie),
                                     body: formBody([("_csrf", csrf), ("decision", "approve"), ("note", "đồng ý")])) { #expect($0.status == .seeOther) }
        }
        let contract = try ContractStore(fixture.database).show(fixture.tanson.contract).contract
        #expect(contract.state == "terminated")
        let audit = try fixture.database.backend.read { db in try AuditLog.entries(db, entity: "contract", key: fixture.tanson.contract, limit: 1) }
        #expect(audit.last?.actor == "KB-GD")
    }
}

@Suite("Live server on 127.0.0.1", .serverLogOnFailure) struct LiveServerTests {
    @Test(arguments: TestEngine.enabled) func aLiveServerSignsInAndAnswersOverTCP(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        // Its own thread: the synchronous CLI tests of this process can hold every cooperative thread for minutes.
        try await withTaskExecutorPreference(DedicatedThreadExecutor.shared) {
            try await fixture.application().test(.live) { client in
                try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
                let (cookie, csrf) = try await RouterTests.loginForm(client)
                let session = try await client.execute(uri: "/login", method: .post, headers: Headers.form(cookie),
                                                       body: formBody([("_csrf", csrf), ("username", "kb.staff"), ("password", ServerFixture.password)])) { response in
                    #expect(response.status == .seeOther)
                    return String(response.headers[values: .setCookie].first { $0.hasPrefix("entrust_session=") }!.split(separator: ";")[0])
                }
                try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: session]) { response in
                    #expect(response.status == .ok)
                    #expect(response.text.contains("<svg"))
                }
            }
        }
    }
}
