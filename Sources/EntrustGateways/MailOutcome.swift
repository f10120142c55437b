/// What the outbox should do after trying to deliver an email to one recipient.
public enum MailOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The server accepted the message for this recipient (`250`), with its reply.
    case delivered(reply: String)
    /// An SMTP 4xx, a timeout, a connection or TLS failure, a refused login or a server without
    /// the required STARTTLS: try again later (the last three need a configuration fix first).
    case transient(code: Int?, reason: String)
    /// An SMTP 5xx to the message or its recipient (unknown mailbox, message refused): retrying will not help.
    case permanent(code: Int?, reason: String)

    /// True for `.transient`.
    public var isRetryable: Bool {
        if case .transient = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case let .delivered(reply): return "delivered: \(reply)"
        case let .transient(code, reason): return "retry\(code.map { " (SMTP \($0))" } ?? ""): \(reason)"
        case let .permanent(code, reason): return "failed permanently\(code.map { " (SMTP \($0))" } ?? ""): \(reason)"
        }
    }
}
