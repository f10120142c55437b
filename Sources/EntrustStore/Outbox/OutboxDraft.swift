import EntrustCore
import Foundation

/// A message to put in the outbox. Its unique key is (rule, subject, occurrence, recipient, channel).
public struct OutboxDraft: Sendable, Equatable {
    public var channel: ReminderChannel
    /// A person's code (email), or `ENDPOINT/PERSON` (webhook).
    public var recipient: String
    /// The endpoint's code, for webhooks.
    public var endpoint: String?
    public var rule: String
    public var subject: String
    public var occurrence: String
    public var eventType: String
    public var payload: OutboxPayload
    public var urgent: Bool
    /// Not sent before this instant.
    public var notBefore: Date

    public init(channel: ReminderChannel, recipient: String, endpoint: String?, rule: String, subject: String, occurrence: String,
                eventType: String, payload: OutboxPayload, urgent: Bool, notBefore: Date) {
        self.channel = channel
        self.recipient = recipient
        self.endpoint = endpoint
        self.rule = rule
        self.subject = subject
        self.occurrence = occurrence
        self.eventType = eventType
        self.payload = payload
        self.urgent = urgent
        self.notBefore = notBefore
    }
}
