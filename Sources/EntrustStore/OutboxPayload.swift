import EntrustCore

/// What an outbox message carries until it is rendered and sent: the template, the person and the data.
public struct OutboxPayload: Codable, Sendable, Equatable {
    /// The notification template (`notifications/<lang>/<template>.*.mustache`); nil for `endpoint.test`.
    public var template: String?
    public var language: Language
    public var recipient: ReminderRecipient?
    /// Values for the templates and the webhook's `data`.
    public var data: [String: String]

    public init(template: String?, language: Language, recipient: ReminderRecipient?, data: [String: String]) {
        self.template = template
        self.language = language
        self.recipient = recipient
        self.data = data
    }
}
