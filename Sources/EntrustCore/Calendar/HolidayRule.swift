/// How one public holiday is computed each year: a fixed solar day or a lunar day, with a span of
/// extra days before and after it, and the days the government actually announced for some years.
///
/// Vietnam's Tết, for example, is lunar 1/1 with one day before (the last day of the old year) and
/// three after; each year's announced days off (often nine, with weekends) go in `overrides`.
public struct HolidayRule: Hashable, Sendable {
    /// The day a holiday is reckoned from.
    public enum Anchor: Hashable, Sendable {
        /// A day of the Gregorian calendar, e.g. 2 September. 29 February is skipped in common years.
        case solar(month: Int, day: Int)
        /// A day of the Vietnamese lunar calendar (regular month), e.g. 10/3. Skipped in a year
        /// where it does not exist (day 30 of a 29-day month).
        case lunar(month: Int, day: Int)
    }

    /// A stable, readable code: `new-year`, `tet`, `hung-kings`.
    public let code: String
    public let name: LocalizedText
    public let anchor: Anchor
    /// Extra days off before the anchor day.
    public let daysBefore: Int
    /// Extra days off after the anchor day.
    public let daysAfter: Int
    /// Days off announced for particular years, replacing the computed days for that year. The key
    /// is the holiday's year: the solar year for a solar anchor, the lunar year for a lunar one
    /// (Tết 2025 is lunar year 2025, which began on 29 January 2025). An empty list means no days off.
    public let overrides: [Int: [LocalDate]]

    /// - Throws: `CalendarError.invalidHolidayRule` naming the field: an empty code, a day that no
    ///   year has, a negative or over-long span.
    public init(code: String, name: LocalizedText, anchor: Anchor, daysBefore: Int = 0, daysAfter: Int = 0,
                overrides: [Int: [LocalDate]] = [:]) throws {
        func fail(_ field: String, _ value: String, _ expected: String) -> CalendarError {
            .invalidHolidayRule(code: code.isEmpty ? "(no code)" : code, field: field, value: value, expected: expected)
        }
        guard !code.isEmpty, !code.contains(where: \.isWhitespace) else {
            throw fail("code", code, "a non-empty code without spaces, such as national-day")
        }
        switch anchor {
        case let .solar(month, day):
            guard (1...12).contains(month) else { throw fail("month", String(month), "1 to 12") }
            // 2024 is a leap year, so this admits 29 February and refuses 30 February.
            guard day >= 1, day <= LocalDate.daysIn(year: 2024, month: month) else {
                throw fail("day", String(day), "a day that exists in month \(month)")
            }
        case let .lunar(month, day):
            guard (1...12).contains(month) else { throw fail("lunar month", String(month), "1 to 12") }
            guard (1...30).contains(day) else { throw fail("lunar day", String(day), "1 to 30") }
        }
        // A holiday longer than a few weeks is a typing mistake, not a policy.
        guard (0...15).contains(daysBefore) else { throw fail("days-before", String(daysBefore), "0 to 15") }
        guard (0...15).contains(daysAfter) else { throw fail("days-after", String(daysAfter), "0 to 15") }
        self.code = code
        self.name = name
        self.anchor = anchor
        self.daysBefore = daysBefore
        self.daysAfter = daysAfter
        self.overrides = overrides
    }

    /// The holiday's days in its year `year`: the announced days when `overrides` has that year,
    /// otherwise the computed span. Empty when the anchor day does not exist that year.
    public func days(in year: Int, lunarCalendar: VietnameseLunarCalendar = .vietnam) -> [LocalDate] {
        if let announced = overrides[year] { return announced.sorted() }
        return computedDays(in: year, lunarCalendar: lunarCalendar)
    }

    /// The span around the anchor day, ignoring overrides.
    public func computedDays(in year: Int, lunarCalendar: VietnameseLunarCalendar = .vietnam) -> [LocalDate] {
        guard let anchorDay = anchorDate(in: year, lunarCalendar: lunarCalendar) else { return [] }
        return (-daysBefore...daysAfter).map { anchorDay.adding(days: $0) }
    }

    /// The anchor day in the holiday's year `year`, or nil when it does not exist.
    public func anchorDate(in year: Int, lunarCalendar: VietnameseLunarCalendar = .vietnam) -> LocalDate? {
        switch anchor {
        case let .solar(month, day):
            return LocalDate(year: year, month: month, day: day)
        case let .lunar(month, day):
            return try? lunarCalendar.solar(from: LunarDate(day: day, month: month, year: year))
        }
    }
}
