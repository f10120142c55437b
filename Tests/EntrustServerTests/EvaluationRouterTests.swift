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

/// The evaluation, fee and report routes and pages, on the fixture's January and February 2024 extracts.
@Suite("Evaluations, fees and reports", .serverLogOnFailure) struct EvaluationRouterTests {
    static func evaluated(_ engine: TestEngine) throws -> ServerFixture {
        let fixture = try ServerFixture(engine: engine)
        try fixture.importAndEvaluateLoans()
        return fixture
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, as token: String) async throws -> (HTTPResponse.Status, Any?) {
        try await client.execute(uri: uri, method: .get, headers: Headers.bearer(token, json: false)) { ($0.status, $0.json) }
    }

    static func page(_ client: some TestClientProtocol, _ uri: String, cookie: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { ($0.status, $0.text) }
    }

    @Test(arguments: TestEngine.enabled) func scoresAreScopedToTheOfficersAssociationAndTheStaffsOffice(engine: TestEngine) async throws {
        let fixture = try Self.evaluated(engine)
        let (officer, staff, admin, other) = (try fixture.token("tanson.officer"), try fixture.token("kb.staff"), try fixture.token("admin"),
                                              try fixture.token("vanxa.officer"))
        try await fixture.application().test(.router) { client in
            let (status, json) = try await Self.get(client, "/api/v1/evaluations", as: officer)
            #expect(status == .ok)
            let page = json as? [String: Any] ?? [:]
            let items = page["items"] as? [[String: Any]] ?? []
            #expect(Set(items.compactMap { $0["group"] as? String }) == [fixture.tanson.group])
            #expect(items.compactMap { $0["month"] as? String } == ["2024-02", "2024-01"])
            let february = items.first ?? [:]
            let criteria = february["criteria"] as? [String: [String: Any]] ?? [:]
            #expect(Set(criteria.keys) == Set(ScorecardCriterion.allCases.map(\.rawValue)))
            #expect((criteria["overdue_ratio"]?["percent"] as? String) == "50.00")
            let points = criteria.values.compactMap { $0["points"] as? Int }.reduce(0, +)
            #expect(points == february["total"] as? Int)
            #expect((february["inputs"] as? [String: Any])?["overdue"] as? Int == 100_000_000)

            let staffRows = try await Self.get(client, "/api/v1/evaluations?month=2024-02", as: staff).1 as? [String: Any]
            #expect(Set((staffRows?["items"] as? [[String: Any]] ?? []).compactMap { $0["group"] as? String }) == [fixture.tanson.group, fixture.vanxa.group])
            let all = try await Self.get(client, "/api/v1/evaluations?month=2024-02", as: admin).1 as? [String: Any]
            #expect(all?["total"] as? Int == 3)

            // Someone else's group or association: 404, not an empty list.
            #expect(try await Self.get(client, "/api/v1/evaluations?group=\(fixture.tanson.group)", as: other).0 == .notFound)
            #expect(try await Self.get(client, "/api/v1/evaluations?association=YENBAC-HND", as: staff).0 == .notFound)
            #expect(try await Self.get(client, "/api/v1/evaluations?group=\(fixture.yenbac.group)", as: admin).0 == .ok)
            let bad = try await client.execute(uri: "/api/v1/evaluations?month=2024-13", method: .get, headers: Headers.bearer(admin, json: false)) { $0 }
            #expect(bad.status == .badRequest && bad.problemField == "month")
        }
    }

