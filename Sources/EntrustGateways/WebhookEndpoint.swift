import Foundation

/// Where a webhook goes and the secret(s) it is signed with.
public struct WebhookEndpoint: Sendable, CustomStringConvertible {
    /// `http://` or `https://`; other schemes are refused by libcurl's protocol allow-list too.
    public let url: String
    /// One secret normally; two while the receiver rotates (each signs, both are sent).
    public let secrets: [WebhookSecret]

    /// - Throws: `GatewayError.invalidField` for a URL that is not http(s) with a host, or no secret.
    public init(url: String, secrets: [WebhookSecret]) throws(GatewayError) {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty,
              !url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F })
        else {
            throw .invalidField(field: "webhook URL", value: String(url.prefix(200)), expected: "an http:// or https:// URL with a host")
        }
        guard !secrets.isEmpty else {
            throw .invalidField(field: "webhook secrets", value: "none", expected: "at least one whsec_ secret: unsigned webhooks are never sent")
        }
        self.url = url
        self.secrets = secrets
    }

    public init(url: String, secret: WebhookSecret) throws(GatewayError) {
        try self.init(url: url, secrets: [secret])
    }

    public var description: String { "\(url) (\(secrets.count) secret\(secrets.count == 1 ? "" : "s"))" }
}
