import Foundation

/// One webhook event to deliver: its stable id and the exact body bytes to send and sign.
///
/// The id stays the same across retries so that receivers can deduplicate (`webhook-id`).
public struct WebhookMessage: Sendable, Equatable {
    /// Stable across retries, e.g. the outbox row's public id `msg_2KWPBg…`.
    public let id: String
    /// The event type, e.g. `obligation.due`; informational here, it is part of the body.
    public let type: String?
    /// The JSON body, sent and signed byte for byte.
    public let body: [UInt8]

    /// A message whose body is already JSON.
    /// - Throws: `GatewayError.invalidField` when `id` could not travel in a header.
    public init(id: String, body: [UInt8], type: String? = nil) throws(GatewayError) {
        try Self.validate(id: id)
        self.id = id
        self.type = type
        self.body = body
    }

    /// A message whose body is the standard envelope `{"type","timestamp","data"}` around `data`.
    public init(id: String, type: String, timestamp: Date, data: some Encodable) throws(GatewayError) {
        try self.init(id: id, body: try WebhookEnvelope.encode(type: type, timestamp: timestamp, data: data), type: type)
    }

    /// Ids go into an HTTP header and into the signed content, so they are restricted to visible
    /// ASCII without spaces; anything else could split a header or make the signature ambiguous.
    static func validate(id: String) throws(GatewayError) {
        let allowed = id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        guard !id.isEmpty, id.utf8.count <= 200, allowed else {
            throw .invalidField(field: "webhook-id", value: String(id.prefix(64)), expected: "1 to 200 visible ASCII characters without spaces, e.g. msg_2KWPBgLlAfxdpx2AI54pPJ85f1W")
        }
    }
}
