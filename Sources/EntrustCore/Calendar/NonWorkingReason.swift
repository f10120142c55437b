/// Why a day is not a working day.
public enum NonWorkingReason: Hashable, Sendable, CustomStringConvertible {
    /// Saturday or Sunday.
    case weekend(Weekday)
    /// A public holiday from a `HolidayCalendar`.
    case holiday(Holiday)
    /// Listed as non-working by the caller, without a reason.
    case nonWorkingDay

    public var description: String {
        switch self {
        case let .weekend(day): return day == .saturday ? "Saturday" : "Sunday"
        case let .holiday(holiday): return holiday.name.en
        case .nonWorkingDay: return "non-working day"
        }
    }
}
