/// What to do with an occurrence (a meeting, a training) that falls on a non-working day.
///
/// Commune transaction days keep their date (`keep`): the session runs even on weekends and
/// holidays. Meetings and trainings are moved (`nextWorkingDay`, `previousWorkingDay`) or dropped
/// (`skip`). A moved occurrence keeps its time of day.
public enum HolidayPolicy: String, Codable, Sendable, CaseIterable {
    case keep
    case nextWorkingDay = "next-working-day"
    case previousWorkingDay = "previous-working-day"
    case skip

    /// How far `next-working-day` and `previous-working-day` look before giving up. Tết with its
    /// weekends is about ten days; a longer run of non-working days means a broken calendar.
    public static let searchDays = 31

    /// Applies the policy with a holiday calendar: Saturdays, Sundays and the calendar's holidays
    /// are non-working, and each result says which of these made the original day non-working.
    /// - Throws: `CalendarError.noWorkingDay` when no working day lies within `searchDays`.
    public func apply(to occurrences: [LocalDateTime], calendar: HolidayCalendar) throws -> [AdjustedOccurrence] {
        var holidaysByYear: [Int: [LocalDate: [Holiday]]] = [:]
        return try apply(to: occurrences) { date in
            if holidaysByYear[date.year] == nil {
                holidaysByYear[date.year] = Dictionary(grouping: calendar.holidays(year: date.year), by: \.date)
            }
            return HolidayPolicy.weekendReason(date) + (holidaysByYear[date.year]?[date] ?? []).map { .holiday($0) }
        }
    }

    /// Applies the policy with a set of non-working dates (holidays); Saturdays and Sundays are
    /// non-working as well.
    public func apply(to occurrences: [LocalDateTime], nonWorkingDays: Set<LocalDate>) throws -> [AdjustedOccurrence] {
        try apply(to: occurrences) { date in
            HolidayPolicy.weekendReason(date) + (nonWorkingDays.contains(date) ? [.nonWorkingDay] : [])
        }
    }

    /// Applies the policy with a predicate that alone decides which days are non-working (weekends
    /// are not added: the predicate must include them if they count).
    public func apply(to occurrences: [LocalDateTime], isNonWorking: (LocalDate) -> Bool) throws -> [AdjustedOccurrence] {
        try apply(to: occurrences) { isNonWorking($0) ? [.nonWorkingDay] : [] }
    }

    static func weekendReason(_ date: LocalDate) -> [NonWorkingReason] {
        let weekday = Weekday(of: date)
        return weekday.isWeekend ? [.weekend(weekday)] : []
    }

    /// The core: `reasons` answers why a day is non-working (empty for a working day).
    func apply(to occurrences: [LocalDateTime],
               reasons: (LocalDate) -> [NonWorkingReason]) throws -> [AdjustedOccurrence] {
        try occurrences.map { occurrence in
            let why = reasons(occurrence.date)
            guard !why.isEmpty else { return AdjustedOccurrence(original: occurrence, outcome: .unchanged, reasons: []) }
            switch self {
            case .keep:
                return AdjustedOccurrence(original: occurrence, outcome: .kept, reasons: why)
            case .skip:
                return AdjustedOccurrence(original: occurrence, outcome: .skipped, reasons: why)
            case .nextWorkingDay, .previousWorkingDay:
                let step = self == .nextWorkingDay ? 1 : -1
                for distance in 1...HolidayPolicy.searchDays {
                    let candidate = occurrence.date.adding(days: step * distance)
                    if reasons(candidate).isEmpty {
                        return AdjustedOccurrence(original: occurrence, outcome: .moved(to: occurrence.on(candidate)), reasons: why)
                    }
                }
                throw CalendarError.noWorkingDay(near: occurrence.date, searchedDays: HolidayPolicy.searchDays)
            }
        }
    }
}
