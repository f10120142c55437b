extension RecurrenceRule {
    /// The occurrences of the rule started at `start` (DTSTART), in order.
    ///
    /// Semantics, following RFC 5545 §3.3.10 and §3.8.5:
    /// - `start` is always the first occurrence, even when it does not match the rule
    ///   (`isSynchronized(with:)` tells whether it does); its time of day is every occurrence's time.
    /// - BYxxx parts expand or limit per the RFC's table: for MONTHLY, BYMONTHDAY and BYDAY expand
    ///   within the month (BYDAY limits when BYMONTHDAY is present); for YEARLY, BYMONTH expands and
    ///   BYDAY ordinals count within the month when BYMONTH is given, else within the year; for WEEKLY,
    ///   BYDAY expands within the week that starts on `WKST`; for DAILY, everything limits.
    ///   Without BYDAY/BYMONTHDAY the day comes from `start` (and the month too for YEARLY without BYMONTH).
    ///   BYSETPOS then picks among each period's dates.
    /// - Days that do not exist are skipped, never clamped: `BYMONTHDAY=31` has nothing in April, a
    ///   yearly rule started on 29 February occurs only in leap years.
    /// - `COUNT` counts the recurrence set (start included) **before** exclusions: RFC 5545 builds the
    ///   set from RRULE first and then removes EXDATE values, so `COUNT=5` with one excluded
    ///   occurrence yields 4 dates. `UNTIL` is inclusive.
    /// - `window` filters by date without changing what `COUNT` counts; `limit` caps how many dates
    ///   are returned.
    ///
    /// - Parameters:
    ///   - start: DTSTART, Vietnam wall-clock time.
    ///   - window: the dates of interest; required (for its end) when the rule has neither `COUNT` nor `UNTIL`.
    ///   - excluding: EXDATE values.
    ///   - limit: the most occurrences to return (at least 1).
    /// - Throws: `CalendarError.ruleNeedsEnd` for an unbounded expansion, `.ruleNeverMatches` when the
    ///   rule cannot produce any date (detected after a full 400-year Gregorian cycle of periods),
    ///   `.invalidLimit` for a limit below 1.
    public func expand(start: LocalDateTime, window: ClosedRange<LocalDate>? = nil,
                       excluding exclusions: [RecurrenceExclusion] = [], limit: Int) throws -> [LocalDateTime] {
        guard limit >= 1 else { throw CalendarError.invalidLimit(limit) }
        guard count != nil || until != nil || window != nil else {
            throw CalendarError.ruleNeedsEnd(rule: description)
        }
        let lastDate = [window?.upperBound, until?.lastDate].compactMap { $0 }.min()

        var results: [LocalDateTime] = []
        var setSize = 0
        /// Adds one member of the recurrence set; answers false once expansion must stop.
        func accept(_ occurrence: LocalDateTime) -> Bool {
            if let until, !until.admits(occurrence) { return false }
            setSize += 1
            let wanted = (window?.contains(occurrence.date) ?? true) && !exclusions.contains { $0.excludes(occurrence) }
            if wanted {
                results.append(occurrence)
                if results.count >= limit { return false }
            }
            if let count, setSize >= count { return false }
            return true
        }

        guard accept(start) else { return results }

        // The Gregorian calendar repeats every 400 years (146 097 days, a whole number of weeks), and
        // stepping by a whole number of periods keeps that alignment, so a rule that finds no date in
        // this many consecutive periods never will.
        let cycle: Int
        switch frequency {
        case .daily: cycle = 146_097
        case .weekly: cycle = 20_871
        case .monthly: cycle = 4_800
        case .yearly: cycle = 400
        }
        var periodsWithoutDates = 0
        var index = 0
        while true {
            guard let period = period(index, start: start.date) else { return results }
            if let lastDate, period.firstDay > lastDate { return results }
            let dates = candidates(in: period, start: start.date)
            if dates.isEmpty {
                periodsWithoutDates += 1
                if periodsWithoutDates >= cycle { throw CalendarError.ruleNeverMatches(rule: description) }
            } else {
                periodsWithoutDates = 0
            }
            for date in dates where date > start.date {
                guard accept(start.on(date)) else { return results }
            }
            index += 1
        }
    }

    /// Whether `start` is itself a date the rule produces. RFC 5545 leaves the set undefined when it
    /// is not; entrust still counts `start` as the first occurrence, so callers that store a schedule
    /// should check this and move the start to the first matching date.
    public func isSynchronized(with start: LocalDateTime) -> Bool {
        guard let first = period(0, start: start.date) else { return false }
        return candidates(in: first, start: start.date).contains(start.date)
    }

    // MARK: - Periods

    /// One period of the rule: a day, a week, a month or a year.
    struct Period {
        var firstDay: LocalDate
        var dayCount: Int
    }

    /// The `index`-th period after the one holding `start`, or nil past year 9999.
    func period(_ index: Int, start: LocalDate) -> Period? {
        let (step, overflow) = index.multipliedReportingOverflow(by: interval)
        guard !overflow, step < 4_000_000 else { return nil }  // more than any span of days, weeks or months up to 9999
        // Day numbers, not `adding(days:)`, which saturates at 9999-12-31: past it there is no period.
        func day(_ offset: Int) -> LocalDate? {
            let number = start.dayNumber + offset
            return number <= LocalDate.latest.dayNumber ? LocalDate(dayNumber: number) : nil
        }
        switch frequency {
        case .daily:
            return day(step).map { Period(firstDay: $0, dayCount: 1) }
        case .weekly:
            let back = (Weekday(of: start).rawValue - weekStart.rawValue + 7) % 7
            return day(-back + 7 * step).map { Period(firstDay: $0, dayCount: 7) }
        case .monthly:
            let monthIndex = start.year * 12 + (start.month - 1) + step
            let year = monthIndex / 12, month = monthIndex % 12 + 1
            guard let first = LocalDate(year: year, month: month, day: 1) else { return nil }
            return Period(firstDay: first, dayCount: LocalDate.daysIn(year: year, month: month))
        case .yearly:
            let year = start.year + step
            guard let first = LocalDate(year: year, month: 1, day: 1) else { return nil }
            return Period(firstDay: first, dayCount: LocalDate.isLeap(year) ? 366 : 365)
        }
    }

    /// The rule's dates in one period, ascending, after BYSETPOS; days before `start` are not removed here.
    func candidates(in period: Period, start: LocalDate) -> [LocalDate] {
        // Without BYDAY or BYMONTHDAY the rule repeats the start's day (RFC 5545: values not given
        // by a BYxxx part come from DTSTART).
        let noDaySelector = byDay.isEmpty && byMonthDay.isEmpty
        let monthDays: [Int] = (noDaySelector && (frequency == .monthly || frequency == .yearly)) ? [start.day] : byMonthDay
        var months = byMonth
        if frequency == .yearly, months.isEmpty, noDaySelector { months = [start.month] }
        let weekdays: [WeekdayNumber] = (frequency == .weekly && byDay.isEmpty) ? [WeekdayNumber(Weekday(of: start))] : byDay
        let ordinalsWithinYear = frequency == .yearly && byMonth.isEmpty

        var dates: [LocalDate] = []
        let firstNumber = period.firstDay.dayNumber
        for offset in 0..<period.dayCount {
            let date = LocalDate(dayNumber: firstNumber + offset)
            guard date.year <= 9999 else { break }
            if !months.isEmpty, !months.contains(date.month) { continue }
            let monthLength = LocalDate.daysIn(year: date.year, month: date.month)
            if !monthDays.isEmpty, !monthDays.contains(where: { $0 > 0 ? $0 == date.day : monthLength + 1 + $0 == date.day }) {
                continue
            }
            if !weekdays.isEmpty, !weekdays.contains(where: { matches($0, date, monthLength: monthLength, withinYear: ordinalsWithinYear) }) {
                continue
            }
            dates.append(date)
        }
        guard !bySetPos.isEmpty, !dates.isEmpty else { return dates }
        var picked = Set<LocalDate>()
        for position in bySetPos {
            let index = position > 0 ? position - 1 : dates.count + position
            if dates.indices.contains(index) { picked.insert(dates[index]) }
        }
        return picked.sorted()
    }

    /// Whether `date` is the weekday, and, for an ordinal, the n-th (or n-th from the end) such
    /// weekday of its month or year.
    private func matches(_ entry: WeekdayNumber, _ date: LocalDate, monthLength: Int, withinYear: Bool) -> Bool {
        guard Weekday(of: date) == entry.weekday else { return false }
        guard let ordinal = entry.ordinal else { return true }
        let position: Int, length: Int
        if withinYear {
            position = date.dayNumber - LocalDate(year: date.year, month: 1, day: 1)!.dayNumber + 1
            length = LocalDate.isLeap(date.year) ? 366 : 365
        } else {
            position = date.day
            length = monthLength
        }
        return ordinal > 0 ? (position - 1) / 7 + 1 == ordinal : -((length - position) / 7 + 1) == ordinal
    }
}
