/// The record of one webhook attempt, for the outbox's attempt log.
public struct WebhookAttempt: Sendable, Equatable, CustomStringConvertible {
    public let outcome: WebhookOutcome
    /// The HTTP status, or nil when no response arrived.
    public let statusCode: Int?
    /// The `webhook-timestamp` sent with this attempt (Unix seconds).
    public let timestamp: Int64
    /// Wall time of the transfer, including connection set-up.
    public let duration: Duration
    /// libcurl's explanation when the transfer itself failed (timeout, refused connection, TLS).
    public let errorText: String?

    public init(outcome: WebhookOutcome, statusCode: Int?, timestamp: Int64, duration: Duration, errorText: String?) {
        self.outcome = outcome
        self.statusCode = statusCode
        self.timestamp = timestamp
        self.duration = duration
        self.errorText = errorText
    }

    public var description: String {
        let status = statusCode.map { "HTTP \($0)" } ?? "no response"
        return "\(outcome) [\(status), \(duration)]"
    }
}
