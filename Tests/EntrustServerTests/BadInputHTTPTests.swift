import EntrustCore
import EntrustEngineTestSupport
import EntrustServer
import EntrustStore
import EntrustTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// The HTTP part of the bad-input corpus (`Tests/BadInput/http`), in process: path traversal in the calendar token,
/// and SQL and script in every text field of the JSON API and the forms. (Huge headers and bodies need a real socket:
/// `Tests/entrustTests/BadInputServeTests.swift`.)
@Suite("Bad input over HTTP, in process", .serverLogOnFailure) struct BadInputHTTPTests {
    static let corpus = ServerFixture.packageRoot.appendingPathComponent("Tests/BadInput/http")

    static func lines(_ name: String) throws -> [String] {
        try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    /// How a page shows text (Mustache's escaping).
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    static func percent(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    static func json(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    /// Counts calendar-token lookups, to show that a malformed token never reaches the database.
    final class CountingAccounts: AccountRepository {
        let base: any AccountRepository
        let lookups = Mutex(0)
        init(_ base: any AccountRepository) { self.base = base }
        func credentials(_ username: String) async throws -> (account: UserAccount, passwordHash: String)? { try await base.credentials(username) }
        func createSession(for account: UserAccount) async throws -> (token: String, csrf: String) { try await base.createSession(for: account) }
        func session(token: String, idleSeconds: Int) async throws -> (account: UserAccount, csrf: String)? {
            try await base.session(token: token, idleSeconds: idleSeconds)
        }
        func deleteSession(token: String) async throws { try await base.deleteSession(token: token) }
        func tokenAccount(secret: String) async throws -> UserAccount? { try await base.tokenAccount(secret: secret) }
        func calendarSubject(secret: String) async throws -> UserStore.CalendarSubject? {
            lookups.withLock { $0 += 1 }
            return try await base.calendarSubject(secret: secret)
        }
        func createCalendarToken(_ subject: UserStore.CalendarSubject, actor: Principal) async throws -> (code: String, secret: String) {
            try await base.createCalendarToken(subject, actor: actor)
        }
        func serverSecret(_ name: String) async throws -> [UInt8] { try await base.serverSecret(name) }
        func ping() async throws -> Bool { try await base.ping() }
        func loginBlockedSeconds(keys: [String], limit: Int, window: TimeInterval, now: Date) async throws -> Int? {
            try await base.loginBlockedSeconds(keys: keys, limit: limit, window: window, now: now)
        }
        func recordLoginFailure(keys: [String], window: TimeInterval, now: Date) async throws {
            try await base.recordLoginFailure(keys: keys, window: window, now: now)
        }
        func clearLoginFailures(key: String) async throws { try await base.clearLoginFailures(key: key) }
    }

    /// Every answer to hostile text: never a 500, never SQL or a trace.
    static func clean(_ response: TestResponse, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(response.status.code < 500, "\(what): \(response.status) \(response.text.prefix(300))", sourceLocation: sourceLocation)
        for leak in ["SQLITE", "SQLite error", "syntax error", "no such table", "GRDB", "Fatal error"] {
            #expect(!response.text.contains(leak), "\(what) leaked \(leak): \(response.text.prefix(300))", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: TestEngine.enabled) func traversalInTheCalendarTokenIs404AndReadsNothing(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let token = try UserStore(fixture.database).createCalendarToken(.group(fixture.tanson.group), actor: Principal("setup"))
        var repositories = fixture.repository.repositories
        let counting = CountingAccounts(repositories.accounts)
        repositories.accounts = counting
        let app = try buildApplication(repositories: repositories, configuration: ServerConfiguration(port: 0), clock: fixture.clock,
                                       logger: TestLog.logger())
        let paths = try Self.lines("calendar-paths.txt")
        #expect(paths.count >= 15)
        try await app.test(.router) { client in
            for path in paths {
                try await client.execute(uri: "/calendar/" + path, method: .get) { response in
                    #expect(response.status == .notFound, "/calendar/\(path): \(response.status)")
                    for leak in ["root:", "SQLite format", "BEGIN:VCALENDAR", "CREATE TABLE"] {
                        #expect(!response.text.contains(leak), "/calendar/\(path) answered \(leak)")
                    }
                }
            }
            #expect(counting.lookups.withLock { $0 } == 0, "a malformed calendar token reached the database")
            // A well-formed token that does not exist is looked up (by its hash) and is a 404 like the others.
            try await client.execute(uri: "/calendar/" + String(repeating: "A", count: 43) + ".ics", method: .get) { #expect($0.status == .notFound) }
            #expect(counting.lookups.withLock { $0 } == 1)
            try await client.execute(uri: "/calendar/\(token.secret).ics", method: .get) { #expect($0.status == .ok) }
        }
    }

    /// SQLite's own check of the file ("ok"), and on both engines the tables there are: a payload that ran as SQL
    /// would damage one or drop one.
    static func integrity(_ database: AppDatabase, _ engine: TestEngine) throws -> String {
        try database.backend.read { db in
            let check = engine == .sqlite ? try db.fetchOne(String.self, sql: "PRAGMA integrity_check") ?? "" : "ok"
            let tables = engine == .sqlite
                ? "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"
            return "\(check), \(try db.fetchOne(Int.self, sql: tables) ?? 0) tables"
        }
    }

    @Test(arguments: TestEngine.enabled) func sqlAndScriptInEveryTextFieldAreStoredVerbatimAndShownEscaped(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let tablesBefore = try Self.integrity(fixture.database, engine)
        let payloads = try Self.lines("text-payloads.txt")
        #expect(payloads.count >= 5)
        let officer = try fixture.token("tanson.officer"), staff = try fixture.token("kb.staff"), approver = try fixture.token("kb.approver")
        let (officerCookie, officerCSRF) = try fixture.session("tanson.officer")
        let (approverCookie, approverCSRF) = try fixture.session("kb.approver")
        let (staffCookie, staffCSRF) = try fixture.session("kb.staff")
        let (adminCookie, _) = try fixture.session("admin")
        let open = try ScopeStore(fixture.database).obligations(scope: .association(fixture.tanson.association), status: "open", limit: 200).items.map(\.ref)
        try #require(open.count >= 3 * payloads.count, "the fixture has \(open.count) open obligations")
        let users = try fixture.database.backend.read { db in try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM user_account") }

        try await fixture.application().test(.router) { client in
            var series: [String] = [], drafts: [String] = []
            for (index, text) in payloads.enumerated() {
                // JSON API: evidence, waiver reason, meeting title, location and move/cancel reasons, contract signatories and reasons.
                try await client.execute(uri: "/api/v1/obligations/\(open[index])/complete", method: .post, headers: Headers.bearer(officer),
                                         body: Self.json(["evidence": text])) { response in
                    Self.clean(response, "complete")
                    #expect(response.status == .ok, "complete: \(response.text)")
                    #expect((response.json as? [String: Any])?["evidence"] as? String == text)
                }
                try await client.execute(uri: "/api/v1/obligations/\(open[payloads.count + index])/waive", method: .post, headers: Headers.bearer(staff),
                                         body: Self.json(["reason": text])) { response in
                    Self.clean(response, "waive")
                    #expect(response.status == .ok, "waive: \(response.text)")
                }
                let day = String(format: "2024-04-%02d", index + 1)
                let code = try await client.execute(uri: "/api/v1/meetings", method: .post, headers: Headers.bearer(staff), body: Self.json([
                    "kind": "group_meeting", "group": fixture.tanson.group, "title": text, "location": text, "start": "\(day)T08:00",
                    "rrule": "FREQ=MONTHLY;COUNT=2", "holiday_policy": "keep",
                ])) { response -> String in
                    Self.clean(response, "schedule")
                    #expect(response.status == .created, "schedule: \(response.text)")
                    return (response.json as? [String: Any])?["series"] as? String ?? ""
                }
                series.append(code)
                let next = String(format: "2024-05-%02d", index + 1)
                try await client.execute(uri: "/api/v1/meetings/\(code)@\(day)/move", method: .post, headers: Headers.bearer(staff),
                                         body: Self.json(["start": "\(day)T14:00", "reason": text])) { response in
                    Self.clean(response, "move")
                    #expect(response.status == .ok, "move: \(response.text)")
                }
                try await client.execute(uri: "/api/v1/meetings/\(code)@\(next)/cancel", method: .post, headers: Headers.bearer(staff),
                                         body: Self.json(["reason": text])) { response in
                    Self.clean(response, "cancel")
                    #expect(response.status == .ok, "cancel: \(response.text)")
                }
                let number = "HOSTILE-\(index)"
                try await client.execute(uri: "/api/v1/contracts", method: .post, headers: Headers.bearer(staff), body: Self.json([
                    "template": "commune-entrustment", "number": number, "office": "KB", "association": fixture.tanson.association,
                    "start": "2027-01-01", "end": "2027-12-31", "bank_signatory": text, "association_signatory": text,
                ])) { response in
                    Self.clean(response, "create contract")
                    #expect(response.status == .created, "create contract: \(response.text)")
                }
                drafts.append(number)
                try await client.execute(uri: "/api/v1/contracts/\(number)/submit", method: .post, headers: Headers.bearer(staff)) { Self.clean($0, "submit") }
                try await client.execute(uri: "/api/v1/contracts/\(number)/reject", method: .post, headers: Headers.bearer(approver),
                                         body: Self.json(["reason": text])) { response in
                    Self.clean(response, "reject")
                    #expect(response.status == .ok, "reject: \(response.text)")
                }

                // Hostile text where a code, a status or a date belongs: a 4xx, never a 500.
                let hostile: [(String, HTTPRequest.Method, String, ByteBuffer?)] = [
                    ("contract with hostile codes", .post, "/api/v1/contracts", Self.json(["template": text, "number": text, "office": text,
                                                                                           "association": text, "start": text, "end": text])),
                    ("meeting with hostile rule", .post, "/api/v1/meetings", Self.json(["kind": "group_meeting", "group": fixture.tanson.group,
                                                                                        "start": "2024-06-01T08:00", "rrule": text])),
                    ("meeting with hostile kind", .post, "/api/v1/meetings", Self.json(["kind": text, "group": text, "start": text])),
                    ("move to hostile start", .post, "/api/v1/meetings/\(code)@\(day)/move", Self.json(["start": text])),
                    ("attendance of a hostile code", .put, "/api/v1/meetings/\(fixture.tanson.meeting)/attendance",
                     Self.json(["entries": [["code": text, "status": "present"]]])),
                    ("attendance with a hostile status", .put, "/api/v1/meetings/\(fixture.tanson.meeting)/attendance",
                     Self.json(["entries": [["code": "x", "status": text]]])),
                    ("enrolment of a hostile code", .post, "/api/v1/trainings/\(fixture.tanson.training)/enrolments", Self.json(["trainees": [text]])),
                    ("completion on a hostile day", .post, "/api/v1/obligations/\(open[2 * payloads.count + index])/complete",
                     Self.json(["evidence": text, "on": text])),
                ]
                for (what, method, uri, body) in hostile {
                    try await client.execute(uri: uri, method: method, headers: Headers.bearer(staff), body: body) { response in
                        Self.clean(response, what)
                        #expect(response.status.code >= 400, "\(what): \(response.status)")
                        #expect(response.headers[.contentType] == "application/problem+json", "\(what)")
                    }
                }
                // In query strings and paths: parameterised queries find nothing, and say so.
                let p = Self.percent(text)
                for uri in ["/api/v1/obligations?contract=\(p)&association=\(p)", "/api/v1/contracts?association=\(p)",
                            "/api/v1/groups?association=\(p)&commune=\(p)", "/api/v1/meetings?group=\(p)", "/api/v1/evaluations?group=\(p)&association=\(p)",
                            "/api/v1/contracts/\(p)", "/api/v1/groups/\(p)", "/api/v1/meetings/\(p)", "/api/v1/obligations/\(p)",
                            "/api/v1/contracts/\(p)/obligations", "/api/v1/meetings/\(p)/attendance"] {
                    try await client.execute(uri: uri, method: .get, headers: Headers.bearer(staff, json: false)) { response in
                        Self.clean(response, uri)
                        if response.status == .ok, let page = response.json as? [String: Any] {
                            #expect(page["total"] as? Int == 0, "\(uri) found something: \(response.text.prefix(300))")
                        }
                    }
                }

                // Forms: evidence, sign-in fields, a decision note, attendance keys and values.
                try await client.execute(uri: "/obligations/\(open[2 * payloads.count + index])/done", method: .post, headers: Headers.form(officerCookie),
                                         body: formBody([("_csrf", officerCSRF), ("evidence", text)])) { response in
                    Self.clean(response, "done form")
                    #expect(response.status == .seeOther, "done form: \(response.status)")
                }
                let (loginCookie, loginCSRF) = try await RouterTests.loginForm(client)
                try await client.execute(uri: "/login", method: .post, headers: Headers.form(loginCookie), body: formBody([
                    ("_csrf", loginCSRF), ("username", text), ("password", text), ("next", text), ("carry", text),
                ])) { response in
                    Self.clean(response, "login form")
                    #expect(response.status == .unauthorized)
                    #expect(response.text.contains(Self.escaped(text.trimmingCharacters(in: .whitespaces))), "the login page does not show the name escaped")
                    if text.contains("<") { #expect(!response.text.contains(text), "the login page shows raw HTML") }
                }
                try await client.execute(uri: "/contracts/\(fixture.tanson.contract)/decide", method: .post, headers: Headers.form(approverCookie),
                                         body: formBody([("_csrf", approverCSRF), ("decision", text), ("note", text)])) { response in
                    Self.clean(response, "decide form")
                    #expect(response.status == .badRequest)
                }
                try await client.execute(uri: "/meetings/\(fixture.tanson.meeting)/attendance", method: .post, headers: Headers.form(staffCookie),
                                         body: formBody([("_csrf", staffCSRF), ("a.\(text)", "present")])) { Self.clean($0, "attendance form key") }
                try await client.execute(uri: "/meetings/\(fixture.tanson.meeting)/attendance", method: .post, headers: Headers.form(staffCookie),
                                         body: formBody([("_csrf", staffCSRF), ("a.x", text)])) { response in
                    Self.clean(response, "attendance form value")
                    #expect(response.status == .badRequest)
                }
            }
            // A sign-in's next page can only be on this site (checked through GET /login with a session, which redirects
            // to it as a sign-in does, without the cost of another bcrypt while other tests share the thread pool).
            for next in ["//evil.example/", "/\\evil.example", "https://evil.example/", "/week\r\nSet-Cookie: stolen=1", payloads[0]] {
                try await client.execute(uri: "/login?next=\(Self.percent(next))", method: .get, headers: [.cookie: officerCookie]) { response in
                    #expect(response.status == .seeOther)
                    let location = response.headers[.location] ?? ""
                    #expect(location.hasPrefix("/") && !location.hasPrefix("//") && !location.contains("\\") && !location.contains("\r")
                            && !location.contains("\n"), "next \(next.debugDescription) redirected to \(location.debugDescription)")
                    #expect(!response.headers[values: .setCookie].contains { $0.contains("stolen") })
                }
            }

            // Every page that shows the text shows it escaped; no page carries a script.
            var pages = [("/week?done=\(open[0])", officerCookie), ("/contracts", adminCookie), ("/groups/\(fixture.tanson.group)", officerCookie),
                         ("/meetings?month=2024-04", officerCookie), ("/meetings?month=2024-05", officerCookie), ("/dashboard", adminCookie),
                         ("/outbox", adminCookie), ("/login?next=\(Self.percent(payloads[0]))&carry=\(Self.percent(payloads[0]))", "")]
            pages += drafts.map { ("/contracts/\($0)", adminCookie) }
            pages += payloads.indices.map { ("/meetings/\(series[$0])@\(String(format: "2024-04-%02d", $0 + 1))", officerCookie) }
            for (uri, cookie) in pages {
                try await client.execute(uri: uri, method: .get, headers: cookie.isEmpty ? [:] : [.cookie: cookie]) { response in
                    #expect(response.status == .ok, "\(uri): \(response.status)")
                    #expect(!response.text.lowercased().contains("<script"), "\(uri) carries a script")
                    for text in payloads where text.contains("<") { #expect(!response.text.contains(text), "\(uri) shows raw HTML") }
                }
            }
            for (index, text) in payloads.enumerated() {
                let meeting = "/meetings/\(series[index])@\(String(format: "2024-04-%02d", index + 1))"
                try await client.execute(uri: meeting, method: .get, headers: [.cookie: officerCookie]) { response in
                    #expect(response.text.contains(Self.escaped(text)), "\(meeting) does not show the title escaped")
                }
                try await client.execute(uri: "/contracts/\(drafts[index])", method: .get, headers: [.cookie: adminCookie]) { response in
                    #expect(response.text.contains(Self.escaped(text)), "/contracts/\(drafts[index]) does not show the text escaped")
                }
                try await client.execute(uri: "/api/v1/meetings/\(series[index])@\(String(format: "2024-04-%02d", index + 1))", method: .get,
                                         headers: Headers.bearer(staff, json: false)) { response in
                    let view = response.json as? [String: Any]
                    #expect(view?["title"] as? String == text && view?["location"] as? String == text, "\(response.text.prefix(300))")
                }
            }
        }
        // Stored verbatim; every table still there; the audit chain intact.
        for (index, text) in payloads.enumerated() {
            #expect(try ScopeStore(fixture.database).obligation(open[index], scope: .everything).evidence == text)
            #expect(try ScopeStore(fixture.database).obligation(open[2 * payloads.count + index], scope: .everything).evidence == text)
        }
        let (accounts, obligations) = try fixture.database.backend.read { db in
            (try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM user_account"), try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM obligation") ?? 0)
        }
        #expect(accounts == users && obligations > 0)
        #expect(try Self.integrity(fixture.database, engine) == tablesBefore)
        #expect(try AuditStore(fixture.database).verify().isIntact, "the audit chain is broken")
    }
}
