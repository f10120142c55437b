import Testing
@testable import EntrustCore

private func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }
private func days(_ from: String, _ through: String) -> [LocalDate] {
    (day(from).dayNumber...day(through).dayNumber).map(LocalDate.init(dayNumber:))
}

/// Vietnam's holidays as `contracts/calendars/vn-holidays.yaml` describes them, built by hand.
enum CalendarTestFixtures {
    static func vietnamHolidays(overrides: Bool = true, compensates: Bool = true) throws -> HolidayCalendar {
        try HolidayCalendar(rules: [
            HolidayRule(code: "new-year", name: LocalizedText(vi: "Tết Dương lịch", en: "New Year's Day"), anchor: .solar(month: 1, day: 1)),
            HolidayRule(code: "tet", name: LocalizedText(vi: "Tết Nguyên đán", en: "Lunar New Year (Tết)"),
                        anchor: .lunar(month: 1, day: 1), daysBefore: 1, daysAfter: 3,
                        overrides: overrides ? [2024: days("2024-02-08", "2024-02-14"), 2025: days("2025-01-25", "2025-02-02")] : [:]),
            HolidayRule(code: "hung-kings", name: LocalizedText(vi: "Giỗ Tổ Hùng Vương", en: "Hùng Kings' Commemoration Day"),
                        anchor: .lunar(month: 3, day: 10)),
            HolidayRule(code: "reunification", name: LocalizedText(vi: "Ngày Chiến thắng", en: "Reunification Day"),
                        anchor: .solar(month: 4, day: 30)),
            HolidayRule(code: "labour-day", name: LocalizedText(vi: "Ngày Quốc tế Lao động", en: "International Labour Day"),
                        anchor: .solar(month: 5, day: 1)),
            HolidayRule(code: "national-day", name: LocalizedText(vi: "Quốc khánh", en: "National Day"),
                        anchor: .solar(month: 9, day: 2), daysBefore: 1,
                        overrides: overrides ? [2024: days("2024-08-31", "2024-09-03"), 2025: days("2025-08-30", "2025-09-02")] : [:]),
        ], compensatesWeekendHolidays: compensates)
    }
}

private func vietnamHolidays(overrides: Bool = true, compensates: Bool = true) throws -> HolidayCalendar {
    try CalendarTestFixtures.vietnamHolidays(overrides: overrides, compensates: compensates)
}

@Suite struct HolidayCalendarTests {
    @Test func computedHolidaysOf2026() throws {
        let holidays = try vietnamHolidays().holidays(year: 2026)
        // Tết Bính Ngọ is 17 Feb 2026: one day before, three after. 2 Sep 2026 is a Wednesday.
        let expected: [(String, String)] = [
            ("2026-01-01", "new-year"),
            ("2026-02-16", "tet"), ("2026-02-17", "tet"), ("2026-02-18", "tet"), ("2026-02-19", "tet"), ("2026-02-20", "tet"),
            ("2026-04-26", "hung-kings"),  // a Sunday: day in lieu on Monday 27 April
            ("2026-04-27", "hung-kings"),
            ("2026-04-30", "reunification"), ("2026-05-01", "labour-day"),
            ("2026-09-01", "national-day"), ("2026-09-02", "national-day"),
        ]
        #expect(holidays.map { ($0.date.iso, $0.code) }.elementsEqual(expected, by: ==))
        #expect(holidays.filter(\.isDayInLieu).map(\.date.iso) == ["2026-04-27"])
        #expect(holidays.first { $0.isDayInLieu }?.name == LocalizedText(vi: "Giỗ Tổ Hùng Vương (nghỉ bù)", en: "Hùng Kings' Commemoration Day (day off in lieu)"))
    }

    @Test func announcedDaysReplaceTheComputedOnes() throws {
        let announced = try vietnamHolidays().holidays(year: 2025).filter { $0.code == "tet" }.map(\.date)
        #expect(announced == days("2025-01-25", "2025-02-02"))
        let computed = try vietnamHolidays(overrides: false).holidays(year: 2025).filter { $0.code == "tet" }
        // Tết Ất Tỵ: 29 January 2025; its last computed day, 1 February, is a Saturday: in lieu on Monday 3rd.
        #expect(computed.filter { !$0.isDayInLieu }.map(\.date) == days("2025-01-28", "2025-02-01"))
        #expect(computed.filter(\.isDayInLieu).map(\.date) == [day("2025-02-03")])
        // Announced years get no day in lieu even with weekends inside.
        #expect(try vietnamHolidays().holidays(year: 2025).filter { $0.isDayInLieu && $0.code == "tet" }.isEmpty)
    }

