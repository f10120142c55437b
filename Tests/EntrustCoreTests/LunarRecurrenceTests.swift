import Testing
@testable import EntrustCore

private func at(_ text: String) -> LocalDateTime { try! LocalDateTime.parse(text) }
private func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

@Suite struct LunarRecurrenceTests {
    @Test func fifteenthOfEveryLunarMonth() throws {
        // Lunar months began 11 Jan, 10 Feb (Tết), 10 Mar and 9 Apr 2024.
        let series = try LunarRecurrence(.monthly(day: 15))
        let occurrences = try series.expand(start: at("2024-01-01T07:00"), count: 4, limit: 10)
        #expect(occurrences == [at("2024-01-25T07:00"), at("2024-02-24T07:00"), at("2024-03-24T07:00"), at("2024-04-23T07:00")])
    }

    @Test func leapMonthsCanBeLeftOut() throws {
        // 2023's leap month 2 ran from 22 March to 19 April; its 15th was 5 April.
        let window = day("2023-03-01")...day("2023-05-31")
        let with = try LunarRecurrence(.monthly(day: 15)).expand(start: at("2023-01-01T07:00"), window: window, limit: 10)
        let without = try LunarRecurrence(.monthly(day: 15), includesLeapMonths: false)
            .expand(start: at("2023-01-01T07:00"), window: window, limit: 10)
        #expect(with.map(\.date.iso) == ["2023-03-06", "2023-04-05", "2023-05-04"])
        #expect(without.map(\.date.iso) == ["2023-03-06", "2023-05-04"])
    }

    @Test func day30IsSkippedInShortMonths() throws {
        // Month 11 of 2024 had 30 days (1–30 Dec), month 12 had 29 (31 Dec – 28 Jan), month 1 of 2025 had 30.
        let occurrences = try LunarRecurrence(.monthly(day: 30))
            .expand(start: at("2024-12-01T08:00"), window: day("2024-12-01")...day("2025-02-28"), limit: 10)
        #expect(occurrences.map(\.date.iso) == ["2024-12-30", "2025-02-27"])
    }

    @Test func hungKingsDayEveryYear() throws {
        let series = try LunarRecurrence(.yearly(month: 3, day: 10))
        #expect(try series.expand(start: at("2024-01-01T08:00"), count: 4, limit: 10).map(\.date.iso)
                == ["2024-04-18", "2025-04-07", "2026-04-26", "2027-04-16"])
        // The start only opens the series: after 18 April 2024 the next one is 2025's.
        #expect(try series.expand(start: at("2024-04-19T08:00"), count: 1, limit: 10).map(\.date.iso) == ["2025-04-07"])
    }

    @Test func exclusionsAndLimits() throws {
        let series = try LunarRecurrence(.monthly(day: 1))
        let occurrences = try series.expand(start: at("2024-01-01T08:00"), count: 3, excluding: [.date(day("2024-02-10"))], limit: 10)
        #expect(occurrences.map(\.date.iso) == ["2024-01-11", "2024-03-10"])
        #expect(throws: CalendarError.ruleNeedsEnd(rule: "lunar day 1 of every month")) {
            try series.expand(start: at("2024-01-01T08:00"), limit: 10)
        }
    }

    @Test func refusesDaysThatNoMonthHas() {
        #expect(throws: CalendarError.invalidRuleValue(part: "lunar day", value: "31", expected: "1 to 30")) {
            try LunarRecurrence(.monthly(day: 31))
        }
        #expect(throws: CalendarError.invalidRuleValue(part: "lunar month", value: "13", expected: "1 to 12")) {
            try LunarRecurrence(.yearly(month: 13, day: 1))
        }
    }
}
