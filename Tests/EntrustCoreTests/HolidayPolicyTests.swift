import Testing
@testable import EntrustCore

private func at(_ text: String) -> LocalDateTime { try! LocalDateTime.parse(text) }
private func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }
private func vietnamHolidays() throws -> HolidayCalendar { try CalendarTestFixtures.vietnamHolidays() }

@Suite struct HolidayPolicyTests {
    @Test func rawValuesAreTheConfigurationSpelling() {
        #expect(HolidayPolicy.allCases.map(\.rawValue) == ["keep", "next-working-day", "previous-working-day", "skip"])
        #expect(HolidayPolicy(rawValue: "next-working-day") == .nextWorkingDay)
    }

    /// 2 September 2025 is a Tuesday and National Day; 30 Aug – 2 Sep were announced as days off.
    @Test func nationalDay2025() throws {
        let calendar = try vietnamHolidays()
        let meeting = at("2025-09-02T08:30")

        let kept = try HolidayPolicy.keep.apply(to: [meeting], calendar: calendar)[0]
        #expect(kept.outcome == .kept)
        #expect(kept.result == meeting)
        #expect(kept.reasons.map(\.description) == ["National Day"])

        let next = try HolidayPolicy.nextWorkingDay.apply(to: [meeting], calendar: calendar)[0]
        #expect(next.outcome == .moved(to: at("2025-09-03T08:30")))
        #expect(next.isChanged)

        // Back over Monday 1 Sep (holiday) and the weekend 30–31 Aug (announced days off) to Friday.
        let previous = try HolidayPolicy.previousWorkingDay.apply(to: [meeting], calendar: calendar)[0]
        #expect(previous.outcome == .moved(to: at("2025-08-29T08:30")))

        let skipped = try HolidayPolicy.skip.apply(to: [meeting], calendar: calendar)[0]
        #expect(skipped.outcome == .skipped)
        #expect(skipped.result == nil)
    }

    /// 2 September 2023 was a Saturday: National Day on a weekend, computed with a day in lieu on
    /// Monday 4 September (1 Sep is the adjacent day off).
    @Test func nationalDayOnASaturday() throws {
        let calendar = try vietnamHolidays()
        let meeting = at("2023-09-02T14:00")
        let next = try HolidayPolicy.nextWorkingDay.apply(to: [meeting], calendar: calendar)[0]
        #expect(next.outcome == .moved(to: at("2023-09-05T14:00")))
        #expect(next.reasons.map(\.description) == ["Saturday", "National Day"])
        let previous = try HolidayPolicy.previousWorkingDay.apply(to: [meeting], calendar: calendar)[0]
        #expect(previous.outcome == .moved(to: at("2023-08-31T14:00")))
    }

    @Test func tet2026MovesToTheMondayAfter() throws {
        // Computed Tết 2026: Mon 16 – Fri 20 February; then a weekend.
        let adjusted = try HolidayPolicy.nextWorkingDay.apply(to: [at("2026-02-17T08:00")], calendar: vietnamHolidays())
        #expect(adjusted[0].result == at("2026-02-23T08:00"))
    }

    @Test func workingDaysAreUnchangedAndOrderIsKept() throws {
        let occurrences = [at("2025-09-04T08:00"), at("2025-09-06T08:00"), at("2025-09-08T08:00")]
        let adjusted = try HolidayPolicy.nextWorkingDay.apply(to: occurrences, calendar: vietnamHolidays())
        #expect(adjusted.map(\.outcome) == [.unchanged, .moved(to: at("2025-09-08T08:00")), .unchanged])
        #expect(adjusted[0].reasons.isEmpty)
        #expect(adjusted[1].reasons == [.weekend(.saturday)])
        // Moving can land on another occurrence's day; both are reported, the caller decides.
        #expect(adjusted.compactMap(\.result).map(\.date.iso) == ["2025-09-04", "2025-09-08", "2025-09-08"])
    }

    @Test func withASetOfDatesWeekendsStillCount() throws {
        let adjusted = try HolidayPolicy.nextWorkingDay.apply(to: [at("2024-05-31T08:00")], nonWorkingDays: [day("2024-05-31")])
        #expect(adjusted[0].outcome == .moved(to: at("2024-06-03T08:00")))
        #expect(adjusted[0].reasons == [.nonWorkingDay])
        let weekend = try HolidayPolicy.skip.apply(to: [at("2024-06-01T08:00")], nonWorkingDays: [])
        #expect(weekend[0].outcome == .skipped)
    }

    @Test func withAPredicateOnlyThePredicateCounts() throws {
        let onlyThe15th: (LocalDate) -> Bool = { $0.day == 15 }
        let adjusted = try HolidayPolicy.previousWorkingDay.apply(to: [at("2024-06-15T08:00"), at("2024-06-16T08:00")], isNonWorking: onlyThe15th)
        #expect(adjusted.map(\.outcome) == [.moved(to: at("2024-06-14T08:00")), .unchanged])
    }

    @Test func noWorkingDayInReachIsAnError() {
        #expect(throws: CalendarError.noWorkingDay(near: day("2024-06-15"), searchedDays: 31)) {
            try HolidayPolicy.nextWorkingDay.apply(to: [at("2024-06-15T08:00")], isNonWorking: { _ in true })
        }
    }

    @Test func recurrenceThenPolicyForAHolidaysPreview() throws {
        // Monthly meeting on the 2nd at 08:00, September to November 2025.
        let occurrences = try RecurrenceRule.parse("FREQ=MONTHLY;BYMONTHDAY=2;COUNT=3").expand(start: at("2025-09-02T08:00"), limit: 10)
        let preview = try HolidayPolicy.nextWorkingDay.apply(to: occurrences, calendar: vietnamHolidays())
        #expect(preview.map { "\($0.original.date) -> \($0.result!.date)" }
                == ["2025-09-02 -> 2025-09-03", "2025-10-02 -> 2025-10-02", "2025-11-02 -> 2025-11-03"])
    }
}
