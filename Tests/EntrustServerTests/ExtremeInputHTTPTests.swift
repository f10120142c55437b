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

/// Issue 13 §1: the extremes of every date, month, number and paging parameter, sent to every route the router has
/// (query string, JSON body and form), as an administrator and as an association officer. A trap would end this test
/// process; a 5xx or an internal message fails the test. Then the write paths that once trapped, one by one.
@Suite("Extreme values over HTTP", .serverLogOnFailure) struct ExtremeInputHTTPTests {
    static let values = ["0001-01-01", "9999-12-31", "0001-01", "9999-12", "0000-00", "2201-01-01", "9999-06-01T08:00", "0001-01-01T00:00",
                         "-1", "0", "9223372036854775807", "-9223372036854775808", "99999999999999999999", "1e308", ""]
    /// Every query and body name a route reads a date, month, number or page from (and a few it might).
    static let names = ["month", "from", "to", "due_from", "due_to", "limit", "after", "before", "year", "on", "date", "start", "end", "page",
                        "week", "duration_minutes", "capacity", "occurrences", "day", "top"]

    static let leaks = ["SQLITE", "SQLite error", "syntax error", "no such table", "GRDB", "Fatal error", "DecodingError"]

    static func percent(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    /// The route's path with its parameters filled by objects of the fixture that `scope` sees.
    static func fill(_ path: String, _ objects: ServerFixture.Objects) -> String {
        var filled = path
        let training = path.contains("/trainings/")
        for (name, value) in [("number", objects.contract), ("ref", path.contains("/obligations/") ? objects.obligation : objects.meeting),
                              ("code", training ? objects.training : objects.group), ("id", "1"), ("file", "x.ics")] {
            filled = filled.replacingOccurrences(of: "{\(name)}", with: percent(value))
        }
        return filled
    }

    @Test(arguments: TestEngine.enabled) func everyRouteAnswersTheExtremesOfEveryParameter(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let router = try buildRouter(repositories: fixture.repository.repositories, configuration: ServerConfiguration(port: 0),
                                     metrics: ServerMetrics(), limiter: LoginRateLimiter(limit: 10_000, windowSeconds: 900, clock: fixture.clock,
                                                                        accounts: fixture.repository.repositories.accounts),
                                     clock: fixture.clock)
        let routes = router.routes.map { ($0.method, $0.path.description) }.filter { !$0.1.contains("*") && $0.1 != "/logout" }
        #expect(routes.count > 50)
        let callers = [("admin", try fixture.token("admin"), try fixture.session("admin")),
                       ("tanson.officer", try fixture.token("tanson.officer"), try fixture.session("tanson.officer"))]
        let requests = try await fixture.application().test(.router) { client -> Int in
            var requests = 0
            for (method, path) in routes {
                let uri = Self.fill(path, fixture.tanson)
                let api = uri.hasPrefix("/api/")
                for value in Self.values {
                    let query = Self.names.map { "\($0)=\(Self.percent(value))" }.joined(separator: "&")
                    let number = Int(value).map { "\($0)" } ?? Double(value).map { "\($0)" }
                    var object: [String: Any] = [:]
                    for name in Self.names { object[name] = value }
                    let strings = try JSONSerialization.data(withJSONObject: object)
                    if let number { for name in Self.names { object[name] = try JSONSerialization.jsonObject(with: Data(number.utf8), options: .fragmentsAllowed) } }
                    let numbers = try JSONSerialization.data(withJSONObject: object)
                    for (who, token, session) in callers {
                        var bodies: [ByteBuffer?] = [nil]
                        if method != .get {
                            bodies = api ? [ByteBuffer(bytes: strings), ByteBuffer(bytes: numbers)]
                                         : [formBody([("_csrf", session.csrf)] + Self.names.map { ($0, value) })]
                        }
                        for body in bodies {
                            let headers = api ? Headers.bearer(token, json: body != nil) : Headers.form(session.cookie)
                            requests += 1
                            try await client.execute(uri: "\(uri)?\(query)", method: method, headers: headers, body: body) { response in
                                #expect(response.status.code < 500, "\(who) \(method) \(uri) with \(value.isEmpty ? "''" : value): \(response.status) \(response.text.prefix(200))")
                                for leak in Self.leaks { #expect(!response.text.contains(leak), "\(method) \(uri) leaked \(leak)") }
                            }
                        }
                    }
                }
            }
            return requests
        }
        #expect(requests > 1_500)
    }

    /// The requests that ended the process before (a month of year 1 or 9999, a start in 9999), and their neighbours.
    @Test(arguments: TestEngine.enabled) func theWritesThatOnceTrappedAreRefusedWithAProblemDocument(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let staff = try fixture.token("kb.staff"), officer = try fixture.token("tanson.officer")
        let (cookie, _) = try fixture.session("kb.staff")
        try await fixture.application().test(.router) { client in
            for month in ["0001-01", "9999-12", "1899-12", "2201-01"] {
                try await client.execute(uri: "/meetings?month=\(month)", method: .get, headers: Headers.cookie(cookie)) { response in
                    #expect(response.status == .badRequest, "/meetings?month=\(month): \(response.status)")
                }
                try await client.execute(uri: "/api/v1/evaluations?month=\(month)", method: .get, headers: Headers.bearer(staff, json: false)) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            for start in ["9999-06-01T08:00", "0001-01-01T08:00", "2201-01-01T08:00"] {
                let body = #"{"kind":"group_meeting","group":"\#(fixture.tanson.group)","start":"\#(start)","rrule":"FREQ=MONTHLY;COUNT=12"}"#
                try await client.execute(uri: "/api/v1/meetings", method: .post, headers: Headers.bearer(staff), body: jsonBody(body)) { response in
                    #expect(response.status == .badRequest, "start \(start): \(response.status) \(response.text)")
                    #expect(response.text.contains("1900"), "the answer names the range: \(response.text)")
                }
                try await client.execute(uri: "/api/v1/meetings/\(fixture.tanson.meeting)/move", method: .post, headers: Headers.bearer(staff),
                                         body: jsonBody(#"{"start":"\#(start)"}"#)) { response in
                    #expect(response.status == .badRequest, "move to \(start): \(response.status)")
                }
            }
            try await client.execute(uri: "/api/v1/obligations/\(fixture.tanson.obligation)/complete", method: .post, headers: Headers.bearer(officer),
                                     body: jsonBody(#"{"evidence":"biên bản","on":"0001-01-01"}"#)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}

/// Issue 13 §3: a code inside a body or a form passes the scope of the account, and an out-of-scope code gets exactly
/// the answer of a code that does not exist.
@Suite("Codes inside writes are scoped", .serverLogOnFailure) struct WriteScopeTests {
    static func answer(_ client: some TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method, _ token: String, _ body: String) async throws
        -> (Int, String) {
        try await client.execute(uri: uri, method: method, headers: Headers.bearer(token), body: jsonBody(body)) { response in
            // The problem document without the value itself, which differs between the two codes.
            let problem = (response.json as? [String: Any]) ?? [:]
            return (Int(response.status.code), "\(problem["type"] ?? "") \(problem["title"] ?? "") \(problem["field"] ?? "")")
        }
    }

    @Test(arguments: TestEngine.enabled) func attendanceEnrolmentAndContractCodesOutsideTheScopeAnswerLikeMissingOnes(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let officer = try fixture.token("tanson.officer"), staff = try fixture.token("kb.staff")
        let vanxaMember = try GroupStore(fixture.database).members(group: fixture.vanxa.group)[0].code
        let tansonMember = try GroupStore(fixture.database).members(group: fixture.tanson.group)[0].code
        try await fixture.application().test(.router) { client in
            let attendance = "/api/v1/meetings/\(fixture.tanson.meeting)/attendance"
            func entries(_ code: String) -> String { #"{"entries":[{"code":"\#(code)","status":"present"}]}"# }
            let missing = try await Self.answer(client, attendance, .put, officer, entries("NO-SUCH-MEMBER"))
            #expect(missing.0 == 400)
            for outside in [vanxaMember, "KB-CB01", "VANXA-HPN-CB", "YENBAC-HND-CB"] {
                let answer = try await Self.answer(client, attendance, .put, officer, entries(outside))
                #expect(answer == missing, "attendance of \(outside): \(answer) vs \(missing)")
            }
            // Mixed with a code in scope, nothing is recorded.
            let mixed = #"{"entries":[{"code":"\#(tansonMember)","status":"present"},{"code":"\#(vanxaMember)","status":"present"}]}"#
            #expect(try await Self.answer(client, attendance, .put, officer, mixed) == missing)
            #expect(try await Self.answer(client, attendance, .put, officer, entries(tansonMember)).0 == 200)

            let enrol = "/api/v1/trainings/\(fixture.tanson.training)/enrolments"
            let missingTrainee = try await Self.answer(client, enrol, .post, officer, #"{"trainees":["NO-SUCH-PERSON"]}"#)
            #expect(missingTrainee.0 == 400)
            for outside in ["VANXA-HPN-CB", "YENBAC-HND-CB", "KB-CB01", vanxaMember] {
                #expect(try await Self.answer(client, enrol, .post, officer, #"{"trainees":["\#(outside)"]}"#) == missingTrainee, "enrol \(outside)")
            }

            func contract(_ point: String) -> String {
                #"{"template":"commune-entrustment","office":"KB","association":"TANSON-HND","point":"\#(point)","start":"2027-01-01","end":"2027-12-31"}"#
            }
            let missingPoint = try await Self.answer(client, "/api/v1/contracts", .post, staff, contract("NO-SUCH-POINT"))
            #expect(missingPoint.0 == 400)
            #expect(try await Self.answer(client, "/api/v1/contracts", .post, staff, contract("DT-YENBAC")) == missingPoint)
            let association = #"{"template":"commune-entrustment","office":"KB","association":"%@","start":"2027-01-01","end":"2027-12-31"}"#
            let missingAssociation = try await Self.answer(client, "/api/v1/contracts", .post, staff, association.replacingOccurrences(of: "%@", with: "NOPE"))
            #expect(try await Self.answer(client, "/api/v1/contracts", .post, staff, association.replacingOccurrences(of: "%@", with: "YENBAC-HND"))
                    == missingAssociation)
        }
        // Only the one in-scope entry was written; the meeting page cannot show another association's names.
        let rows = try MeetingStore(fixture.database).attendance(fixture.tanson.meeting)
        #expect(rows.contains { $0.code == tansonMember && $0.status == "present" })
        #expect(!rows.contains { $0.code == vanxaMember })
    }
}
