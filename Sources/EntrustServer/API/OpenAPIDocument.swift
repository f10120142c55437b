import Foundation

/// The OpenAPI 3.1 document served at `/api/v1/openapi.yaml`: the resource `Resources/openapi.yaml` of this module,
/// written with shared components. `make test` validates it (scripts/openapi-validate.sh) and a test checks that it
/// names exactly the routes of the router, so a route cannot be added or removed without updating it.
public enum OpenAPIDocument {
    /// SwiftPM's name for this module's resource bundle, which sits beside the executable (and the test binary).
    public static let bundleName = "entrust_EntrustServer.resources"

    /// The document read from the resource bundle beside the executable.
    ///
    /// Looked up by hand rather than through the generated `Bundle.module`, which stops the process with a
    /// `fatalError` when the bundle is missing: an incomplete installation is an error that says what to copy.
    public static func load(besideExecutableIn folder: URL = Bundle.main.bundleURL) throws -> String {
        let file = folder.appendingPathComponent(bundleName).appendingPathComponent("openapi.yaml")
        guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
            throw MissingResource(path: file.path)
        }
        return text
    }

    /// The resource bundle was not installed with the executable.
    public struct MissingResource: Error, CustomStringConvertible {
        public var path: String
        public var description: String {
            "the API document \(path) is missing or unreadable: install the folder \(OpenAPIDocument.bundleName) from the build "
                + "(.build/release/) beside the entrust executable"
        }
    }
}
