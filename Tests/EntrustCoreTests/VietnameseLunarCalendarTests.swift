import Testing
@testable import EntrustCore

private func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

@Suite struct VietnameseLunarCalendarTests {
    // MARK: Astronomy against Meeus's worked examples

    @Test func newMoonMatchesMeeusExample49a() {
        // 1977 February new moon: k = -283, JDE 2443192.65118 (18 Feb 1977, 03:37:42 TD).
        #expect(abs(LunarAstronomy.newMoonJDE(-283) - 2_443_192.65118) < 0.0001)
    }

    @Test func sunLongitudeMatchesMeeusExample25() {
        // 1992 October 13.0 TD: apparent longitude 199°54'21.8" (199.90606°) from the full VSOP87 theory.
        #expect(abs(LunarAstronomy.sunApparentLongitude(jde: 2_448_908.5) - 199.90606) < 0.002)
    }

    /// Equinoxes and solstices as published (UTC, to the minute): the solar terms that decide
    /// month 11 and leap months must come out within a few minutes.
    @Test(arguments: [
        (270.0, "2022-12-21T21:48"), (0.0, "2023-03-20T21:24"), (90.0, "2023-06-21T14:57"),
        (180.0, "2023-09-23T06:50"), (270.0, "2023-12-22T03:27"), (0.0, "2024-03-20T03:06"),
        (90.0, "2024-06-20T20:51"), (180.0, "2024-09-22T12:44"), (270.0, "2024-12-21T09:20"),
        (0.0, "2025-03-20T09:01"), (90.0, "2025-06-21T02:42"), (180.0, "2025-09-22T18:19"),
        (270.0, "2025-12-21T15:03"),
    ])
    func solarTermsWithinFiveMinutes(longitude: Double, utc: String) throws {
        let published = LunarAstronomy.unixEpochJD + Double(try LocalDateTime.parse(utc).wallSeconds) / 86_400
        // Bisection on the Sun's longitude relative to the target, within ±2 days.
        var low = published - 2, high = published + 2
        for _ in 0..<50 {
            let middle = (low + high) / 2
            var difference = LunarAstronomy.sunApparentLongitude(jd: middle) - longitude
            if difference > 180 { difference -= 360 }
            if difference < -180 { difference += 360 }
            if difference < 0 { low = middle } else { high = middle }
        }
        #expect(abs(low - published) * 1_440 < 5, "off by \(Int(((low - published) * 1_440).rounded())) minutes")
    }

    @Test func month6Of2006BeganOn25JuneInVietnam() {
        // The new moon fell at 23:05 on 25 June 2006 Vietnam time, 00:05 on the 26th in China.
        let vietnam = VietnameseLunarCalendar.vietnam.months(ofLunarYear: 2006).first { $0.month == 6 }
        let china = VietnameseLunarCalendar(utcOffsetHours: 8).months(ofLunarYear: 2006).first { $0.month == 6 }
        #expect(vietnam?.firstDay == day("2006-06-25"))
        #expect(china?.firstDay == day("2006-06-26"))
    }

    @Test func newMoonsFallOnTheRightLocalDays() {
        let calendar = VietnameseLunarCalendar.vietnam
        // 1968-01-29 16:29 UT is 23:29 in Hanoi but 00:29 the next day at UTC+8.
        let k1968 = calendar.newMoonIndex(onOrBefore: day("1968-01-29").dayNumber)
        #expect(calendar.newMoonDay(k1968) == day("1968-01-29").dayNumber)
        #expect(VietnameseLunarCalendar(utcOffsetHours: 8).newMoonDay(k1968) == day("1968-01-30").dayNumber)
    }

    // MARK: Tết

    @Test(arguments: [
        (1968, "1968-01-29"), (1985, "1985-01-21"), (2007, "2007-02-17"),
        (2023, "2023-01-22"), (2024, "2024-02-10"), (2025, "2025-01-29"), (2026, "2026-02-17"),
        (2027, "2027-02-06"), (2028, "2028-01-26"), (2029, "2029-02-13"), (2030, "2030-02-02"),
    ])
    func tet(year: Int, expected: String) throws {
        #expect(VietnameseLunarCalendar.vietnam.tet(year) == day(expected))
        #expect(try VietnameseLunarCalendar.solar(from: LunarDate(day: 1, month: 1, year: year)) == day(expected))
        #expect(VietnameseLunarCalendar.lunar(from: day(expected)) == LunarDate(day: 1, month: 1, year: year))
    }

