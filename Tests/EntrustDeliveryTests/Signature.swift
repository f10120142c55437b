@testable import EntrustTestSupport
import Crypto
import EntrustGateways
import Foundation

/// Recomputes Standard Webhooks signatures with swift-crypto directly, not with the code under test.
enum Signature {
    /// The `v1,` signatures in the request's header that verify with `secret`.
    static func valid(_ request: WebhookListener.Request, secret: WebhookSecret) -> Bool {
        guard let id = request.header("webhook-id"), let timestamp = request.header("webhook-timestamp"),
              let header = request.header("webhook-signature"),
              let key = Data(base64Encoded: String(secret.encoded.dropFirst("whsec_".count))) else { return false }
        let signed = Data("\(id).\(timestamp).".utf8) + Data(request.body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
        let expected = "v1," + Data(mac).base64EncodedString()
        return header.split(separator: " ").contains { $0 == expected }
    }

    static func count(_ request: WebhookListener.Request) -> Int {
        (request.header("webhook-signature") ?? "").split(separator: " ").count
    }
}
