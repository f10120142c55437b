/// The Vietnamese lunisolar calendar, computed astronomically for UTC+7 (the meridian 105° E).
///
/// The rules (those of the Chinese calendar, applied to Vietnam's own time zone):
/// 1. A month begins on the local day of a new moon.
/// 2. The winter solstice (Sun at 270°) always falls in month 11.
/// 3. When 13 new moons begin between one month 11 and the next, the first month after month 11
///    that holds no major solar term (a multiple of 30° of solar longitude) is the leap month and
///    repeats the number of the month before it.
/// 4. Months 11 and 12 belong to the lunar year that is ending; month 1 begins the next (Tết).
///
/// Because the day boundary is UTC+7 midnight, not UTC+8, this calendar differs from the Chinese
/// one now and then: Tết 1985 was 21 January in Vietnam and 20 February in China; Tết 2030 is
/// 2 February here and 3 February there. Results before 1968 (when North Vietnam adopted UTC+7)
/// may differ from calendars printed at the time. Accuracy rests on the astronomy: about a minute for
/// new moons and a few minutes for solar terms, so a date can only be wrong when a new moon or a
/// major term falls within minutes of midnight. Any year can be asked for; the astronomy (ΔT above
/// all) is good from about 1800 to 2200.
public struct VietnameseLunarCalendar: Hashable, Sendable {
    /// The offset of the calendar's day boundary from UTC, in seconds.
    public let utcOffsetSeconds: Int

    /// A calendar whose days begin at midnight of the given UTC offset. Vietnam is +7; +8 gives the
    /// Chinese calendar's reckoning, useful only for comparison.
    public init(utcOffsetHours: Int = 7) {
        self.utcOffsetSeconds = utcOffsetHours * 3600
    }

    /// The Vietnamese calendar (UTC+7).
    public static let vietnam = VietnameseLunarCalendar(utcOffsetHours: 7)

    /// The Vietnamese lunar date of a solar date (UTC+7).
    public static func lunar(from date: LocalDate) -> LunarDate { vietnam.lunar(from: date) }

    /// The solar date of a Vietnamese lunar date (UTC+7). Throws for a date that does not exist.
    public static func solar(from date: LunarDate) throws -> LocalDate { try vietnam.solar(from: date) }

    // MARK: - Conversions

    /// The lunar date of a solar date.
    public func lunar(from date: LocalDate) -> LunarDate {
        let k = newMoonIndex(onOrBefore: date.dayNumber)
        let span = yearSpan(containingNewMoon: k, solarYear: date.year)
        let label = span.label(ofMonthAt: k - span.first)
        return LunarDate(day: date.dayNumber - newMoonDay(k) + 1, month: label.month, year: label.year,
                         isLeapMonth: label.isLeap)
    }

    /// The solar date of a lunar date.
    /// - Throws: `CalendarError.nonexistentLunarDate` for a month or day out of range, a leap month
    ///   the year does not have, or day 30 of a 29-day month.
    public func solar(from date: LunarDate) throws -> LocalDate {
        let month = try lunarMonth(date.month, of: date.year, leap: date.isLeapMonth, asking: date)
        guard let solar = month.solarDate(day: date.day) else {
            throw CalendarError.nonexistentLunarDate(day: date.day, month: date.month, year: date.year,
                                                     isLeapMonth: date.isLeapMonth,
                                                     reason: date.day < 1 || date.day > 30
                                                         ? "the day must be 1 to 30"
                                                         : "that month has only \(month.length) days")
        }
        return solar
    }

    /// The months of a lunar year in order, from month 1 (Tết) to month 12, with the leap month
    /// (if any) after the month whose number it repeats.
    public func months(ofLunarYear year: Int) -> [LunarMonth] {
        let first = newMoonIndex(ofMonth: 1, lunarYear: year, leap: false)
        let next = newMoonIndex(ofMonth: 1, lunarYear: year + 1, leap: false)
        var result: [LunarMonth] = []
        var span = yearSpan(containingNewMoon: first, solarYear: year)
        for k in first..<next {
            if k >= span.last { span = yearSpan(startingAt: span.last, solarYear: span.solarYear + 1) }
            let label = span.label(ofMonthAt: k - span.first)
            let day = newMoonDay(k)
            result.append(LunarMonth(year: label.year, month: label.month, isLeapMonth: label.isLeap,
                                     firstDay: LocalDate(dayNumber: day), length: newMoonDay(k + 1) - day))
        }
        return result
    }

    /// The number of the leap month of a lunar year, or nil in a common year.
    public func leapMonth(ofLunarYear year: Int) -> Int? {
        months(ofLunarYear: year).first(where: \.isLeapMonth)?.month
    }

    /// The solar date of Tết (lunar 1/1) of a lunar year.
    public func tet(_ year: Int) -> LocalDate {
        LocalDate(dayNumber: newMoonDay(newMoonIndex(ofMonth: 1, lunarYear: year, leap: false)))
    }

    // MARK: - Months

    /// The lunar month with the given number, or an error naming why it does not exist.
    func lunarMonth(_ month: Int, of year: Int, leap: Bool, asking date: LunarDate) throws -> LunarMonth {
        func fail(_ reason: String) -> CalendarError {
            .nonexistentLunarDate(day: date.day, month: date.month, year: date.year, isLeapMonth: date.isLeapMonth, reason: reason)
        }
        guard (1...12).contains(month) else { throw fail("the month must be 1 to 12") }
        guard (1...30).contains(date.day) else { throw fail("the day must be 1 to 30") }
        if leap {
            let actual = leapMonth(ofLunarYear: year)
            guard actual == month else {
                throw fail(actual.map { "the leap month of \(year) is month \($0)" } ?? "lunar year \(year) has no leap month")
            }
        }
        let k = newMoonIndex(ofMonth: month, lunarYear: year, leap: leap)
        let day = newMoonDay(k)
        return LunarMonth(year: year, month: month, isLeapMonth: leap, firstDay: LocalDate(dayNumber: day),
                          length: newMoonDay(k + 1) - day)
    }