    /// The same astronomy at UTC+8 reproduces the Chinese dates where they differ: the time zone,
    /// not a borrowed table, makes the difference.
    @Test(arguments: [(1968, "1968-01-30"), (1985, "1985-02-20"), (2007, "2007-02-18"), (2030, "2030-02-03")])
    func chineseReckoningDiffers(year: Int, expected: String) {
        #expect(VietnameseLunarCalendar(utcOffsetHours: 8).tet(year) == day(expected))
        #expect(VietnameseLunarCalendar.vietnam.tet(year) != day(expected))
    }

    @Test func theDayBeforeTetIsTheLastDayOfMonth12() {
        let eve = VietnameseLunarCalendar.lunar(from: day("2025-01-28"))
        #expect(eve == LunarDate(day: 29, month: 12, year: 2024))
        let eve2024 = VietnameseLunarCalendar.lunar(from: day("2024-02-09"))
        #expect(eve2024 == LunarDate(day: 30, month: 12, year: 2023))
    }

    // MARK: Leap months

    @Test(arguments: [(2014, 9), (2017, 6), (2020, 4), (2023, 2), (2025, 6), (2028, 5)])
    func leapMonth(year: Int, month: Int) {
        #expect(VietnameseLunarCalendar.vietnam.leapMonth(ofLunarYear: year) == month)
        let months = VietnameseLunarCalendar.vietnam.months(ofLunarYear: year)
        #expect(months.count == 13)
        #expect(months.map(\.month) == Array(1...month) + [month] + Array(month + 1...12))
    }

    @Test(arguments: [2021, 2022, 2024, 2026, 2027])
    func commonYearsHaveNoLeapMonth(year: Int) {
        #expect(VietnameseLunarCalendar.vietnam.leapMonth(ofLunarYear: year) == nil)
        #expect(VietnameseLunarCalendar.vietnam.months(ofLunarYear: year).count == 12)
    }

    @Test func leapMonth2023Dates() throws {
        // The new moon of 21 March 2023 at 17:23 UT fell at 00:23 on the 22nd in Vietnam.
        #expect(VietnameseLunarCalendar.lunar(from: day("2023-03-22")) == LunarDate(day: 1, month: 2, year: 2023, isLeapMonth: true))
        #expect(VietnameseLunarCalendar.lunar(from: day("2023-03-21")) == LunarDate(day: 30, month: 2, year: 2023))
        #expect(try VietnameseLunarCalendar.solar(from: LunarDate(day: 1, month: 2, year: 2023, isLeapMonth: true)) == day("2023-03-22"))
        #expect(try VietnameseLunarCalendar.solar(from: LunarDate(day: 1, month: 2, year: 2023)) == day("2023-02-20"))
        #expect(try VietnameseLunarCalendar.solar(from: LunarDate(day: 1, month: 3, year: 2023)) == day("2023-04-20"))
    }

    // MARK: Festivals and holidays

    @Test(arguments: [
        (LunarDate(day: 10, month: 3, year: 2024), "2024-04-18"),  // Hùng Kings' day
        (LunarDate(day: 10, month: 3, year: 2025), "2025-04-07"),
        (LunarDate(day: 15, month: 8, year: 2024), "2024-09-17"),  // Mid-autumn
        (LunarDate(day: 15, month: 8, year: 2025), "2025-10-06"),
    ])
    func knownFestivals(lunar: LunarDate, solar: String) throws {
        #expect(try VietnameseLunarCalendar.solar(from: lunar) == day(solar))
        #expect(VietnameseLunarCalendar.lunar(from: day(solar)) == lunar)
    }

    // MARK: Dates that do not exist

