import Crypto
import Foundation

/// A Standard Webhooks signing secret, written `whsec_` followed by the base64 of random bytes.
///
/// The key never appears in `description`, `debugDescription`, `dump` or any error: only
/// `encoded` reveals it, for storing it and showing it once to the endpoint's owner.
public struct WebhookSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The prefix that marks a secret, so that it is recognisable in configuration and leak scanners.
    public static let prefix = "whsec_"
    /// The Standard Webhooks spec asks for 24 to 64 bytes of key.
    public static let allowedKeyLengths = 24...64

    let keyBytes: [UInt8]

    /// Parses `whsec_<base64>`.
    /// - Throws: `GatewayError.invalidWebhookSecret`; the reason never quotes the secret.
    public init(_ text: String) throws(GatewayError) {
        guard text.hasPrefix(Self.prefix) else {
            throw .invalidWebhookSecret(reason: "it does not start with '\(Self.prefix)'")
        }
        let encoded = text.dropFirst(Self.prefix.count)
        guard let data = Data(base64Encoded: String(encoded)) else {
            throw .invalidWebhookSecret(reason: "the part after '\(Self.prefix)' is not valid base64")
        }
        guard Self.allowedKeyLengths.contains(data.count) else {
            throw .invalidWebhookSecret(reason: "the key is \(data.count) bytes long")
        }
        keyBytes = Array(data)
    }

    init(keyBytes: [UInt8]) {
        self.keyBytes = keyBytes
    }

    /// A new secret of 32 bytes from the system's cryptographically secure generator.
    public static func generate() -> WebhookSecret {
        let key = SymmetricKey(size: .bits256)
        return WebhookSecret(keyBytes: key.withUnsafeBytes { Array($0) })
    }

    /// The secret as `whsec_<base64>`: for the database and for the endpoint's owner, never for logs.
    public var encoded: String {
        Self.prefix + Data(keyBytes).base64EncodedString()
    }

    var symmetricKey: SymmetricKey { SymmetricKey(data: keyBytes) }

    public var description: String { "\(Self.prefix)<redacted>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
