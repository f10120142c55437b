import Foundation

/// A civil date (a due date, a meeting day) with no time and no zone.
///
/// Dates are proleptic Gregorian. Arithmetic goes through a day number so that
/// comparisons and differences are cheap integer operations.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or returns nil for an impossible one such as 30 February.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= LocalDate.daysIn(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` strictly; `2024-02-30` and `2024-2-3` are refused.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The years a person may type (1900–2200): every date, month and date-time that comes from a user (CLI, API,
    /// forms, CSV, YAML) is refused outside them, so that the arithmetic on it (horizons, month steps, lunar dates)
    /// stays far from the type's own limits (1–9999) and never traps.
    public static let inputYears: ClosedRange<Int> = 1900...2200

    /// Parses `YYYY-MM-DD` or throws an error that names the field and the value.
    ///
    /// - Parameter years: the years accepted; user input keeps the default (`inputYears`); a value read back from the
    ///   database passes nil, since derived dates (a horizon a year past the last input) may lie beyond it.
    public static func parse(_ text: String, field: String, years: ClosedRange<Int>? = inputYears) throws -> LocalDate {
        guard let date = LocalDate(iso: text) else {
            throw CoreError.invalidDate(field: field, value: text)
        }
        try checkYear(date.year, field: field, value: text, years: years)
        return date
    }

    /// Throws `CoreError.outOfRange` when `year` lies outside `years` (nil accepts any year).
    static func checkYear(_ year: Int, field: String, value: String, years: ClosedRange<Int>?) throws {
        if let years, !years.contains(year) {
            throw CoreError.yearOutOfRange(field: field, value: value, years: years)
        }
    }

    public var iso: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendISO(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `YYYY-MM-DD` as UTF-8 bytes.
    func appendISO(to bytes: inout [UInt8]) {
        DigitText.append(year, width: 4, to: &bytes)
        bytes.append(45)
        DigitText.append(month, width: 2, to: &bytes)
        bytes.append(45)
        DigitText.append(day, width: 2, to: &bytes)
    }

    public var description: String { iso }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeap(year) ? 29 : 28
        default: return 0
        }
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's civil-from-days algorithm.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// The first and last days the type holds; arithmetic saturates there instead of trapping.
    public static let earliest = LocalDate(year: 1, month: 1, day: 1)!
    public static let latest = LocalDate(year: 9999, month: 12, day: 31)!

    /// `days` later (earlier when negative), saturating at `earliest` and `latest`.
    public func adding(days: Int) -> LocalDate {
        let (sum, overflow) = dayNumber.addingReportingOverflow(days)
        let target = overflow ? (days < 0 ? Self.earliest.dayNumber : Self.latest.dayNumber)
                              : min(max(sum, Self.earliest.dayNumber), Self.latest.dayNumber)
        return LocalDate(dayNumber: target)
    }

    /// Adds whole months; a day that does not exist in the target month is clamped to its last day.
    /// Saturates at `earliest` and `latest`, like `adding(days:)`.
    public func adding(months: Int) -> LocalDate {
        let target = yearMonth.adding(months: months)
        return LocalDate.clamped(year: target.year, month: target.month, day: day)
    }

    /// The date with `day` in the given month, or the month's last day when the month is shorter.
    /// A year outside 1–9999 saturates at `earliest` or `latest`; a month outside 1–12 at January or December.
    public static func clamped(year: Int, month: Int, day: Int) -> LocalDate {
        if year < 1 { return earliest }
        if year > 9999 { return latest }
        let month = min(max(month, 1), 12)
        let last = daysIn(year: year, month: month)
        return LocalDate(year: year, month: month, day: min(max(day, 1), last))!
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday.
        return (w < 0 ? w + 7 : w) + 1
    }

    public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

    public var yearMonth: YearMonth { YearMonth(year: year, month: month)! }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension LocalDate: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        // Codable carries API bodies: user input, so the input years apply.
        guard let date = LocalDate(iso: text), LocalDate.inputYears.contains(date.year) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a valid date from \(LocalDate.inputYears.lowerBound) to \(LocalDate.inputYears.upperBound): \(text)")
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
