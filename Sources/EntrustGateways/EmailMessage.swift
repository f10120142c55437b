import EntrustCore
import Foundation

/// One email to send: already rendered text, in one language, to one or more recipients.
public struct EmailMessage: Sendable, Equatable {
    /// Stable across retries (the outbox row's id); becomes `Message-ID: <id@from-domain>` so
    /// that a message retried after a lost reply is recognisable as the same message.
    public var id: String
    public var to: [EmailAddress]
    public var subject: String
    /// The text/plain alternative; always sent.
    public var text: String
    /// The text/html alternative; when nil the message is a single text/plain part.
    public var html: String?
    /// Sent as `Content-Language`.
    public var language: Language
    /// Overrides the configured sender for this message.
    public var from: EmailAddress?

    public init(
        id: String = UUID().uuidString.lowercased(),
        to: [EmailAddress],
        subject: String,
        text: String,
        html: String? = nil,
        language: Language = .vi,
        from: EmailAddress? = nil
    ) {
        self.id = id
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.language = language
        self.from = from
    }
}
