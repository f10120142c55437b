/// The result of delivering one message to one recipient.
public struct RecipientResult: Sendable, Equatable, CustomStringConvertible {
    public let recipient: EmailAddress
    public let outcome: MailOutcome
    /// The last SMTP reply code, or nil when the server never answered.
    public let replyCode: Int?
    /// Wall time of this recipient's transfer, including connection set-up when there was one.
    public let duration: Duration
    /// libcurl's explanation when the transfer failed.
    public let errorText: String?

    public init(recipient: EmailAddress, outcome: MailOutcome, replyCode: Int?, duration: Duration, errorText: String?) {
        self.recipient = recipient
        self.outcome = outcome
        self.replyCode = replyCode
        self.duration = duration
        self.errorText = errorText
    }

    public var description: String { "\(recipient.address): \(outcome)" }
}