    /// The new moon that begins a lunar month. For a leap month the caller has checked it exists.
    private func newMoonIndex(ofMonth month: Int, lunarYear year: Int, leap: Bool) -> Int {
        // Months 11 and 12 of lunar year Y follow the month 11 of solar year Y; months 1…10 follow
        // the month 11 of solar year Y − 1.
        let span = yearSpan(startingAt: month11Index(solarYear: month >= 11 ? year : year - 1),
                            solarYear: month >= 11 ? year : year - 1)
        let ordinal = month >= 11 ? month - 11 : month + 1  // months since month 11, ignoring the leap month
        if let leapIndex = span.leapIndex {
            if leap { return span.first + leapIndex }
            return span.first + (ordinal >= leapIndex ? ordinal + 1 : ordinal)
        }
        return span.first + ordinal
    }

    // MARK: - Year spans

    /// The new moons from one month 11 (inclusive) to the next (exclusive).
    struct YearSpan {
        /// The solar year whose December solstice falls in the first month.
        var solarYear: Int
        var first: Int
        var last: Int
        /// Months after month 11 of the leap month, 1…12, when the span has 13 months.
        var leapIndex: Int?

        /// The number, leap flag and lunar year of the month `index` months after month 11.
        func label(ofMonthAt index: Int) -> (month: Int, year: Int, isLeap: Bool) {
            var ordinal = index
            var isLeap = false
            if let leapIndex, index >= leapIndex {
                ordinal -= 1
                isLeap = index == leapIndex
            }
            return ordinal <= 1 ? (ordinal + 11, solarYear, isLeap) : (ordinal - 1, solarYear + 1, isLeap)
        }
    }

    private func yearSpan(containingNewMoon k: Int, solarYear: Int) -> YearSpan {
        let here = month11Index(solarYear: solarYear)
        return k >= here ? yearSpan(startingAt: here, solarYear: solarYear)
                         : yearSpan(startingAt: month11Index(solarYear: solarYear - 1), solarYear: solarYear - 1)
    }

    private func yearSpan(startingAt first: Int, solarYear: Int) -> YearSpan {
        let last = month11Index(solarYear: solarYear + 1)
        var span = YearSpan(solarYear: solarYear, first: first, last: last, leapIndex: nil)
        if last - first == 13 {
            var sector = majorTermSector(atStartOf: newMoonDay(first + 1))
            for index in 1...12 {
                let nextSector = majorTermSector(atStartOf: newMoonDay(first + index + 1))
                if nextSector == sector {
                    span.leapIndex = index
                    break
                }
                sector = nextSector
            }
        }
        return span
    }

    /// The new moon that begins month 11 of the span opening in `solarYear`: the month holding
    /// that year's December solstice.
    func month11Index(solarYear year: Int) -> Int {
        let december31 = VietnameseLunarCalendar.december31(year)
        let k = newMoonIndex(onOrBefore: december31)
        // If the Sun has already reached 270° when this month begins, the solstice fell in the month before.
        return majorTermSector(atStartOf: newMoonDay(k)) >= 9 ? k - 1 : k
    }

    /// The day number of 31 December of any year, also outside `LocalDate`'s 1…9999, so that
    /// conversions near the ends of that range (which look a year ahead and behind) cannot trap.
    private static func december31(_ year: Int) -> Int {
        if (1...9999).contains(year) { return LocalDate(year: year, month: 12, day: 31)!.dayNumber }
        let cycles = year < 1 ? (year - 1) / 400 - 1 : (year - 9999) / 400 + 1  // whole 400-year shifts into range
        return LocalDate(year: year - cycles * 400, month: 12, day: 31)!.dayNumber + cycles * 146_097
    }

    // MARK: - Astronomy in local days

    /// The Julian Day (UT) of local midnight at the start of a day number.
    private func julianDay(atStartOf dayNumber: Int) -> Double {
        LunarAstronomy.unixEpochJD + Double(dayNumber) - Double(utcOffsetSeconds) / 86_400
    }

    /// The local day number on which new moon `k` falls.
    func newMoonDay(_ k: Int) -> Int {
        let local = LunarAstronomy.newMoonJD(k) - LunarAstronomy.unixEpochJD + Double(utcOffsetSeconds) / 86_400
        return Int(local.rounded(.down))
    }

    /// The `k` of the last new moon on or before a local day.
    func newMoonIndex(onOrBefore dayNumber: Int) -> Int {
        var k = LunarAstronomy.approximateNewMoonIndex(atJD: julianDay(atStartOf: dayNumber))
        while newMoonDay(k + 1) <= dayNumber { k += 1 }
        while newMoonDay(k) > dayNumber { k -= 1 }
        return k
    }

    /// The 30° sector (0…11) of the Sun's apparent longitude at local midnight starting a day.
    /// A month holds a major term exactly when the sector at its first day differs from the sector
    /// at the next month's first day.
    func majorTermSector(atStartOf dayNumber: Int) -> Int {
        Int(LunarAstronomy.sunApparentLongitude(jd: julianDay(atStartOf: dayNumber)) / 30)
    }
}
