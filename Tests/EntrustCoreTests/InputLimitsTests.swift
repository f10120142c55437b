import EntrustCore
import Foundation
import Testing

/// Issue 13 §1, §8, §9: every date, month and date-time a person types lies in `LocalDate.inputYears`; arithmetic on
/// the extremes of the type saturates instead of trapping; text follows one rule (`TextRule`).
@Suite struct InputLimitsTests {
    static let outside = ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"]

    @Test func datesOutsideTheInputYearsAreRefusedNamingTheField() throws {
        for text in Self.outside {
            #expect(throws: CoreError.yearOutOfRange(field: "--on", value: text, years: LocalDate.inputYears)) {
                try LocalDate.parse(text, field: "--on")
            }
        }
        #expect(try LocalDate.parse("1900-01-01", field: "x") == LocalDate(year: 1900, month: 1, day: 1))
        #expect(try LocalDate.parse("2200-12-31", field: "x") == LocalDate(year: 2200, month: 12, day: 31))
        // What the database holds is read back whatever its year (a horizon may pass 2200).
        #expect(try LocalDate.parse("2201-06-01", field: "x", years: nil) == LocalDate(year: 2201, month: 6, day: 1))
    }

    @Test func monthsAndDateTimesFollowTheSameYears() throws {
        for text in ["0001-01", "9999-12", "1899-12", "2201-01"] {
            #expect(throws: CoreError.self) { try YearMonth.parse(text, field: "month") }
        }
        #expect(throws: CoreError.self) { try YearMonth.parse("2024-13", field: "month") }
        #expect(try YearMonth.parse("2024-02", field: "month") == YearMonth(year: 2024, month: 2))
        for text in ["9999-06-01T08:00", "0001-01-01T00:00", "2201-01-01T08:00"] {
            #expect(throws: CalendarError.self) { try LocalDateTime.parse(text, field: "start") }
        }
        #expect(try LocalDateTime.parse("9999-06-01T08:00", years: nil).date.year == 9999)
    }

    @Test func arithmeticAtTheTypesLimitsSaturatesInsteadOfTrapping() throws {
        let last = YearMonth(year: 9999, month: 12)!, first = YearMonth(year: 1, month: 1)!
        #expect(last.adding(months: 1) == last)
        #expect(last.adding(months: Int.max) == last)
        #expect(first.adding(months: -1) == first)
        #expect(first.adding(months: Int.min) == first)
        #expect(YearMonth(year: 2024, month: 12)!.adding(months: 1) == YearMonth(year: 2025, month: 1))
        #expect(LocalDate.latest.adding(days: 1) == LocalDate.latest)
        #expect(LocalDate.latest.adding(days: Int.max) == LocalDate.latest)
        #expect(LocalDate.earliest.adding(days: Int.min) == LocalDate.earliest)
        #expect(LocalDate(year: 9999, month: 6, day: 1)!.adding(months: 12) == LocalDate(year: 9999, month: 12, day: 1))
        #expect(LocalDate(year: 2024, month: 1, day: 31)!.adding(months: 1) == LocalDate(year: 2024, month: 2, day: 29))
        #expect(LocalDate.clamped(year: 10_000, month: 1, day: 1) == LocalDate.latest)
        #expect(LocalDate.clamped(year: 0, month: 1, day: 1) == LocalDate.earliest)
        #expect(LocalDate.latest.yearMonth == last)
    }

    @Test func codableDatesFromABodyKeepTheInputYears() throws {
        struct Body: Decodable { var on: LocalDate; var month: YearMonth }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Body.self, from: Data(#"{"on":"9999-12-31","month":"2024-01"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Body.self, from: Data(#"{"on":"2024-01-01","month":"0001-01"}"#.utf8)) }
        let body = try JSONDecoder().decode(Body.self, from: Data(#"{"on":"2024-01-01","month":"2024-01"}"#.utf8))
        #expect(body.on == LocalDate(year: 2024, month: 1, day: 1))
    }

    @Test func textRuleRefusesControlCharactersAndOverlongFields() throws {
        #expect(TextRule.problem("Hộ Nguyễn Văn A", kind: .line) == nil)
        #expect(TextRule.problem("a\u{0}b", kind: .note)?.contains("U+0000") == true)
        #expect(TextRule.problem("a\u{7F}b", kind: .line)?.contains("U+007F") == true)
        #expect(TextRule.problem("a\u{85}b", kind: .note)?.contains("U+0085") == true)
        #expect(TextRule.problem("line one\nline two\tend", kind: .note) == nil)
        #expect(TextRule.problem("line one\nline two", kind: .line)?.contains("U+000A") == true)
        #expect(TextRule.problem(String(repeating: "ệ", count: TextRule.lineLimit), kind: .line) == nil)
        #expect(TextRule.problem(String(repeating: "ệ", count: TextRule.lineLimit + 1), kind: .line)?.contains("at most 200") == true)
        #expect(TextRule.problem(String(repeating: "x", count: TextRule.noteLimit + 1), kind: .note)?.contains("at most 2000") == true)
        #expect(throws: CoreError.self) { try TextRule.check("a\u{0}b", field: "evidence", kind: .note) }
        // The message shows the value without the control character itself.
        let message = CoreError.invalidText(field: "name", value: "a\u{0}b", problem: "x").description
        #expect(!message.contains("\u{0}"))
    }
}
