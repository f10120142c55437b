import EntrustEngineTestSupport
import EntrustServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("OpenAPI document") struct OpenAPITests {
    /// `METHOD /path` for every operation in the served document.
    static func documentedRoutes(_ yaml: String) -> Set<String> {
        var routes = Set<String>()
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /") && line.hasSuffix(":") && !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("components:") {
                path = nil
            } else if let path, line.hasPrefix("    ") && !line.hasPrefix("     ") && line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "patch", "delete"].contains(method) { routes.insert("\(method.uppercased()) \(path)") }
            }
        }
        return routes
    }

    @Test(arguments: TestEngine.enabled) func everyRouteIsDocumentedAndEveryDocumentedRouteExists(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let router = try buildRouter(repositories: fixture.repository.repositories, configuration: ServerConfiguration(port: 0),
                                     metrics: ServerMetrics(), limiter: LoginRateLimiter(limit: 10, windowSeconds: 900, clock: fixture.clock,
                                                                        accounts: fixture.repository.repositories.accounts),
                                     clock: fixture.clock)
        let served = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let yaml = try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
                return response.text
            }
        }
        #expect(yaml.hasPrefix("openapi: 3.1.0\n"))
        let documented = Self.documentedRoutes(yaml)
        #expect(served.count > 50)
        #expect(served.subtracting(documented).sorted() == [], "routes missing from the document")
        #expect(documented.subtracting(served).sorted() == [], "documented routes the router does not have")
    }

    /// An installation without the resource bundle is refused with a sentence naming what to copy, not a crash.
    @Test func aMissingResourceBundleIsAnErrorThatSaysWhatToInstall() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-no-bundle-\(UUID().uuidString)")
        let error = #expect(throws: OpenAPIDocument.MissingResource.self) { try OpenAPIDocument.load(besideExecutableIn: folder) }
        #expect(error?.description.contains(OpenAPIDocument.bundleName) == true)
        #expect(error?.path == folder.appendingPathComponent(OpenAPIDocument.bundleName).appendingPathComponent("openapi.yaml").path)
        // The served text is the resource file of the source tree, as built.
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/EntrustServer/Resources/openapi.yaml")
        #expect(try OpenAPIDocument.load() == String(contentsOf: source, encoding: .utf8))
    }

    @Test func theCheckNoticesAMissingRoute() {
        // The comparison must be able to fail: a document without one path is caught.
        let yaml = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      summary: x\n  /b/{id}:\n    post:\n      summary: y\ncomponents:\n  schemas:\n"
        #expect(Self.documentedRoutes(yaml) == ["GET /a", "POST /b/{id}"])
    }
}
