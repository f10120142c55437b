import EntrustStore
import HTTPTypes

/// What went wrong in a request, as the server answers it: a status and a sentence, never SQL or a stack trace.
public enum ServerError: Error, Sendable {
    /// Unknown, or outside the account's scope: the two look the same so that nothing leaks.
    case notFound(String)
    case unauthorized
    case forbidden(String)
    /// A field's value is wrong (the field is named in the problem document).
    case invalid(field: String, reason: String)
    case malformedBody(String)
    case tooLarge(limit: Int)
    case tooManyAttempts(retryAfterSeconds: Int)
    case csrf
    case conflict(String)
    /// A feature that this build does not include (the evaluation, fee and report extension points).
    case notAvailable(String)

    var status: HTTPResponse.Status {
        switch self {
        case .notFound: .notFound
        case .unauthorized: .unauthorized
        case .forbidden, .csrf: .forbidden
        case .invalid, .malformedBody: .badRequest
        case .tooLarge: .contentTooLarge
        case .tooManyAttempts: .tooManyRequests
        case .conflict: .conflict
        case .notAvailable: .notImplemented
        }
    }
}
