/// What the outbox should do after one webhook attempt.
public enum WebhookOutcome: Sendable, Equatable, CustomStringConvertible {
    /// A 2xx answer: done.
    case delivered
    /// 410 Gone: the receiver asks us to stop; disable the endpoint.
    case endpointGone
    /// 429, 5xx, a timeout or a connection failure: try again later, no earlier than `retryAfter` if given.
    case retry(reason: String, retryAfter: RetryAfter?)
    /// Any other 4xx, or a 3xx (redirects are never followed): retrying will not help.
    case permanentFailure(reason: String)

    /// True for `.retry`.
    public var isRetryable: Bool {
        if case .retry = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .delivered: return "delivered"
        case .endpointGone: return "endpoint gone (HTTP 410): disable it"
        case let .retry(reason, retryAfter):
            return "retry: \(reason)" + (retryAfter.map { " (Retry-After \($0))" } ?? "")
        case let .permanentFailure(reason): return "failed permanently: \(reason)"
        }
    }
}
