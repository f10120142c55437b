/// What went wrong in the delivery worker or its templates, with what a person needs to fix it.
public enum DeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Problems found while loading or checking templates and rules: each names its file and line.
    case templates([String])
    /// A message could not be rendered (its template is missing or its data incomplete).
    case render(template: String, reason: String)
    /// Email is needed but no SMTP server is configured.
    case emailNotConfigured(String)

    public var description: String {
        switch self {
        case let .templates(issues):
            return "\(issues.count) problem\(issues.count == 1 ? "" : "s") in the notification templates:\n" + issues.map { "  " + $0 }.joined(separator: "\n")
        case let .render(template, reason):
            return "template '\(template)' cannot be rendered: \(reason)"
        case let .emailNotConfigured(reason):
            return "email is not configured: \(reason)"
        }
    }
}