    @Test func nonexistentLunarDatesAreRefused() {
        #expect(throws: CalendarError.nonexistentLunarDate(day: 1, month: 3, year: 2023, isLeapMonth: true,
                                                             reason: "the leap month of 2023 is month 2")) {
            try VietnameseLunarCalendar.solar(from: LunarDate(day: 1, month: 3, year: 2023, isLeapMonth: true))
        }
        #expect(throws: CalendarError.nonexistentLunarDate(day: 1, month: 1, year: 2024, isLeapMonth: true,
                                                             reason: "lunar year 2024 has no leap month")) {
            try VietnameseLunarCalendar.solar(from: LunarDate(day: 1, month: 1, year: 2024, isLeapMonth: true))
        }
        // Month 12 of Giáp Thìn ran from 31 Dec 2024 to 28 Jan 2025: 29 days.
        #expect(throws: CalendarError.nonexistentLunarDate(day: 30, month: 12, year: 2024, isLeapMonth: false,
                                                             reason: "that month has only 29 days")) {
            try VietnameseLunarCalendar.solar(from: LunarDate(day: 30, month: 12, year: 2024))
        }
        #expect(throws: CalendarError.self) { try VietnameseLunarCalendar.solar(from: LunarDate(day: 31, month: 1, year: 2024)) }
        #expect(throws: CalendarError.self) { try VietnameseLunarCalendar.solar(from: LunarDate(day: 1, month: 13, year: 2024)) }
        #expect(throws: CalendarError.self) { try VietnameseLunarCalendar.solar(from: LunarDate(day: 0, month: 1, year: 2024)) }
    }

    // MARK: Every day, 1900–2100

    /// Walks every lunar month of 1900…2100, checks the calendar's shape, and converts every day
    /// both ways.
    @Test func roundTripsEveryDayFrom1900To2100() throws {
        let calendar = VietnameseLunarCalendar.vietnam
        var expectedFirstDay = calendar.tet(1900)
        var checkedDays = 0
        for year in 1900...2100 {
            let months = calendar.months(ofLunarYear: year)
            #expect(months.count == 12 || months.count == 13, "lunar year \(year)")
            #expect(months.filter(\.isLeapMonth).count == (months.count == 13 ? 1 : 0), "lunar year \(year)")
            #expect(months.filter { !$0.isLeapMonth }.map(\.month) == Array(1...12), "lunar year \(year)")
            let tet = months[0].firstDay
            #expect(tet >= LocalDate(year: year, month: 1, day: 21)! && tet <= LocalDate(year: year, month: 2, day: 20)!,
                    "Tết \(year) on \(tet)")
            for month in months {
                #expect(month.firstDay == expectedFirstDay, "\(month)")
                #expect(month.length == 29 || month.length == 30, "\(month)")
                expectedFirstDay = month.firstDay.adding(days: month.length)
                for lunarDay in 1...month.length {
                    let solar = month.firstDay.adding(days: lunarDay - 1)
                    let lunar = LunarDate(day: lunarDay, month: month.month, year: year, isLeapMonth: month.isLeapMonth)
                    let back = calendar.lunar(from: solar)
                    if back != lunar { Issue.record("\(solar) gave \(back), expected \(lunar)") }
                    checkedDays += 1
                }
            }
        }
        #expect(checkedDays > 73_000)
        // A sample of the other direction, which goes through the leap-month checks.
        for dayNumber in stride(from: day("1900-03-01").dayNumber, through: day("2100-12-01").dayNumber, by: 97) {
            let date = LocalDate(dayNumber: dayNumber)
            #expect(try calendar.solar(from: calendar.lunar(from: date)) == date)
        }
    }

    // MARK: Can-chi

    @Test(arguments: [
        (2024, "Giáp Thìn", "Wood Dragon"), (2030, "Canh Tuất", "Metal Dog"), (2023, "Quý Mão", "Water Cat"),
        (1985, "Ất Sửu", "Wood Buffalo"), (2025, "Ất Tỵ", "Wood Snake"), (2026, "Bính Ngọ", "Fire Horse"),
        (1984, "Giáp Tý", "Wood Rat"), (1968, "Mậu Thân", "Earth Monkey"),
    ])
    func canChi(year: Int, vietnamese: String, english: String) {
        let name = CanChi(lunarYear: year)
        #expect(name.vietnamese == vietnamese)
        #expect(name.english == english)
        #expect(name.name == LocalizedText(vi: vietnamese, en: english))
    }

    @Test func lunarDateNamesItsYear() {
        // 2025-01-28 is still lunar 2024: Giáp Thìn, not Ất Tỵ.
        #expect(VietnameseLunarCalendar.lunar(from: day("2025-01-28")).yearName.vietnamese == "Giáp Thìn")
        #expect(VietnameseLunarCalendar.lunar(from: day("2025-01-29")).yearName.vietnamese == "Ất Tỵ")
    }
}
