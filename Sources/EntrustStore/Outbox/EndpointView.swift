import EntrustCore
import Foundation

/// A webhook endpoint as listed: never its secret.
public struct EndpointView: Codable, Sendable, Equatable, StoreRecord {
    public var code: String
    public var url: String
    public var events: String
    public var description: String?
    public var templateName: String?
    public var enabled: Bool
    public var disabledReason: String?
    /// Until when the previous secret is still used to sign (a rotation), in milliseconds since 1970.
    public var previousSecretUntilMs: Int64?
    public var createdBy: String
    public var createdAt: String

    /// When a rotation in progress ends (the old secret stops signing), as local time; nil when none was made.
    public func rotationEnds(after now: Date) -> String? {
        guard let ms = previousSecretUntilMs, Double(ms) / 1000 > now.timeIntervalSince1970 else { return nil }
        return VietnamTime.iso8601(Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    enum CodingKeys: String, CodingKey {
        case code, url, events, description, templateName = "template_name", enabled, disabledReason = "disabled_reason"
        case previousSecretUntilMs = "previous_secret_until_ms", createdBy = "created_by", createdAt = "created_at"
    }
}

/// What the worker needs to sign and send to an endpoint. Holds secrets: never print or log it.
public struct EndpointSigning: Sendable {
    public var rowID: Int64
    public var code: String
    public var url: String
    /// `whsec_…` texts, newest first: during a rotation both the new and the old one.
    public var secrets: [String]
    /// A Mustache template for the body, when the endpoint wants its own format.
    public var template: String?
    public var enabled: Bool
}
