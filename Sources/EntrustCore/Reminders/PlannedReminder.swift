import Foundation

/// One message the planner wants in the outbox. Its unique key is
/// (rule, subject, occurrence, recipient, channel); the outbox ignores a key it already holds.
public struct PlannedReminder: Hashable, Sendable {
    public var rule: String
    public var event: String
    public var subject: String
    /// The rung of the ladder: the offset and the day it fires, e.g. `-7d@2024-03-08`.
    public var occurrence: String
    public var recipient: ReminderRecipient
    public var channel: ReminderChannel
    public var template: String
    public var urgent: Bool
    /// When it may be sent: the rule's hour on the firing day, after quiet hours.
    public var notBefore: Date
    public var data: [String: String]

    public init(rule: String, event: String, subject: String, occurrence: String, recipient: ReminderRecipient,
                channel: ReminderChannel, template: String, urgent: Bool, notBefore: Date, data: [String: String]) {
        self.rule = rule
        self.event = event
        self.subject = subject
        self.occurrence = occurrence
        self.recipient = recipient
        self.channel = channel
        self.template = template
        self.urgent = urgent
        self.notBefore = notBefore
        self.data = data
    }
}
