import EntrustConfig
import EntrustCore
import Foundation
import Testing

@Suite struct HolidayCalendarLoaderTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contracts/calendars/vn-holidays.yaml")

    @Test func theShippedCalendarLoads() throws {
        let loaded = try HolidayCalendarLoader.load(file: Self.shipped)
        #expect(loaded.code == "vn")
        let calendar = loaded.calendar
        #expect(calendar.compensatesWeekendHolidays)
        // Tết is computed from the Vietnamese lunar calendar: 2026 has no override, lunar 1/1 is 17 February.
        #expect(calendar.holidays(year: 2026).filter { $0.code == "tet" }.map(\.date.iso) == ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"])
        // 2025 uses the announced nine days.
        #expect(calendar.holidays(year: 2025).filter { $0.code == "tet" }.count == 9)
        // Hùng Kings' day is lunar 10/3: 18 April 2024.
        #expect(calendar.holidays(year: 2024).contains { $0.code == "hung-kings" && $0.date.iso == "2024-04-18" })
        #expect(loaded.sources["tet 2025"]?.contains("Ất Tỵ") == true)
    }

    @Test func mistakesAreReportedWithLineAndField() {
        let yaml = """
            code: vn
            name: {vi: "Lễ", en: "Holidays"}
            holidays:
              - code: tet
                name: {vi: "Tết", en: "Tet"}
                lunar: {month: 13, day: 1}
              - code: x
                name: {vi: "X", en: "X"}
                solar: {month: 2, day: 30}
                dayz_after: 1
              - code: both
                name: {vi: "B", en: "B"}
                solar: {month: 1, day: 1}
                lunar: {month: 1, day: 1}
            overrides:
              - {holiday: nope, year: 2024, days: ["2024-02-30"]}
            """
        do {
            _ = try HolidayCalendarLoader.parse(yaml: yaml, file: "bad.yaml")
            Issue.record("expected issues")
        } catch {
            let text = error.description
            #expect(text.contains("bad.yaml:6:"), "\(text)")
            #expect(text.contains("holidays[0].lunar.month"), "\(text)")
            #expect(text.contains("bad.yaml:9:"), "\(text)")
            #expect(text.contains("unknown key 'dayz_after'"), "\(text)")
            #expect(text.contains("exactly one of solar or lunar"), "\(text)")
            #expect(text.contains("'2024-02-30' is not a valid date"), "\(text)")
            #expect(text.contains("unknown holiday 'nope'"), "\(text)")
        }
    }
}
