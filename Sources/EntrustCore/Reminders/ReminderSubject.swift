/// Something reminders are about, as the store found it: an obligation occurrence, a contract…
public struct ReminderSubject: Hashable, Codable, Sendable {
    /// The event type family this subject feeds, e.g. `obligation.due`.
    public var event: String
    /// Stable key, part of the outbox's unique key: `obligation:KB-TANSON-HND-2023:giao-ban:2024-03`.
    public var key: String
    /// The day the offsets count from (a due date, a contract's end date).
    public var date: LocalDate
    /// Values for the templates and the webhook's `data`, in both languages where they are words.
    public var data: [String: String]
    /// The people behind each audience role.
    public var audience: [ReminderAudience: [ReminderRecipient]]

    public init(event: String, key: String, date: LocalDate, data: [String: String],
                audience: [ReminderAudience: [ReminderRecipient]]) {
        self.event = event
        self.key = key
        self.date = date
        self.data = data
        self.audience = audience
    }
}
