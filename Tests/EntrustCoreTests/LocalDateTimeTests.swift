import Foundation
import Testing
@testable import EntrustCore

@Suite struct LocalDateTimeTests {
    @Test func parsesBothFormsAndPrintsISO() throws {
        let minute = try LocalDateTime.parse("2024-01-26T08:00")
        #expect(minute.date == LocalDate(year: 2024, month: 1, day: 26))
        #expect((minute.hour, minute.minute, minute.second) == (8, 0, 0))
        #expect(minute.iso == "2024-01-26T08:00")
        #expect(minute.basic == "20240126T080000")

        let second = try LocalDateTime.parse("2024-01-26T23:59:30")
        #expect(second.iso == "2024-01-26T23:59:30")
        #expect(try LocalDateTime.parse(second.iso) == second)
    }

    @Test(arguments: [
        ("08:00", "the date is missing"),
        ("25:00", "the date is missing"),
        ("T08:00", "the date is missing"),
        ("2024-01-26", "the time is missing"),
        ("2024-01-26T", "the time is missing"),
        ("2024-01-26 08:00", "expected a date and a time joined by 'T'"),
        ("2024-01-26T25:00", "hour 25 is out of range 00-23"),
        ("2024-01-26T08:60", "minute 60 is out of range 00-59"),
        ("2024-01-26T08:00:60", "second 60 is out of range 00-59"),
        ("2024-02-30T08:00", "2024-02-30 is not a day that exists"),
        ("2023-02-29T08:00", "2023-02-29 is not a day that exists"),
        ("2024-1-26T08:00", "the date '2024-1-26' is not YYYY-MM-DD"),
        ("2024-01-26T8:00", "the time '8:00' is not HH:MM or HH:MM:SS"),
        ("2024-01-26T08", "the time '08' is not HH:MM or HH:MM:SS"),
        ("2024-01-26T08:00Z", "a zone or offset ('Z') is not allowed: times are local to Asia/Ho_Chi_Minh"),
        ("2024-01-26T08:00+07:00", "a zone or offset ('+07:00') is not allowed: times are local to Asia/Ho_Chi_Minh"),
        ("", "it is empty"),
    ])
    func refusesWithTheProblemNamed(text: String, problem: String) {
        #expect(throws: CalendarError.invalidDateTime(field: "start", value: text, problem: problem)) {
            try LocalDateTime.parse(text, field: "start")
        }
    }

    @Test func errorDescriptionIsOneLineNamingFieldAndValue() {
        let error = CalendarError.invalidDateTime(field: "start", value: "2024-02-30T08:00", problem: "2024-02-30 is not a day that exists")
        #expect(error.description == "start: '2024-02-30T08:00' is not a valid date-time: 2024-02-30 is not a day that exists (expected YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS)")
        #expect(!error.description.contains("\n"))
    }

    @Test func ordersByDateThenTime() throws {
        let a = try LocalDateTime.parse("2024-01-26T08:00")
        let b = try LocalDateTime.parse("2024-01-26T08:00:01")
        let c = try LocalDateTime.parse("2024-01-27T00:00")
        #expect(a < b && b < c)
        #expect([c, a, b].sorted() == [a, b, c])
    }

    @Test func vietnamInstantAndUTC() throws {
        let meeting = try LocalDateTime.parse("2024-01-26T08:00")
        #expect(meeting.instant == VietnamTime.instant(meeting.date, hour: 8, minute: 0))
        #expect(meeting.instant.timeIntervalSince1970 == 1_706_230_800)  // 2024-01-26T01:00:00Z
        #expect(LocalDateTime(instant: meeting.instant) == meeting)
        #expect(meeting.utc == (try LocalDateTime.parse("2024-01-26T01:00")))
        // Crossing midnight backwards.
        #expect((try LocalDateTime.parse("2024-01-01T03:00")).utc == (try LocalDateTime.parse("2023-12-31T20:00")))
        #expect(LocalDateTime.vietnam(fromUTC: try LocalDateTime.parse("2023-12-31T20:00")) == (try LocalDateTime.parse("2024-01-01T03:00")))
    }

    @Test func arithmeticKeepsTheWallClock() throws {
        let start = try LocalDateTime.parse("2024-02-28T23:30")
        #expect(start.adding(seconds: 3_600) == (try LocalDateTime.parse("2024-02-29T00:30")))
        #expect(start.adding(days: 2) == (try LocalDateTime.parse("2024-03-01T23:30")))
        #expect(start.on(LocalDate(year: 2025, month: 1, day: 1)!) == (try LocalDateTime.parse("2025-01-01T23:30")))
    }

    @Test func codableUsesTheISOForm() throws {
        let value = try LocalDateTime.parse("2024-01-26T08:00")
        let data = try JSONEncoder().encode([value])
        #expect(String(decoding: data, as: UTF8.self) == #"["2024-01-26T08:00"]"#)
        #expect(try JSONDecoder().decode([LocalDateTime].self, from: data) == [value])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDateTime].self, from: Data(#"["2024-02-30T08:00"]"#.utf8))
        }
    }
}
