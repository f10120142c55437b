/// What went wrong in the domain rules, with what a person needs to fix it.
public enum CoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidDate(field: String, value: String)
    case invalidValue(field: String, value: String, expected: String)
    case endBeforeStart(start: LocalDate, end: LocalDate)
    /// A date, month or date-time whose year lies outside the range a person may enter (`LocalDate.inputYears`).
    case yearOutOfRange(field: String, value: String, years: ClosedRange<Int>)
    /// Text that breaks `TextRule`: a control character, or longer than its kind allows.
    case invalidText(field: String, value: String, problem: String)
    case illegalTransition(action: String, from: String, allowedFrom: [String])
    case makerCannotApprove(person: String)
    case notAnApprover(person: String)

    public var description: String {
        switch self {
        case let .invalidDate(field, value):
            return "\(field): '\(value)' is not a valid date (expected YYYY-MM-DD, a day that exists)"
        case let .invalidValue(field, value, expected):
            return "\(field): '\(value)' is not valid (expected \(expected))"
        case let .yearOutOfRange(field, value, years):
            return "\(field): '\(value)' is out of range (the year must be from \(years.lowerBound) to \(years.upperBound))"
        case let .invalidText(field, value, problem):
            let shown = String(value.unicodeScalars.map { TextRule.isControl($0) ? "�" : Character($0) })
            return "\(field): '\(shown)' \(problem)"
        case let .endBeforeStart(start, end):
            return "the end date \(end) is before the start date \(start)"
        case let .illegalTransition(action, from, allowed):
            let list = allowed.isEmpty ? "no state" : allowed.joined(separator: ", ")
            return "cannot \(action) a contract that is \(from); \(action) is allowed only from: \(list)"
        case let .makerCannotApprove(person):
            return "\(person) made this request and cannot also approve it (maker-checker): a second person with the approver role must approve"
        case let .notAnApprover(person):
            return "\(person) does not hold the approver role for this contract's transaction office"
        }
    }
}
