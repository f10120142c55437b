/// What went wrong in a gateway before or around a transfer, with what a person needs to fix it.
///
/// Outcomes of a transfer that reached (or tried to reach) a server are not errors: they are
/// `WebhookOutcome` and `MailOutcome` values, which the outbox turns into retries or dead letters.
/// No case ever carries a webhook secret or an SMTP password.
public enum GatewayError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `curl_global_init` or `curl_easy_init` failed; the process cannot send anything.
    case curlUnavailable(reason: String)
    /// The transfer pool was shut down before the job could run.
    case poolShutDown
    /// A webhook secret is not `whsec_` followed by base64. The secret itself is never echoed.
    case invalidWebhookSecret(reason: String)
    /// A value that goes into a protocol header (message id, event type, subject, address) is unusable.
    case invalidField(field: String, value: String, expected: String)
    /// A setting (environment key) is missing.
    case missingSetting(key: String, hint: String)
    /// A setting (environment key) has a value that cannot be used. Never used for passwords.
    case invalidSetting(key: String, value: String, expected: String)
    /// The data given to the webhook envelope could not be encoded as JSON.
    case encodingFailed(reason: String)
    /// A webhook signature header did not verify.
    case signatureMismatch(reason: String)

    public var description: String {
        switch self {
        case let .curlUnavailable(reason):
            return "libcurl could not be initialised: \(reason)"
        case .poolShutDown:
            return "the transfer pool has been shut down; no more messages can be sent by this process"
        case let .invalidWebhookSecret(reason):
            return "webhook secret is not usable: \(reason) (expected 'whsec_' followed by the base64 of at least 24 random bytes)"
        case let .invalidField(field, value, expected):
            return "\(field): '\(value)' is not valid (expected \(expected))"
        case let .missingSetting(key, hint):
            return "\(key) is not set: \(hint)"
        case let .invalidSetting(key, value, expected):
            return "\(key)='\(value)' is not valid (expected \(expected))"
        case let .encodingFailed(reason):
            return "the webhook payload could not be encoded as JSON: \(reason)"
        case let .signatureMismatch(reason):
            return "webhook signature did not verify: \(reason)"
        }
    }
}
