import EntrustCore
import Foundation

/// One outbox row as a worker claims it or a person lists it.
public struct OutboxMessage: Codable, Sendable, Equatable, StoreRecord {
    public var rowID: Int64
    /// `msg_…`: the `webhook-id` and the email's Message-ID, stable across retries.
    public var id: String
    public var channel: String
    public var recipient: String
    public var endpoint: String?
    public var endpointRowID: Int64?
    public var rule: String
    public var subject: String
    public var occurrence: String
    public var eventType: String
    public var payloadJSON: String
    public var urgent: Bool
    public var state: String
    public var attempts: Int
    public var nextAttemptMs: Int64
    public var leaseUntilMs: Int64?
    public var leasedBy: String?
    public var lastError: String?
    public var createdAt: String
    public var createdMs: Int64
    public var finishedAt: String?

    enum CodingKeys: String, CodingKey {
        case rowID = "row_id", id = "public_id", channel, recipient, endpoint, endpointRowID = "endpoint_id", rule, subject
        case occurrence, eventType = "event_type", payloadJSON = "payload_json", urgent, state, attempts
        case nextAttemptMs = "next_attempt_ms", leaseUntilMs = "lease_until_ms", leasedBy = "leased_by"
        case lastError = "last_error", createdAt = "created_at", createdMs = "created_ms", finishedAt = "finished_at"
    }

    static let selection = """
        SELECT m.id AS row_id, m.public_id, m.channel, m.recipient, e.code AS endpoint, m.endpoint_id, m.rule, m.subject,
               m.occurrence, m.event_type, m.payload_json, m.urgent, m.state, m.attempts, m.next_attempt_ms,
               m.lease_until_ms, m.leased_by, m.last_error, m.created_at, m.created_ms, m.finished_at
        FROM outbox_message m LEFT JOIN webhook_endpoint e ON e.id = m.endpoint_id
        """

    /// The payload, decoded.
    public func payload() throws -> OutboxPayload {
        try JSONDecoder().decode(OutboxPayload.self, from: Data(payloadJSON.utf8))
    }

    /// When it was created, as an instant.
    public var createdAtInstant: Date { Date(timeIntervalSince1970: Double(createdMs) / 1000) }

    /// When it may next be sent, as local time for people.
    public var nextAttemptText: String { VietnamTime.iso8601(Date(timeIntervalSince1970: Double(nextAttemptMs) / 1000)) }
}

/// One try at sending an outbox message.
public struct OutboxAttempt: Codable, Sendable, Equatable, StoreRecord {
    public var number: Int
    public var startedAt: String
    public var durationMs: Int64
    /// The HTTP status, or the SMTP reply code.
    public var responseCode: Int?
    /// The SMTP server's reply, or a snippet of the HTTP response.
    public var reply: String?
    public var error: String?
    /// `sent`, `retry`, `dead`, `gone`, `cancelled` or `lease-expired`.
    public var outcome: String

    enum CodingKeys: String, CodingKey {
        case number, startedAt = "started_at", durationMs = "duration_ms", responseCode = "response_code", reply, error, outcome
    }

    public init(number: Int, startedAt: String, durationMs: Int64, responseCode: Int?, reply: String?, error: String?, outcome: String) {
        self.number = number
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.responseCode = responseCode
        self.reply = reply
        self.error = error
        self.outcome = outcome
    }
}