    /// 2023: Hùng Kings' day (29 Apr) was a Saturday and 30 April a Sunday; 1 May is a holiday, so the
    /// days in lieu are 2 and 3 May. The government's announcement was the same: 29 April – 3 May.
    @Test func daysInLieuSkipWeekendsAndOtherHolidays() throws {
        let calendar = try vietnamHolidays()
        let spring = calendar.holidays(year: 2023).filter { $0.date >= day("2023-04-29") && $0.date <= day("2023-05-03") }
        #expect(spring.map(\.date) == days("2023-04-29", "2023-05-03"))
        #expect(spring.filter(\.isDayInLieu).map { "\($0.date) \($0.code)" } == ["2023-05-02 hung-kings", "2023-05-03 reunification"])
        // Without compensation only the holidays themselves.
        let plain = try vietnamHolidays(compensates: false).holidays(year: 2023).filter { $0.date.month == 4 || $0.date.month == 5 }
        #expect(plain.map(\.date.iso) == ["2023-04-29", "2023-04-30", "2023-05-01"])
    }

    @Test func isHolidayAndIsWorkingDay() throws {
        let calendar = try vietnamHolidays()
        #expect(calendar.isHoliday(day("2025-09-02")))
        #expect(calendar.isHoliday(day("2025-08-30")))  // announced, a Saturday
        #expect(!calendar.isHoliday(day("2025-09-03")))
        #expect(calendar.isWorkingDay(day("2025-09-03")))
        #expect(!calendar.isWorkingDay(day("2025-09-06")))  // Saturday
        #expect(!calendar.isHoliday(day("2025-09-06")))  // weekends are not holidays
        #expect(calendar.holidays(on: day("2024-04-18")).map(\.code) == ["hung-kings"])
    }

    @Test func spansCrossingNewYearLandInBothYears() throws {
        let calendar = try HolidayCalendar(rules: [
            HolidayRule(code: "year-end", name: LocalizedText(vi: "Cuối năm", en: "Year end"), anchor: .solar(month: 12, day: 31), daysAfter: 1),
        ])
        #expect(calendar.holidays(year: 2024).map(\.date.iso) == ["2024-01-01", "2024-12-31"])
        #expect(calendar.isHoliday(day("2025-01-01")))
    }

    @Test func february29AnchorIsSkippedInCommonYears() throws {
        let calendar = try HolidayCalendar(rules: [
            HolidayRule(code: "leap", name: LocalizedText(vi: "Nhuận", en: "Leap"), anchor: .solar(month: 2, day: 29)),
        ])
        #expect(calendar.holidays(year: 2024).map(\.date.iso) == ["2024-02-29"])
        #expect(calendar.holidays(year: 2025).isEmpty)
    }

    @Test func badRulesAreRefusedNamingTheField() {
        let name = LocalizedText(vi: "x", en: "x")
        #expect(throws: CalendarError.invalidHolidayRule(code: "x", field: "day", value: "30", expected: "a day that exists in month 2")) {
            try HolidayRule(code: "x", name: name, anchor: .solar(month: 2, day: 30))
        }
        #expect(throws: CalendarError.invalidHolidayRule(code: "x", field: "lunar day", value: "31", expected: "1 to 30")) {
            try HolidayRule(code: "x", name: name, anchor: .lunar(month: 1, day: 31))
        }
        #expect(throws: CalendarError.invalidHolidayRule(code: "x", field: "days-after", value: "40", expected: "0 to 15")) {
            try HolidayRule(code: "x", name: name, anchor: .lunar(month: 1, day: 1), daysAfter: 40)
        }
        #expect(throws: CalendarError.invalidHolidayRule(code: "(no code)", field: "code", value: "",
                                                         expected: "a non-empty code without spaces, such as national-day")) {
            try HolidayRule(code: "", name: name, anchor: .solar(month: 1, day: 1))
        }
        #expect(throws: CalendarError.invalidHolidayRule(code: "a", field: "code", value: "a", expected: "a code used by one holiday only")) {
            let rule = try HolidayRule(code: "a", name: name, anchor: .solar(month: 1, day: 1))
            _ = try HolidayCalendar(rules: [rule, rule])
        }
    }
}
