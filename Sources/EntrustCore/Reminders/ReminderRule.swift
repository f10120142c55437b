/// One rung of a reminder ladder, read from `notifications/rules.yaml`.
///
/// A rule fires `offset` days after its subject's date (negative: before), at `sendAt` local time,
/// to every person of its audience, by each of its channels.
public struct ReminderRule: Hashable, Codable, Sendable {
    /// Stable name, part of the outbox's unique key: renaming a rule re-sends its reminders.
    public var code: String
    /// The event type, e.g. `obligation.due`; webhook endpoints subscribe to these.
    public var event: String
    /// Days relative to the subject's date, one message per offset: `[-7, 0]`.
    public var offsets: [Int]
    public var audience: [ReminderAudience]
    public var channels: [ReminderChannel]
    /// The template name under `notifications/<lang>/`.
    public var template: String
    /// Urgent reminders ignore quiet hours.
    public var urgent: Bool
    /// Local time of day to send, minutes after midnight (default 08:00).
    public var sendAt: Int
    /// Where the rule was declared, for messages: `notifications/rules.yaml:12`.
    public var source: String

    public init(code: String, event: String, offsets: [Int], audience: [ReminderAudience], channels: [ReminderChannel],
                template: String, urgent: Bool = false, sendAt: Int = 8 * 60, source: String = "") {
        self.code = code
        self.event = event
        self.offsets = offsets
        self.audience = audience
        self.channels = channels
        self.template = template
        self.urgent = urgent
        self.sendAt = sendAt
        self.source = source
    }
}
