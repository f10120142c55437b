/// How a reminder travels: a signed webhook to a registered endpoint, or an email to a person.
public enum ReminderChannel: String, Codable, Sendable, CaseIterable {
    case webhook, email
}
