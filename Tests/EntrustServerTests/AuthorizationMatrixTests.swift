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

/// Every route, for every role, on an object inside the role's scope and on one outside it.
///
/// The expectation comes from the house rules, not from the server: outside the scope → 404 (nothing leaks);
/// inside it without the capability → 403; otherwise the route runs (any answer but 401, 403 or 404, and no 5xx).
/// Anonymous callers get 401 from the API and a redirect to sign-in from pages.
@Suite("Authorization matrix", .serverLogOnFailure) struct AuthorizationMatrixTests {
    enum Expect: Equatable, CustomStringConvertible {
        case allowed, forbidden, notFound, unauthorized, signIn
        var description: String {
            switch self {
            case .allowed: "allowed"
            case .forbidden: "403"
            case .notFound: "404"
            case .unauthorized: "401"
            case .signIn: "303 to sign-in"
            }
        }
    }

    /// Which fixture association an object belongs to (nil: the route has no object).
    enum Owner { case tanson, yenbac }

    struct Route: Sendable {
        var method: HTTPRequest.Method
        var path: @Sendable (ServerFixture.Objects) -> String
        var capability: Capability
        var body: String?
        var page = false
        /// Admin-only routes without an object.
        var adminOnly = false
        /// Routes with an object; nil for lists and creation.
        var hasObject = true
        /// Office figures (district and commune reports, the dashboard): not for association officers.
        var bankOnly = false
        /// The object is the owner's transaction office (an `office=` filter): every association it serves sees it.
        var officeObject = false
    }

    /// The transaction office serving an owner's commune, as a report's `office` filter.
    static func office(_ o: ServerFixture.Objects) -> String { o.association == "YENBAC-HND" ? "DT" : "KB" }