    @Test(arguments: TestEngine.enabled) func reportsAreScopedAndOfficeFiguresAreForBankStaff(engine: TestEngine) async throws {
        let fixture = try Self.evaluated(engine)
        let (officer, staff, admin) = (try fixture.token("tanson.officer"), try fixture.token("kb.staff"), try fixture.token("admin"))
        try await fixture.application().test(.router) { client in
            let district = try await Self.get(client, "/api/v1/reports/district?month=2024-02", as: staff)
            #expect(district.0 == .ok)
            let report = district.1 as? [String: Any] ?? [:]
            #expect(report["scope"] as? String == "KB" && report["groups"] as? Int == 2 && report["outstanding"] as? Int == 400_000_000)
            #expect(report["overdueRatio"] as? String == "25.00")
            #expect(report["communesWithoutOverdue"] as? Int == 1 && report["communes"] as? Int == 2)
            #expect(try await Self.get(client, "/api/v1/reports/district?month=2024-02&office=DT", as: staff).0 == .notFound)
            let dt = try await Self.get(client, "/api/v1/reports/district?month=2024-02&office=DT", as: admin)
            #expect(dt.0 == .ok && (dt.1 as? [String: Any])?["groups"] as? Int == 1)
            #expect(try await Self.get(client, "/api/v1/reports/district?month=2024-02", as: officer).0 == .forbidden)
            #expect(try await Self.get(client, "/api/v1/reports/commune?month=2024-02", as: officer).0 == .forbidden)
            let communes = try await Self.get(client, "/api/v1/reports/commune?month=2024-02", as: staff).1 as? [[String: Any]] ?? []
            #expect(Set(communes.compactMap { $0["code"] as? String }) == ["TANSON", "VANXA"])

            let associations = try await Self.get(client, "/api/v1/reports/association?month=2024-02", as: officer).1 as? [String: Any] ?? [:]
            #expect((associations["associations"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } == ["TANSON-HND"])
            #expect(try await Self.get(client, "/api/v1/reports/association?month=2024-02&office=DT", as: officer).0 == .notFound)
            let groups = try await Self.get(client, "/api/v1/reports/group?month=2024-02", as: officer).1 as? [[String: Any]] ?? []
            #expect(groups.compactMap { $0["group"] as? String } == [fixture.tanson.group])
            let staffGroups = try await Self.get(client, "/api/v1/reports/group?month=2024-02", as: staff).1 as? [[String: Any]] ?? []
            #expect(staffGroups.count == 2 && staffGroups.first?["group"] as? String == fixture.tanson.group, "worst first")
            // A month without an extract says what to run.
            let missing = try await client.execute(uri: "/api/v1/reports/district?month=2023-12", method: .get,
                                                   headers: Headers.bearer(staff, json: false)) { ($0.status, $0.text) }
            #expect(missing.0 == .conflict && missing.1.contains("2023-12"))
            #expect(try await Self.get(client, "/api/v1/reports/group", as: staff).0 == .badRequest)
        }
    }

    @Test(arguments: TestEngine.enabled) func feeStatementsAreScoped(engine: TestEngine) async throws {
        let fixture = try Self.evaluated(engine)
        let (officer, staff) = (try fixture.token("tanson.officer"), try fixture.token("kb.staff"))
        try await fixture.application().test(.router) { client in
            let fees = try await Self.get(client, "/api/v1/fees?month=2024-02", as: staff)
            #expect(fees.0 == .ok)
            let report = fees.1 as? [String: Any] ?? [:]
            #expect((report["statements"] as? [[String: Any]] ?? []).compactMap { $0["association"] as? String } == ["TANSON-HND", "VANXA-HPN"])
            #expect(report["averagedWith"] as? String == "2024-01")
            let own = try await Self.get(client, "/api/v1/fees?month=2024-02", as: officer).1 as? [String: Any] ?? [:]
            #expect((own["statements"] as? [[String: Any]] ?? []).compactMap { $0["association"] as? String } == ["TANSON-HND"])
            #expect((own["commissions"] as? [[String: Any]] ?? []).compactMap { $0["group"] as? String } == [fixture.tanson.group])
            // Tân Sơn has 50% overdue and collected no interest in February; Văn Xá collected everything and earns a fee.
            let statement = (own["statements"] as? [[String: Any]])?.first ?? [:]
            #expect(statement["overdueRatio"] as? String == "50.00")
            #expect((statement["fee"] as? Int ?? -1) <= (statement["fullFee"] as? Int ?? -2))
            let vanxa = (report["statements"] as? [[String: Any]] ?? []).first { $0["association"] as? String == "VANXA-HPN" } ?? [:]
            #expect((vanxa["fee"] as? Int ?? 0) > 0 && vanxa["overdueRatio"] as? String == "0.00")
            #expect(try await Self.get(client, "/api/v1/fees?month=2024-02&office=DT", as: staff).0 == .notFound)
            #expect(try await Self.get(client, "/api/v1/fees", as: staff).0 == .badRequest)
        }
    }

    @Test(arguments: TestEngine.enabled) func theDashboardDrawsTheFourEvaluationChartsFromTheLatestMonth(engine: TestEngine) async throws {
        let fixture = try Self.evaluated(engine)
        let session = try fixture.session("kb.staff")
        try await fixture.application().test(.router) { client in
            let (status, html) = try await Self.page(client, "/dashboard", cookie: session.cookie)
            #expect(status == .ok)
            for chart in ["classes", "overdue", "kinds", "communes"] {
                #expect(html.contains("data-chart=\"\(chart)\"><svg"), "\(chart)")
            }
            #expect(!html.contains("data-slot="))
            #expect(html.contains("2024-02"))
            // Vietnamese: 400 million đồng outstanding, 25,00% overdue; the overdue chart has January (0,00%) and February.
            #expect(html.contains("<b>400</b>") && html.contains("<b>25,00%</b>"))
            #expect(html.contains(">0,00%</text>") && html.contains(">25,00%</text>"))
            #expect(html.contains("Trung bình") || html.contains("Yếu"))
            #expect(html.utf8.count < 100_000)
            let english = try await Self.page(client, "/dashboard?lang=en", cookie: session.cookie).1
            #expect(english.contains("<b>25.00%</b>") && english.contains("Class distribution"))
        }
    }

