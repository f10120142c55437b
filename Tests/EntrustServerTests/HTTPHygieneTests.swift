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
#if canImport(Glibc)
import Glibc
#endif

/// Issue 13, the HTTP classes: connection timeouts (12), and the smaller things (13): how a wrong JSON type is named,
/// API errors that speak the API's names, `nosniff` on every answer, 405 for methods nobody serves, and a document
/// that states what the server really enforces and answers.
@Suite("HTTP hygiene (issue 13)", .serverLogOnFailure) struct HTTPHygieneTests {
    // MARK: - 13. JSON types

    @Test(arguments: TestEngine.enabled) func aWrongJSONTypeIsNamedForWhatWasExpected(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let token = try fixture.token("kb.staff")
        try await fixture.application().test(.router) { client in
            func problem(_ uri: String, _ method: HTTPRequest.Method, _ body: String) async throws -> (field: String?, detail: String) {
                try await client.execute(uri: uri, method: method, headers: Headers.bearer(token), body: jsonBody(body)) { response in
                    #expect(response.status == .badRequest, "\(uri) \(body)")
                    let json = response.json as? [String: Any]
                    return (json?["field"] as? String, json?["detail"] as? String ?? "")
                }
            }
            // An array where an object is expected: the whole body, and a nested object.
            for body in ["[1,2]", "[]", "[{\"kind\":\"training\"}]"] {
                let answer = try await problem("/api/v1/meetings", .post, body)
                #expect(answer.field == "body")
                #expect(answer.detail.contains("expected an object"), "\(body): \(answer.detail)")
            }
            let meeting = fixture.tanson.meeting
            let nested = try await problem("/api/v1/meetings/\(meeting)/attendance", .put, "{\"entries\":[[1]]}")
            #expect(nested.field == "entries.0")
            #expect(nested.detail.contains("expected an object"), "\(nested.detail)")
            // An object where an array is expected, and the scalar types.
            let array = try await problem("/api/v1/meetings/\(meeting)/attendance", .put, "{\"entries\":{}}")
            #expect(array.detail.contains("expected an array"), "\(array.detail)")
            #expect(try await problem("/api/v1/meetings", .post, "{\"kind\":1,\"start\":\"2024-04-01T08:00\"}").detail.contains("expected a string"))
            #expect(try await problem("/api/v1/meetings", .post, "{\"kind\":\"training\",\"start\":\"2024-04-01T08:00\",\"duration_minutes\":\"x\"}")
                .detail.contains("expected an integer"))
        }
        #expect(RequestInput.jsonName([String: Int].self) == "an object")
        #expect(RequestInput.jsonName([Int].self) == "an array")
    }

    // MARK: - 13. API errors speak the API's names

    @Test(arguments: TestEngine.enabled) func apiProblemsNameTheAPIFieldsNeverCommandLineOptions(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let token = try fixture.token("kb.staff")
        let ref = fixture.tanson.obligation
        let contract = fixture.tanson.contract
        let template = try #require(ServerFixture.templates.first { $0.kind == .communeEntrustment }).code
        let cases: [(uri: String, method: HTTPRequest.Method, body: String, field: String?)] = [
            ("/api/v1/obligations/\(ref)/complete", .post, "{\"evidence\":\"\"}", "evidence"),
            ("/api/v1/obligations/\(ref)/complete", .post, "{\"evidence\":\"biên bản\",\"on\":\"2099-01-01\"}", "on"),
            ("/api/v1/obligations/\(ref)/complete", .post, "{\"evidence\":\"biên bản\",\"on\":\"2024-02-30\"}", "on"),
            ("/api/v1/obligations/\(ref)/waive", .post, "{\"reason\":\"\"}", "reason"),
            ("/api/v1/contracts/\(contract)/terminate", .post, "{\"reason\":\"gộp\",\"merged_into\":\"\(contract)\"}", "merged_into"),
            ("/api/v1/contracts/\(contract)/amend", .post, "{\"reason\":\"đổi\"}", nil),
            ("/api/v1/meetings", .post, "{\"kind\":\"group_meeting\",\"group\":\"\(fixture.tanson.group)\",\"start\":\"2024-04-01T08:00\",\"duration_minutes\":0}",
             "duration_minutes"),
            ("/api/v1/meetings", .post, "{\"kind\":\"group_meeting\",\"start\":\"2024-04-01T08:00\"}", "group"),
            ("/api/v1/meetings", .post, "{\"kind\":\"group_meeting\",\"group\":\"\(fixture.tanson.group)\",\"start\":\"next Tuesday\"}", "start"),
            ("/api/v1/contracts", .post, "{\"template\":\"\(template)\",\"office\":\"KB\",\"association\":\"TANSON-HND\",\"start\":\"2024-13-01\",\"end\":\"2026-12-31\"}",
             "start"),
            ("/api/v1/contracts", .post, "{\"template\":\"\(template)\",\"number\":\"số 1!\",\"office\":\"KB\",\"association\":\"TANSON-HND\",\"start\":\"2027-01-01\",\"end\":\"2029-12-31\"}",
             "number"),
        ]
        try await fixture.application().test(.router) { client in
            for item in cases {
                try await client.execute(uri: item.uri, method: item.method, headers: Headers.bearer(token), body: jsonBody(item.body)) { response in
                    let json = response.json as? [String: Any]
                    let detail = json?["detail"] as? String ?? ""
                    #expect((400..<500).contains(Int(response.status.code)), "\(item.body): \(response.status) \(detail)")
                    #expect(json?["field"] as? String == item.field, "\(item.uri) \(item.body): field \(json?["field"] ?? "none"), \(detail)")
                    #expect(detail.firstMatch(of: /--[a-z]/) == nil, "\(item.uri) \(item.body) names an option: \(detail)")
                }
            }
        }
        // The one translation, on its own: dashes off, kebab to snake, the renamed fields, backticked commands kept.
        #expect(Problem.apiField("--merged-into") == "merged_into")
        #expect(Problem.apiField("--duration") == "duration_minutes")
        #expect(Problem.apiField("on") == "on")
        #expect(Problem.apiText("name the point with --point") == "name the point with point")
        #expect(Problem.apiText("run `entrust evaluate --month 2024-03` first; --bank-signatory") == "run `entrust evaluate --month 2024-03` first; bank_signatory")
    }

    // MARK: - 13. nosniff and methods

    @Test(arguments: TestEngine.enabled) func everyKindOfAnswerCarriesNosniff(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let (cookie, _) = try fixture.session("tanson.officer")
        let calendar = try UserStore(fixture.database).createCalendarToken(.group(fixture.tanson.group), actor: Principal("setup"))
        try await fixture.application().test(.router) { client in
            let requests: [(uri: String, headers: HTTPFields, status: HTTPResponse.Status, type: String)] = [
                ("/api/v1/nothing-here", [:], .notFound, "application/problem+json"),
                ("/api/v1/me", [:], .unauthorized, "application/problem+json"),
                ("/api/v1/obligations?limit=0", [.cookie: cookie], .badRequest, "application/problem+json"),
                ("/calendar/\(calendar.secret).ics", [:], .ok, "text/calendar"),
                ("/calendar/\(String(repeating: "A", count: 43)).ics", [:], .notFound, "application/problem+json"),
                ("/week", [.cookie: cookie], .ok, "text/html"),
                ("/nothing-here", [.cookie: cookie], .notFound, "text/html"),
                ("/healthz", [:], .ok, "application/json"),
                ("/metrics", [:], .ok, "text/plain"),
                ("/api/v1/openapi.yaml", [:], .ok, "application/yaml"),
            ]
            for item in requests {
                try await client.execute(uri: item.uri, method: .get, headers: item.headers) { response in
                    #expect(response.status == item.status, "\(item.uri)")
                    #expect(response.headers[.contentType]?.hasPrefix(item.type) == true, "\(item.uri): \(response.headers[.contentType] ?? "")")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(item.uri)")
                }
            }
        }
    }

    @Test(arguments: TestEngine.enabled) func methodsNoRouteServesAnswer405WithAllow(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        try await fixture.application().test(.router) { client in
            for method in [HTTPRequest.Method.trace, HTTPRequest.Method("PROPFIND")!, HTTPRequest.Method("BREW")!] {
                for uri in ["/", "/api/v1/me", "/login", "/nothing-here"] {
                    try await client.execute(uri: uri, method: method) { response in
                        #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                        #expect(response.headers[.allow] == "GET, HEAD, POST, PUT, PATCH, DELETE")
                        #expect(response.headers[.xContentTypeOptions] == "nosniff")
                        #expect(response.headers[.contentType] == "application/problem+json")
                    }
                }
            }
        }
    }

    // MARK: - 13. The document says what the server enforces and answers

    static func document() async throws -> String {
        // The document is the same whatever the engine.
        try await ServerFixture(engine: .sqlite).application().test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.yaml", method: .get) { $0.text }
        }
    }

    /// The document with every one-line component (`    Name: {…}` under `components`) written in place of each
    /// `{$ref: '#/components/KIND/Name'}` that points at it, until none is left; a reference to nothing stays as it is
    /// (and then fails the checks that read the line).
    static func inliningReferences(_ yaml: String) -> String {
        var components: [String: String] = [:]
        var kind: String?
        for line in yaml.split(separator: "\n").map(String.init).drop(while: { !$0.hasPrefix("components:") }) {
            if line.hasPrefix("  ") && !line.hasPrefix("   ") && line.hasSuffix(":") { kind = String(line.dropFirst(2).dropLast()) }
            if let kind, line.hasPrefix("    ") && !line.hasPrefix("     "),
               let match = line.firstMatch(of: /^    ([A-Za-z0-9_]+): (\{.*\})$/) {
                components["#/components/\(kind)/\(match.output.1)"] = String(match.output.2)
            }
        }
        var text = yaml
        for _ in 0..<5 {
            let before = text
            text = text.replacing(/\{\$ref: '([^']+)'\}/) { match in components[String(match.output.1)] ?? String(match.output.0) }
            if text == before { break }
        }
        return text
    }

    /// `(path, parameter line)` for every query parameter of every GET operation of the API, components written in.
    static func apiQueryParameters(_ yaml: String) -> [(path: String, line: String)] {
        var found: [(String, String)] = []
        var path: String?
        var method: String?
        for line in inliningReferences(yaml).split(separator: "\n").map(String.init) {
            if line.hasPrefix("  /") && line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()); method = nil }
            if line.hasPrefix("components:") { break }
            if line.hasPrefix("    ") && !line.hasPrefix("     ") && line.hasSuffix(":") { method = line.trimmingCharacters(in: .whitespaces) }
            if let path, path.hasPrefix("/api/"), method == "get:", line.contains("in: query") { found.append((path, line)) }
        }
        return found
    }

    @Test(arguments: TestEngine.enabled) func documentedRangesAndPatternsAreTheOnesTheServerEnforces(engine: TestEngine) async throws {
        let yaml = try await Self.document()
        let fixture = try ServerFixture(engine: engine)
        let token = try fixture.token("admin")
        let parameters = Self.apiQueryParameters(yaml)
        #expect(parameters.count > 20)
        try await fixture.application().test(.router) { client in
            func status(_ path: String, _ name: String, _ value: String) async throws -> (Int, String?) {
                try await client.execute(uri: "\(path)?\(name)=\(value)", method: .get, headers: Headers.bearer(token, json: false)) { response in
                    (Int(response.status.code), response.problemField)
                }
            }
            for (path, line) in parameters {
                let name = String(line.firstMatch(of: /name: ([a-z_]+)/)!.output.1)
                if name == "after" {
                    // A page cursor that is not one of ours (not base64url, not a JSON array, an empty key, or the key of
                    // another list) is a 400 problem naming `after`, never a crash.
                    for value in ["x", "not-a-cursor", "W10", "WzFd", "W251bGxd", String(repeating: "A", count: 2_001)] {
                        let (code, field) = try await status(path, name, value)
                        #expect(code == 400 && field == name, "\(path)?\(name)=\(value.prefix(20)) answered \(code)")
                    }
                    continue
                }
                if name == "limit" {
                    // Every paging parameter states its range, and the server refuses one past each end.
                    let range = try #require(line.firstMatch(of: /minimum: ([0-9]+), maximum: ([0-9]+)/), "\(path) \(name) has no range")
                    let low = Int(range.output.1)!, high = Int(range.output.2)!
                    for outside in [low - 1, high + 1] {
                        let (code, field) = try await status(path, name, String(outside))
                        #expect(code == 400 && field == name, "\(path)?\(name)=\(outside) answered \(code)")
                    }
                    for inside in [low, high] {
                        let (code, field) = try await status(path, name, String(inside))
                        #expect(field != name, "\(path)?\(name)=\(inside) refused (\(code))")
                    }
                }
                if let match = line.firstMatch(of: /pattern: '([^']+)'/) {
                    // A month or a date: the pattern and the server agree on the years 1900–2200.
                    let pattern = try Regex(String(match.output.1))
                    let isMonth = name == "month"
                    let (inside, outside) = isMonth ? (["1900-01", "2200-12"], ["1899-12", "2201-01", "2024-13", "24-03"])
                                                    : (["1900-01-01", "2200-12-31"], ["1899-12-31", "2201-01-01", "2024-02-31x", "2024-3-1"])
                    for value in inside {
                        #expect(value.wholeMatch(of: pattern) != nil, "\(path) \(name) pattern refuses \(value)")
                        let (code, field) = try await status(path, name, value)
                        #expect(field != name, "\(path)?\(name)=\(value) refused (\(code))")
                    }
                    for value in outside {
                        #expect(value.wholeMatch(of: pattern) == nil, "\(path) \(name) pattern accepts \(value)")
                        let (code, field) = try await status(path, name, value)
                        #expect(code == 400 && field == name, "\(path)?\(name)=\(value) answered \(code)")
                    }
                }
            }
        }
    }

    /// The line of the document that describes one answer of one operation, if any.
    static func documentedLine(_ lines: [String], path: String, method: String, status: String) -> Int? {
        guard let p = lines.firstIndex(of: "  \(path):"), let m = lines[(p + 1)...].firstIndex(of: "    \(method):") else { return nil }
        return lines[(m + 1)...].prefix(while: { !$0.hasPrefix("    ") || $0.hasPrefix("     ") }).firstIndex(where: { $0.hasPrefix("        '\(status)'") })
    }

    /// The content type the document gives for one answer of one operation (following a `$ref` to a shared response);
    /// nil for an answer without a body, or one not documented.
    static func documentedType(_ yaml: String, path: String, method: String, status: String) -> String? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let s = documentedLine(lines, path: path, method: method, status: status) else { return nil }
        if let ref = lines[s].firstMatch(of: /responses\/([A-Za-z]+)'/) {
            guard let r = lines.firstIndex(of: "    \(ref.output.1):") else { return nil }
            // Only within that response's own block (up to the next one), which may have no content at all (a 303).
            return lines[(r + 1)...].prefix { $0.hasPrefix("      ") }.first { $0.hasPrefix("        ") && $0.hasSuffix(":") && !$0.contains("{") }?
                .trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ":", with: "")
        }
        return lines[(s + 1)...].prefix(4).first { $0.hasPrefix("            ") && $0.hasSuffix(":") }?
            .trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ":", with: "")
    }

    @Test(arguments: TestEngine.enabled) func errorAnswersOfTheCalendarAndSignInHaveTheDocumentedType(engine: TestEngine) async throws {
        let yaml = try await Self.document()
        let fixture = try ServerFixture(engine: engine)
        try await fixture.application().test(.router) { client in
            func check(_ path: String, _ method: String, _ uri: String, _ verb: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil)
                async throws {
                try await client.execute(uri: uri, method: verb, headers: headers, body: body) { response in
                    let status = String(response.status.code)
                    let documented = Self.documentedType(yaml, path: path, method: method, status: status)
                    let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    #expect(Self.documentedLine(lines, path: path, method: method, status: status) != nil, "\(method) \(path) does not document \(status)")
                    let served = response.headers[.contentType].map { String($0.prefix { $0 != ";" }) }
                    #expect(served == documented, "\(method) \(path) \(status): served \(served ?? "nothing"), documented \(documented ?? "nothing")")
                }
            }
            try await check("/calendar/{file}", "get", "/calendar/\(String(repeating: "A", count: 43)).ics", .get)
            try await check("/calendar/{file}", "get", "/calendar/x.ics", .get)
            let (cookie, csrf) = try await RouterTests.loginForm(client)
            try await check("/login", "post", "/login", .post, headers: Headers.form(cookie),
                            body: formBody([("_csrf", csrf), ("username", "kb.staff"), ("password", "not the password")]))
            try await check("/login", "post", "/login", .post, headers: Headers.form(nil),
                            body: formBody([("username", "kb.staff"), ("password", "not the password")]))
            try await check("/week", "get", "/week", .get)
            try await check("/api/v1/me", "get", "/api/v1/me", .get)
        }
        #expect(Self.documentedType(yaml, path: "/api/v1/me", method: "get", status: "200") == "application/json")
    }

    // MARK: - 12. Connection timeouts, on a real socket

    /// Connects to 127.0.0.1:`port`, sends `bytes` (maybe nothing), then waits for the server to close the
    /// connection: true when it did (a read returns end of file), false when `guardSeconds` passed first.
    static func serverCloses(port: Int, sending bytes: String, guardSeconds: Int) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(fd) }
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard connected == 0 else { return continuation.resume(returning: false) }
                var timeout = timeval(tv_sec: guardSeconds, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                if !bytes.isEmpty { _ = bytes.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = recv(fd, &buffer, buffer.count, 0)
                    if count == 0 { return continuation.resume(returning: true) }
                    if count < 0 { return continuation.resume(returning: false) }
                    // A whole request is answered first; the idle clock runs from the answer.
                }
            }
        }
    }

    @Test(arguments: TestEngine.enabled) func silentAndHalfFinishedConnectionsAreClosed(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let app = try fixture.application(configuration: ServerConfiguration(port: 0, connectionIdleSeconds: 2))
        try await withTaskExecutorPreference(DedicatedThreadExecutor.shared) {
            try await app.test(.live) { client in
                let port = try #require(client.port)
                try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
                // The guard is far longer than the limit: a connection still open then was never going to be closed.
                #expect(await Self.serverCloses(port: port, sending: "", guardSeconds: 20), "a silent connection stayed open")
                #expect(await Self.serverCloses(port: port, sending: "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", guardSeconds: 20),
                        "a connection that never finished its request head stayed open")
                #expect(await Self.serverCloses(port: port, sending: "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", guardSeconds: 20),
                        "a kept-alive connection stayed open after its answer")
            }
        }
    }
}
