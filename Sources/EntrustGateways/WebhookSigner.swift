import Crypto
import Foundation

/// Signs and verifies webhook deliveries as the Standard Webhooks spec describes.
///
/// The signed content is `"<webhook-id>.<webhook-timestamp>.<body>"` over the exact body bytes;
/// the signature is `v1,` + base64(HMAC-SHA256(key, content)). With several secrets (during a
/// rotation) the header carries one `v1,…` per secret, separated by spaces, and a receiver
/// accepts the delivery if any of them verifies with a secret it knows.
public struct WebhookSigner: Sendable {
    public let secrets: [WebhookSecret]

    public init(secrets: [WebhookSecret]) {
        self.secrets = secrets
    }

    public init(secret: WebhookSecret) {
        self.init(secrets: [secret])
    }

    /// The value of the `webhook-signature` header: one `v1,<base64>` per secret, space-separated.
    public func signatureHeader(id: String, timestamp: Int64, body: [UInt8]) -> String {
        secrets.map { Self.signature(id: id, timestamp: timestamp, body: body, secret: $0) }
            .joined(separator: " ")
    }

    /// `v1,` + base64(HMAC-SHA256) for one secret.
    public static func signature(id: String, timestamp: Int64, body: [UInt8], secret: WebhookSecret) -> String {
        var hmac = HMAC<SHA256>(key: secret.symmetricKey)
        hmac.update(data: Array("\(id).\(timestamp).".utf8))
        hmac.update(data: body)
        return "v1," + Data(hmac.finalize()).base64EncodedString()
    }

    /// Checks a received delivery: the timestamp is within `tolerance` of `now`, and at least one
    /// `v1` signature in the header matches one of `secrets`. Comparison is constant-time.
    /// - Throws: `GatewayError.signatureMismatch` saying which check failed.
    public func verify(
        id: String,
        timestamp: String,
        signatureHeader: String,
        body: [UInt8],
        now: Date,
        tolerance: TimeInterval = 300
    ) throws(GatewayError) {
        guard let seconds = Int64(timestamp) else {
            throw .signatureMismatch(reason: "webhook-timestamp '\(timestamp.prefix(32))' is not a number of seconds")
        }
        let age = now.timeIntervalSince1970 - TimeInterval(seconds)
        guard abs(age) <= tolerance else {
            throw .signatureMismatch(reason: "webhook-timestamp is \(Int(age)) s away from now (tolerance \(Int(tolerance)) s): a replay or a wrong clock")
        }
        let content = Array("\(id).\(seconds).".utf8) + body
        let candidates = signatureHeader.split(separator: " ").compactMap { part -> Data? in
            guard part.hasPrefix("v1,") else { return nil }
            return Data(base64Encoded: String(part.dropFirst(3)))
        }
        guard !candidates.isEmpty else {
            throw .signatureMismatch(reason: "webhook-signature has no 'v1,<base64>' entry")
        }
        for candidate in candidates {
            for secret in secrets where HMAC<SHA256>.isValidAuthenticationCode(candidate, authenticating: content, using: secret.symmetricKey) {
                return
            }
        }
        throw .signatureMismatch(reason: "none of the \(candidates.count) v1 signature(s) matches any of the \(secrets.count) known secret(s)")
    }
}