    static let routes: [Route] = [
        Route(method: .get, path: { _ in "/api/v1/me" }, capability: .read, hasObject: false),
        Route(method: .get, path: { _ in "/api/v1/contracts" }, capability: .read, hasObject: false),
        Route(method: .post, path: { o in "/api/v1/contracts" }, capability: .editContract,
              body: #"{"template":"x","office":"KB","association":"TANSON-HND","start":"2027-01-01","end":"2027-12-31"}"#, hasObject: false),
        Route(method: .get, path: { "/api/v1/contracts/\($0.contract)" }, capability: .read),
        Route(method: .get, path: { "/api/v1/contracts/\($0.contract)/obligations" }, capability: .read),
        Route(method: .post, path: { "/api/v1/contracts/\($0.contract)/submit" }, capability: .editContract, body: "{}"),
        Route(method: .post, path: { "/api/v1/contracts/\($0.contract)/approve" }, capability: .approveContract, body: "{}"),
        Route(method: .post, path: { "/api/v1/contracts/\($0.contract)/reject" }, capability: .approveContract, body: #"{"reason":"no"}"#),
        Route(method: .post, path: { "/api/v1/contracts/\($0.contract)/suspend" }, capability: .editContract, body: #"{"reason":"x"}"#),
        Route(method: .post, path: { "/api/v1/contracts/\($0.contract)/resume" }, capability: .editContract, body: "{}"),
        Route(method: .post, path: { "/api/v1/contracts/\($0.contract)/terminate" }, capability: .editContract, body: #"{"reason":"x"}"#),
        Route(method: .post, path: { "/api/v1/contracts/\($0.contract)/amend" }, capability: .editContract, body: #"{"reason":"x","bank_signatory":"B"}"#),
        Route(method: .get, path: { _ in "/api/v1/obligations" }, capability: .read, hasObject: false),
        Route(method: .get, path: { "/api/v1/obligations/\($0.obligation)" }, capability: .read),
        Route(method: .post, path: { "/api/v1/obligations/\($0.obligation)/complete" }, capability: .completeObligation, body: #"{"evidence":"e"}"#),
        Route(method: .post, path: { "/api/v1/obligations/\($0.obligation)/waive" }, capability: .waiveObligation, body: #"{"reason":"r"}"#),
        Route(method: .get, path: { _ in "/api/v1/groups" }, capability: .read, hasObject: false),
        Route(method: .get, path: { "/api/v1/groups/\($0.group)" }, capability: .read),
        Route(method: .get, path: { "/api/v1/groups/\($0.group)/members" }, capability: .read),
        Route(method: .get, path: { "/api/v1/groups/\($0.group)/board" }, capability: .read),
        Route(method: .get, path: { _ in "/api/v1/meetings" }, capability: .read, hasObject: false),
        Route(method: .post, path: { _ in "/api/v1/meetings" }, capability: .manageMeetings,
              body: #"{"kind":"loan_review","group":"none","start":"2024-04-02T08:00"}"#, hasObject: false),
        Route(method: .get, path: { "/api/v1/meetings/\($0.meeting)" }, capability: .read),
        Route(method: .post, path: { "/api/v1/meetings/\($0.meeting)/move" }, capability: .manageMeetings, body: #"{"start":"2024-03-21T14:00"}"#),
        Route(method: .post, path: { "/api/v1/meetings/\($0.meeting)/cancel" }, capability: .manageMeetings, body: "{}"),
        Route(method: .get, path: { "/api/v1/meetings/\($0.meeting)/attendance" }, capability: .read),
        Route(method: .put, path: { "/api/v1/meetings/\($0.meeting)/attendance" }, capability: .recordAttendance, body: #"{"entries":[]}"#),
        Route(method: .get, path: { _ in "/api/v1/trainings" }, capability: .read, hasObject: false),
        Route(method: .post, path: { "/api/v1/trainings/\($0.training)/enrolments" }, capability: .enrol, body: #"{"trainees":[]}"#),
        Route(method: .get, path: { _ in "/api/v1/evaluations?month=2024-02" }, capability: .read, hasObject: false),
        Route(method: .get, path: { "/api/v1/evaluations?group=\($0.group)" }, capability: .read),
        Route(method: .get, path: { "/api/v1/evaluations?association=\($0.association)&month=2024-02" }, capability: .read),
        Route(method: .get, path: { _ in "/api/v1/fees?month=2024-02" }, capability: .read, hasObject: false),
        Route(method: .get, path: { "/api/v1/fees?month=2024-02&office=\(office($0))" }, capability: .read, officeObject: true),
        Route(method: .get, path: { _ in "/api/v1/reports/district?month=2024-02" }, capability: .read, hasObject: false, bankOnly: true),
        Route(method: .get, path: { _ in "/api/v1/reports/commune?month=2024-02" }, capability: .read, hasObject: false, bankOnly: true),
        Route(method: .get, path: { _ in "/api/v1/reports/association?month=2024-02" }, capability: .read, hasObject: false),
        Route(method: .get, path: { "/api/v1/reports/association?month=2024-02&office=\(office($0))" }, capability: .read, officeObject: true),
        Route(method: .get, path: { _ in "/api/v1/reports/group?month=2024-02" }, capability: .read, hasObject: false),
        Route(method: .get, path: { "/api/v1/reports/group?month=2024-02&office=\(office($0))" }, capability: .read, officeObject: true),
        Route(method: .get, path: { _ in "/api/v1/outbox" }, capability: .administer, adminOnly: true, hasObject: false),
        Route(method: .get, path: { _ in "/api/v1/outbox/counts" }, capability: .administer, adminOnly: true, hasObject: false),
        Route(method: .post, path: { _ in "/api/v1/outbox/msg_none/retry" }, capability: .administer, body: "{}", adminOnly: true, hasObject: false),
        Route(method: .get, path: { _ in "/api/v1/endpoints" }, capability: .administer, adminOnly: true, hasObject: false),
        // Pages.
        Route(method: .get, path: { _ in "/week" }, capability: .read, page: true, hasObject: false),
        Route(method: .get, path: { _ in "/contracts" }, capability: .read, page: true, hasObject: false),
        Route(method: .get, path: { "/contracts/\($0.contract)" }, capability: .read, page: true),
        Route(method: .post, path: { "/contracts/\($0.contract)/decide" }, capability: .approveContract, body: "decision=approve", page: true),
        Route(method: .post, path: { "/obligations/\($0.obligation)/done" }, capability: .completeObligation, body: "evidence=e", page: true),
        Route(method: .get, path: { _ in "/groups" }, capability: .read, page: true, hasObject: false),
        Route(method: .get, path: { "/groups/\($0.group)" }, capability: .read, page: true),
        Route(method: .post, path: { "/groups/\($0.group)/calendar" }, capability: .read, body: "", page: true),
        Route(method: .get, path: { _ in "/meetings" }, capability: .read, page: true, hasObject: false),
        Route(method: .get, path: { "/meetings/\($0.meeting)" }, capability: .read, page: true),
        Route(method: .post, path: { "/meetings/\($0.meeting)/attendance" }, capability: .recordAttendance, body: "", page: true),
        Route(method: .get, path: { _ in "/dashboard" }, capability: .read, page: true, hasObject: false, bankOnly: true),
        Route(method: .get, path: { _ in "/fees?month=2024-02" }, capability: .read, page: true, hasObject: false),
        Route(method: .get, path: { _ in "/outbox" }, capability: .administer, page: true, adminOnly: true, hasObject: false),
        Route(method: .post, path: { _ in "/outbox/msg_none/retry" }, capability: .administer, body: "", page: true, adminOnly: true, hasObject: false),
    ]

    /// Whether `role` (as the fixture's account) sees `owner`'s objects.
    static func sees(_ username: String, _ owner: Owner) -> Bool {
        switch username {
        case "admin", "viewer": return true
        case "kb.staff", "kb.approver", "tanson.officer": return owner == .tanson
        default: return false
        }
    }

    /// Whether `username` sees the transaction office serving `owner` (Kim Bang serves Tân Sơn and Văn Xá).
    static func seesOffice(_ username: String, _ owner: Owner) -> Bool {
        username == "vanxa.officer" ? owner == .tanson : sees(username, owner)
    }

    static func expected(_ route: Route, username: String?, role: UserRole?, owner: Owner?) -> Expect {
        guard let role, let username else { return route.page ? .signIn : .unauthorized }
        if let owner, route.hasObject, !(route.officeObject ? seesOffice(username, owner) : sees(username, owner)) { return .notFound }
        if route.adminOnly && role != .admin { return .forbidden }
        if route.bankOnly && role == .associationOfficer { return .forbidden }
        return role.allows(route.capability) ? .allowed : .forbidden
    }

    static func classify(_ status: HTTPResponse.Status, location: String?) -> Expect? {
        switch status.code {
        case 401: return .unauthorized
        case 403: return .forbidden
        case 404: return .notFound
        case 303 where location?.hasPrefix("/login") == true: return .signIn
        case 500...: return nil
        default: return .allowed
        }
    }

    @Test(arguments: TestEngine.enabled) func everyRouteForEveryRoleInAndOutOfScope(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        try fixture.importAndEvaluateLoans()
        var sessions: [String: (cookie: String, csrf: String)] = [:]
        var tokens: [String: String] = [:]
        for account in ServerFixture.accounts {
            sessions[account.username] = try fixture.session(account.username)
            tokens[account.username] = try fixture.token(account.username)
        }
        let callers: [(String?, UserRole?)] = [(nil, nil)] + ServerFixture.accounts.map { ($0.username, $0.role) }
        let (sessionsByUser, tokensByUser) = (sessions, tokens)
        let (failures, checked) = try await fixture.application().test(.router) { client in
            var failures: [String] = []
            var checked = 0
            for route in Self.routes {
                for owner in (route.hasObject ? [Owner.tanson, .yenbac] : [Owner.tanson]) {
                    let objects = owner == .tanson ? fixture.tanson : fixture.yenbac
                    for (username, role) in callers {
                        // The admin-only retry with an unknown message is a 404 for the admin, which is right.
                        let expect = Self.expected(route, username: username, role: role, owner: route.hasObject ? owner : nil)
                        var headers: HTTPFields = [:]
                        var body = route.body
                        if let username {
                            if route.page {
                                let session = sessionsByUser[username]!
                                headers[.cookie] = session.cookie
                                headers[.contentType] = "application/x-www-form-urlencoded"
                                if route.method == .post { body = "_csrf=\(session.csrf)" + ((body ?? "").isEmpty ? "" : "&" + body!) }
                            } else {
                                headers[.authorization] = "Bearer \(tokensByUser[username]!)"
                                headers[.contentType] = "application/json"
                            }
                        } else if route.page && route.method == .post {
                            headers[.contentType] = "application/x-www-form-urlencoded"
                        }
                        let path = route.path(objects)
                        let (status, location) = try await client.execute(uri: path, method: route.method, headers: headers,
                                                                          body: body.map { ByteBuffer(string: $0) }) { ($0.status, $0.headers[.location]) }
                        checked += 1
                        let got = Self.classify(status, location: location)
                        let adminMissingMessage = username == "admin" && route.adminOnly && route.method == .post && got == .notFound
                        if got != expect && !adminMissingMessage {
                            failures.append("\(route.method) \(path) as \(username ?? "anonymous"): expected \(expect), got \(status.code)")
                        }
                    }
                }
            }
            return (failures, checked)
        }
        #expect(failures == [])
        #expect(checked > 500)
    }

    @Test(arguments: TestEngine.enabled) func theDashboardIsForBankStaff(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        try await fixture.application().test(.router) { client in
            for (username, status) in [("admin", 200), ("kb.staff", 200), ("kb.approver", 200), ("viewer", 200),
                                       ("tanson.officer", 403), ("vanxa.officer", 403)] {
                let session = try fixture.session(username)
                try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: session.cookie]) { response in
                    #expect(Int(response.status.code) == status, "\(username)")
                }
            }
            try await client.execute(uri: "/dashboard", method: .get) { #expect($0.status == .seeOther) }
        }
    }

    @Test func theExpectationsThemselvesCanFail() {
        // A sanity check on the matrix: an officer who could read another association's group would be caught.
        let route = Self.routes.first { $0.path(ServerFixture.Objects(association: "", contract: "", group: "G", meeting: "", obligation: "", training: "")) == "/api/v1/groups/G" }!
        #expect(Self.expected(route, username: "tanson.officer", role: .associationOfficer, owner: .yenbac) == .notFound)
        #expect(Self.classify(.ok, location: nil) != .notFound)
    }
}