    @Test(arguments: TestEngine.enabled) func theDashboardSaysWhenNothingIsEvaluated(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let session = try fixture.session("kb.staff")
        try await fixture.application().test(.router) { client in
            let (status, html) = try await Self.page(client, "/dashboard", cookie: session.cookie)
            #expect(status == .ok && !html.contains("data-chart=\"classes\"") && html.contains("entrust evaluate"))
        }
    }

    @Test(arguments: TestEngine.enabled) func theGroupPageShowsWhyAGroupHasItsClassAndMyWeekListsDrops(engine: TestEngine) async throws {
        let fixture = try Self.evaluated(engine)
        let officer = try fixture.session("tanson.officer")
        let other = try fixture.session("vanxa.officer")
        try await fixture.application().test(.router) { client in
            let (status, html) = try await Self.page(client, "/groups/\(fixture.tanson.group)?lang=en", cookie: officer.cookie)
            #expect(status == .ok)
            #expect(html.contains("data-month=\"2024-02\"") && html.contains("data-month=\"2024-01\""))
            #expect(html.contains("Overdue / outstanding") && html.contains("50.00%"))
            #expect(html.contains("100,000,000 / 200,000,000"))
            #expect(try await Self.page(client, "/groups/\(fixture.tanson.group)", cookie: other.cookie).0 == .notFound)

            let week = try await Self.page(client, "/week?lang=en", cookie: officer.cookie).1
            let drops = week.components(separatedBy: "Groups whose class dropped").last ?? ""
            #expect(drops.contains("/groups/\(fixture.tanson.group)") && drops.contains("2024-01 → 2024-02"))
            let otherWeek = try await Self.page(client, "/week?lang=en", cookie: other.cookie).1
            #expect(otherWeek.contains("No group&#39;s class dropped") || otherWeek.contains("No group's class dropped"))
            #expect(!otherWeek.contains("/groups/\(fixture.tanson.group)"))
        }
    }

    @Test(arguments: TestEngine.enabled) func theFeeStatementsPageIsPrintableAndScoped(engine: TestEngine) async throws {
        let fixture = try Self.evaluated(engine)
        let staff = try fixture.session("kb.staff")
        let officer = try fixture.session("vanxa.officer")
        try await fixture.application().test(.router) { client in
            let (status, html) = try await Self.page(client, "/fees", cookie: staff.cookie)
            #expect(status == .ok && html.contains("2024-02") && html.contains("@media print"))
            #expect(html.contains("Hội Nông dân xã Tân Sơn") && html.contains("Hội Phụ nữ xã Văn Xá") && !html.contains("Yên Bắc"))
            #expect(html.contains("50,00%"))
            let own = try await Self.page(client, "/fees?month=2024-02", cookie: officer.cookie).1
            #expect(own.contains("Hội Phụ nữ xã Văn Xá") && !own.contains("Tân Sơn"))
            #expect(try await Self.page(client, "/fees?month=nonsense", cookie: staff.cookie).0 == .badRequest)
        }
    }

    @Test(arguments: TestEngine.enabled) func namesFromTheDatabaseAreShownAsTextOnTheNewPages(engine: TestEngine) async throws {
        let fixture = try Self.evaluated(engine)
        let hostile = "<script>alert('x')</script> & \"Tổ\""
        try GroupStore(fixture.database).update(fixture.tanson.group, GroupStore.Changes(name: hostile), actor: Principal("setup"))
        let officer = try fixture.session("tanson.officer")
        try await fixture.application().test(.router) { client in
            for uri in ["/week", "/groups/\(fixture.tanson.group)", "/fees?month=2024-02"] {
                let (status, html) = try await Self.page(client, uri, cookie: officer.cookie)
                #expect(status == .ok, "\(uri)")
                #expect(!html.contains("<script"), "\(uri)")
                #expect(html.contains("&lt;script&gt;"), "\(uri)")
            }
        }
    }
}
