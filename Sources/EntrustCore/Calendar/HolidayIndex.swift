/// A holiday calendar's days for a span of years, computed once: applying a policy to thousands of series (a
/// district's groups, a national year of meetings) then looks days up instead of recomputing lunar holidays each time.
public struct HolidayIndex: Sendable {
    public let calendar: HolidayCalendar
    public let years: ClosedRange<Int>
    private let byDate: [LocalDate: [Holiday]]

    public init(calendar: HolidayCalendar, years: ClosedRange<Int>) {
        self.calendar = calendar
        self.years = years
        var byDate: [LocalDate: [Holiday]] = [:]
        for year in years {
            for holiday in calendar.holidays(year: year) { byDate[holiday.date, default: []].append(holiday) }
        }
        self.byDate = byDate
    }

    /// The holidays on a day; days outside `years` are computed from the calendar.
    public func holidays(on date: LocalDate) -> [Holiday] {
        years.contains(date.year) ? (byDate[date] ?? []) : calendar.holidays(on: date)
    }
}

extension HolidayPolicy {
    /// Applies the policy with a precomputed `HolidayIndex`: the same results as `apply(to:calendar:)`.
    public func apply(to occurrences: [LocalDateTime], index: HolidayIndex) throws -> [AdjustedOccurrence] {
        try apply(to: occurrences) { date in
            HolidayPolicy.weekendReason(date) + index.holidays(on: date).map { .holiday($0) }
        }
    }
}
