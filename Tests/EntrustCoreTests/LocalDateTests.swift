import EntrustCore
import Foundation
import Testing

@Suite struct LocalDateTests {
    @Test func parsesOnlyRealDays() {
        #expect(LocalDate(iso: "2024-02-29") == LocalDate(year: 2024, month: 2, day: 29))
        #expect(LocalDate(iso: "2024-02-30") == nil)
        #expect(LocalDate(iso: "2023-02-29") == nil)
        #expect(LocalDate(iso: "2023-13-01") == nil)
        #expect(LocalDate(iso: "2024-2-3") == nil)
        #expect(LocalDate(iso: "31/02/2023") == nil)
        #expect(LocalDate(iso: "2024-04-31") == nil)
    }

    @Test func parseErrorNamesTheField() {
        #expect(throws: CoreError.invalidDate(field: "--start", value: "2024-02-30")) {
            try LocalDate.parse("2024-02-30", field: "--start")
        }
    }

    @Test func dayNumbersRoundTripAndWeekdays() {
        #expect(LocalDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(LocalDate(year: 2024, month: 1, day: 26)!.isoWeekday == 5)  // a Friday
        #expect(LocalDate(year: 2025, month: 9, day: 2)!.isoWeekday == 2)   // a Tuesday
        var date = LocalDate(year: 1999, month: 12, day: 25)!
        for _ in 0..<1000 {
            #expect(LocalDate(dayNumber: date.dayNumber) == date)
            date = date.adding(days: 17)
        }
    }

    @Test func monthArithmeticClampsToTheLastDay() {
        #expect(LocalDate(year: 2024, month: 1, day: 31)!.adding(months: 1).iso == "2024-02-29")
        #expect(LocalDate(year: 2023, month: 1, day: 31)!.adding(months: 1).iso == "2023-02-28")
        #expect(LocalDate(year: 2023, month: 1, day: 1)!.adding(months: 60).adding(days: -1).iso == "2027-12-31")
    }

    @Test func vietnamCivilDateOfAnInstant() {
        // 2024-03-01T17:30Z is already 2 March in Hanoi (UTC+7).
        let instant = Date(timeIntervalSince1970: 1_709_314_200)
        #expect(VietnamTime.localDate(of: instant).iso == "2024-03-02")
        #expect(VietnamTime.iso8601(instant) == "2024-03-02T00:30:00+07:00")
    }

    @Test func slugsFoldVietnamese() {
        #expect(Slug.compact("Tân Sơn") == "TANSON")
        #expect(Slug.compact("Đồng Hóa") == "DONGHOA")
        #expect(Slug.compact("Nguyễn Úy") == "NGUYENUY")
        #expect(Slug.compact("Tượng Lĩnh") == "TUONGLINH")
    }
}
