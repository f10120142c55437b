/// A country's public holidays: the rules, and whether a holiday that falls on a weekend gives a
/// day off in lieu on the next working day (Vietnam's Labour Code 2019, article 111: *nghỉ bù*).
///
/// Saturdays and Sundays are weekends. Loading from `contracts/calendars/*.yaml` happens outside
/// Core; this is the pure model.
public struct HolidayCalendar: Hashable, Sendable {
    public let rules: [HolidayRule]
    /// Whether each computed holiday day on a Saturday or Sunday adds a day in lieu on the next day
    /// that is neither a weekend nor a holiday. Announced (overridden) years get none: the
    /// announcement already says which days are off.
    public let compensatesWeekendHolidays: Bool
    public let lunarCalendar: VietnameseLunarCalendar

    /// - Throws: `CalendarError.invalidHolidayRule` when two rules share a code.
    public init(rules: [HolidayRule], compensatesWeekendHolidays: Bool = false,
                lunarCalendar: VietnameseLunarCalendar = .vietnam) throws {
        var seen = Set<String>()
        for rule in rules where !seen.insert(rule.code).inserted {
            throw CalendarError.invalidHolidayRule(code: rule.code, field: "code", value: rule.code,
                                                   expected: "a code used by one holiday only")
        }
        self.rules = rules
        self.compensatesWeekendHolidays = compensatesWeekendHolidays
        self.lunarCalendar = lunarCalendar
    }

    /// The holidays that fall in a solar year, by date (then code). A span that straddles New Year
    /// contributes its days to each year they fall in.
    public func holidays(year: Int) -> [Holiday] {
        var all: [Holiday] = []
        var computedWeekendDays: [(date: LocalDate, rule: HolidayRule)] = []
        // Lunar holidays of lunar year Y can spill into January of Y + 1, and spans and days in lieu
        // can cross New Year, so neighbouring years are computed too and then filtered.
        for holidayYear in (year - 1)...(year + 1) {
            for rule in rules {
                for date in rule.days(in: holidayYear, lunarCalendar: lunarCalendar) {
                    all.append(Holiday(date: date, code: rule.code, name: rule.name))
                    if rule.overrides[holidayYear] == nil, Weekday(of: date).isWeekend {
                        computedWeekendDays.append((date, rule))
                    }
                }
            }
        }
        if compensatesWeekendHolidays {
            var taken = Set(all.map(\.date))
            for (date, rule) in computedWeekendDays.sorted(by: { ($0.date, $0.rule.code) < ($1.date, $1.rule.code) }) {
                var candidate = date.adding(days: 1)
                while Weekday(of: candidate).isWeekend || taken.contains(candidate) {
                    candidate = candidate.adding(days: 1)
                }
                taken.insert(candidate)
                all.append(Holiday(date: candidate, code: rule.code, name: LocalizedText(
                    vi: rule.name.vi + " (nghỉ bù)", en: rule.name.en + " (day off in lieu)"), isDayInLieu: true))
            }
        }
        return Array(Set(all.filter { $0.date.year == year }))
            .sorted { ($0.date, $0.code, $0.isDayInLieu ? 1 : 0) < ($1.date, $1.code, $1.isDayInLieu ? 1 : 0) }
    }

    /// The holidays on one day (usually none or one).
    public func holidays(on date: LocalDate) -> [Holiday] {
        holidays(year: date.year).filter { $0.date == date }
    }

    /// Whether the day is a public holiday (including a day in lieu). Weekends are not holidays.
    public func isHoliday(_ date: LocalDate) -> Bool {
        !holidays(on: date).isEmpty
    }

    /// Whether the bank works that day: not a Saturday or Sunday, and not a holiday.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        !Weekday(of: date).isWeekend && !isHoliday(date)
    }
}
