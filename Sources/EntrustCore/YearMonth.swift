import Foundation

/// A calendar month such as `2023-08`: the period of a loan extract, an evaluation or a fee statement.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM` strictly.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    /// Parses `YYYY-MM` from a person (CLI, API, forms, YAML), refusing years outside `years`.
    public static func parse(_ text: String, field: String, years: ClosedRange<Int>? = LocalDate.inputYears) throws -> YearMonth {
        guard let month = YearMonth(iso: text) else {
            throw CoreError.invalidValue(field: field, value: text, expected: "a month YYYY-MM")
        }
        try LocalDate.checkYear(month.year, field: field, value: text, years: years)
        return month
    }

    public var iso: String { String(format: "%04d-%02d", year, month) }
    public var description: String { iso }

    public var firstDay: LocalDate { LocalDate(year: year, month: month, day: 1)! }
    public var lastDay: LocalDate { LocalDate.clamped(year: year, month: month, day: 31) }

    /// `months` later (earlier when negative), saturating at January of year 1 and December 9999 instead of trapping.
    public func adding(months: Int) -> YearMonth {
        let lowest = 12, highest = 9999 * 12 + 11
        let (sum, overflow) = (year * 12 + (month - 1)).addingReportingOverflow(months)
        let index = overflow ? (months < 0 ? lowest : highest) : min(max(sum, lowest), highest)
        return YearMonth(year: index / 12, month: index % 12 + 1)!
    }

    /// Months from `self` to `other` (positive when `other` is later).
    public func months(until other: YearMonth) -> Int {
        (other.year * 12 + other.month) - (year * 12 + month)
    }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = YearMonth(iso: text), LocalDate.inputYears.contains(value.year) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a valid month: \(text)")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
