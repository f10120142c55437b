/// What went wrong in the calendar engines (date-times, recurrence rules, the lunar calendar,
/// holidays), with what a person needs to fix the input.
///
/// `description` is one line that names the offending part and value, fit to show after `error: `.
public enum CalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A date-time text could not be read; `problem` says which piece is wrong.
    case invalidDateTime(field: String, value: String, problem: String)

    /// The recurrence rule text is empty.
    case emptyRule
    /// A rule part is not of the form `NAME=VALUE`.
    case malformedRulePart(part: String)
    /// A rule part that RFC 5545 does not define.
    case unknownRulePart(name: String)
    /// A rule part that RFC 5545 (or an extension such as RFC 7529) defines but entrust does not support.
    case unsupportedRulePart(name: String, reason: String)
    /// The same part appears twice, which RFC 5545 forbids.
    case duplicateRulePart(name: String)
    /// `FREQ` is required by RFC 5545.
    case missingFrequency
    /// A part's value is not acceptable; `expected` describes what would be.
    case invalidRuleValue(part: String, value: String, expected: String)
    /// RFC 5545 forbids `COUNT` and `UNTIL` in the same rule.
    case countWithUntil
    /// Expanding a rule with neither `COUNT` nor `UNTIL` needs a window with an end.
    case ruleNeedsEnd(rule: String)
    /// The rule can never produce a date (for example `BYMONTHDAY=30;BYMONTH=2`).
    case ruleNeverMatches(rule: String)
    /// The expansion limit must be at least 1.
    case invalidLimit(Int)

    /// The lunar date does not exist (a leap month the year does not have, day 30 of a 29-day month).
    case nonexistentLunarDate(day: Int, month: Int, year: Int, isLeapMonth: Bool, reason: String)

    /// A holiday rule or calendar has a bad field.
    case invalidHolidayRule(code: String, field: String, value: String, expected: String)
    /// Moving an occurrence off non-working days found no working day within the search span.
    case noWorkingDay(near: LocalDate, searchedDays: Int)

    public var description: String {
        switch self {
        case let .invalidDateTime(field, value, problem):
            return "\(field): '\(value)' is not a valid date-time: \(problem) (expected YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS)"
        case .emptyRule:
            return "RRULE: the rule is empty (expected at least FREQ=DAILY|WEEKLY|MONTHLY|YEARLY)"
        case let .malformedRulePart(part):
            return "RRULE: '\(part)' is not a rule part (expected NAME=VALUE, parts separated by ';')"
        case let .unknownRulePart(name):
            return "RRULE: \(name) is not an RFC 5545 rule part (known: FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, WKST)"
        case let .unsupportedRulePart(name, reason):
            return "RRULE: \(name) is not supported: \(reason)"
        case let .duplicateRulePart(name):
            return "RRULE: \(name) appears more than once (each part may appear once)"
        case .missingFrequency:
            return "RRULE: FREQ is missing (expected FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)"
        case let .invalidRuleValue(part, value, expected):
            return "RRULE: \(part)='\(value)' is not valid (expected \(expected))"
        case .countWithUntil:
            return "RRULE: COUNT and UNTIL cannot both be given (keep one of them)"
        case let .ruleNeedsEnd(rule):
            return "a rule without COUNT or UNTIL needs an end date: give a window that ends, to expand \(rule)"
        case let .ruleNeverMatches(rule):
            return "the rule \(rule) never produces a date (check BYMONTH, BYMONTHDAY and BYDAY against each other)"
        case let .invalidLimit(limit):
            return "expansion limit \(limit) is not valid (expected a whole number of at least 1)"
        case let .nonexistentLunarDate(day, month, year, isLeapMonth, reason):
            let leap = isLeapMonth ? " (leap)" : ""
            return "lunar date \(day)/\(month)\(leap)/\(year) does not exist: \(reason)"
        case let .invalidHolidayRule(code, field, value, expected):
            return "holiday \(code): \(field) '\(value)' is not valid (expected \(expected))"
        case let .noWorkingDay(near, searchedDays):
            return "no working day within \(searchedDays) days of \(near): check the holiday calendar"
        }
    }
}
