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

@Suite("Pages", .serverLogOnFailure) struct PageTests {
    @Test(arguments: TestEngine.enabled) func attendanceIsRecordedFromTheMeetingPage(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let (cookie, csrf) = try fixture.session("tanson.officer")
        let members = try GroupStore(fixture.database).members(group: fixture.tanson.group)
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/meetings/\(fixture.tanson.meeting)", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("name=\"a.\(members[0].code)\""))
            }
            try await client.execute(uri: "/meetings/\(fixture.tanson.meeting)/attendance", method: .post, headers: Headers.form(cookie), body: formBody([
                ("_csrf", csrf), ("a.\(members[0].code)", "present"), ("a.\(members[1].code)", "excused"), ("a.\(members[2].code)", "absent"),
            ])) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/meetings/\(fixture.tanson.meeting)/attendance", method: .post, headers: Headers.form(cookie),
                                     body: formBody([("_csrf", csrf), ("a.\(members[3].code)", "maybe")])) { response in
                #expect(response.status == .badRequest)
            }
        }
        let recorded = try MeetingStore(fixture.database).attendance(fixture.tanson.meeting)
        #expect(Dictionary(uniqueKeysWithValues: recorded.map { ($0.code, $0.status) }) ==
                [members[0].code: "present", members[1].code: "excused", members[2].code: "absent"])
    }

    @Test(arguments: TestEngine.enabled) func pagesAreVietnameseByDefaultAndEnglishOnRequest(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let (cookie, _) = try fixture.session("tanson.officer")
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/week", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.text.contains("<html lang=\"vi\">"))
                #expect(response.text.contains("Tuần của tôi"))
            }
            let chosen = try await client.execute(uri: "/week?lang=en", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.text.contains("<html lang=\"en\">"))
                #expect(response.text.contains("My week"))
                return String(response.headers[values: .setCookie].first { $0.hasPrefix("entrust_lang=") }!.split(separator: ";")[0])
            }
            try await client.execute(uri: "/groups", method: .get, headers: [.cookie: "\(cookie); \(chosen)"]) { response in
                #expect(response.text.contains("Groups"))
            }
        }
    }

    @Test(arguments: TestEngine.enabled) func pagesCarryStrictSecurityHeadersAndNoScripts(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let (cookie, _) = try fixture.session("admin")
        try await fixture.application().test(.router) { client in
            for uri in ["/login", "/week", "/contracts", "/groups", "/meetings", "/dashboard", "/outbox"] {
                // A signed-in visitor is sent on from the sign-in page, so that one is fetched anonymously.
                try await client.execute(uri: uri, method: .get, headers: uri == "/login" ? [:] : [.cookie: cookie]) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(uri)")
                    #expect(!response.text.contains("<script"), "\(uri)")
                    #expect(response.body.readableBytes < 100_000, "\(uri)")
                }
            }
        }
    }

    @Test(arguments: TestEngine.enabled) func signOutEndsTheSession(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let (cookie, csrf) = try fixture.session("kb.staff")
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/logout", method: .post, headers: Headers.form(cookie), body: formBody([("_csrf", csrf)])) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[values: .setCookie].contains { $0.hasPrefix("entrust_session=;") || $0.contains("Max-Age=0") })
            }
            try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: cookie]) { #expect($0.status == .seeOther) }
        }
    }
}
