/// A series of dates fixed in the Vietnamese lunar calendar: "the 15th of every lunar month"
/// (*ngày rằm*), "lunar 10/3 every year". Expanded to solar dates through `VietnameseLunarCalendar`.
///
/// Like an RRULE, a day that does not exist is skipped, never moved: day 30 of a 29-day month has
/// no occurrence. Unlike an RRULE, `start` only opens the series (and gives the time of day); it is
/// not an occurrence unless it falls on the pattern.
public struct LunarRecurrence: Hashable, Sendable {
    public enum Pattern: Hashable, Sendable {
        /// Lunar day `day` of every lunar month.
        case monthly(day: Int)
        /// Lunar day `day` of lunar month `month` every lunar year. Only the regular month counts,
        /// never a leap month repeating its number (the usual practice for anniversaries and festivals).
        case yearly(month: Int, day: Int)
    }

    public let pattern: Pattern
    /// For `monthly`: whether leap months (*tháng nhuận*) also have an occurrence.
    public let includesLeapMonths: Bool
    public let calendar: VietnameseLunarCalendar

    /// - Throws: `CalendarError.invalidRuleValue` for a day outside 1…30 or a month outside 1…12.
    public init(_ pattern: Pattern, includesLeapMonths: Bool = true, calendar: VietnameseLunarCalendar = .vietnam) throws {
        switch pattern {
        case let .monthly(day):
            try LunarRecurrence.check(day: day)
        case let .yearly(month, day):
            guard (1...12).contains(month) else {
                throw CalendarError.invalidRuleValue(part: "lunar month", value: String(month), expected: "1 to 12")
            }
            try LunarRecurrence.check(day: day)
        }
        self.pattern = pattern
        self.includesLeapMonths = includesLeapMonths
        self.calendar = calendar
    }

    private static func check(day: Int) throws {
        guard (1...30).contains(day) else {
            throw CalendarError.invalidRuleValue(part: "lunar day", value: String(day), expected: "1 to 30")
        }
    }

    /// The occurrences on or after `start`'s date, at `start`'s time, in order.
    ///
    /// - Parameters:
    ///   - window: the dates of interest; required when there is no `count`.
    ///   - count: the number of occurrences in the series from `start`, counted before exclusions
    ///     (as `COUNT` is for an RRULE).
    ///   - excluding: dates or date-times removed from the series.
    ///   - limit: the most occurrences to return (at least 1).
    public func expand(start: LocalDateTime, window: ClosedRange<LocalDate>? = nil, count: Int? = nil,
                       excluding exclusions: [RecurrenceExclusion] = [], limit: Int) throws -> [LocalDateTime] {
        guard limit >= 1 else { throw CalendarError.invalidLimit(limit) }
        if let count, count < 1 {
            throw CalendarError.invalidRuleValue(part: "COUNT", value: String(count), expected: "a whole number of at least 1")
        }
        guard count != nil || window != nil else { throw CalendarError.ruleNeedsEnd(rule: description) }

        var results: [LocalDateTime] = []
        var seriesSize = 0
        var year = calendar.lunar(from: start.date).year
        while true {
            for month in calendar.months(ofLunarYear: year) {
                if let window, month.firstDay > window.upperBound { return results }
                guard let date = date(in: month), date >= start.date else { continue }
                let occurrence = start.on(date)
                seriesSize += 1
                if (window?.contains(date) ?? true) && !exclusions.contains(where: { $0.excludes(occurrence) }) {
                    results.append(occurrence)
                    if results.count >= limit { return results }
                }
                if let count, seriesSize >= count { return results }
            }
            year += 1
            // Every valid pattern recurs within a few years, so this only stops a runaway request.
            if year > 9999 { return results }
        }
    }

    /// The solar date of the pattern's day in a lunar month, or nil when the month has none.
    private func date(in month: LunarMonth) -> LocalDate? {
        switch pattern {
        case let .monthly(day):
            guard includesLeapMonths || !month.isLeapMonth else { return nil }
            return month.solarDate(day: day)
        case let .yearly(number, day):
            guard month.month == number, !month.isLeapMonth else { return nil }
            return month.solarDate(day: day)
        }
    }

    /// `lunar day 15 monthly` or `lunar 10/3 yearly`, for messages.
    var description: String {
        switch pattern {
        case let .monthly(day): return "lunar day \(day) of every month"
        case let .yearly(month, day): return "lunar \(day)/\(month) every year"
        }
    }
}
