import Foundation

/// A civil date and wall-clock time with no zone: a meeting at 08:00 on 2024-01-26.
///
/// Scheduling happens in Asia/Ho_Chi_Minh, so a `LocalDateTime` is read as Vietnam time wherever
/// an instant is needed (`instant`, `init(instant:)`). There are no leap seconds: second 60 is refused.
///
/// Text form (`iso`, `description`, `Codable`): ISO 8601 extended, local time, no offset:
/// - `YYYY-MM-DDTHH:MM` when the second is 0, e.g. `2024-01-26T08:00`;
/// - `YYYY-MM-DDTHH:MM:SS` otherwise, e.g. `2024-01-26T08:00:30`.
/// Parsing accepts exactly these two forms; `parse` round-trips `iso`.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: LocalDate
    public let hour: Int
    public let minute: Int
    public let second: Int

    /// Creates a date-time, or returns nil when the hour, minute or second is out of range.
    public init?(date: LocalDate, hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Creates a date-time from a second count since the start of `date` (0..<86 400).
    private init(date: LocalDate, secondOfDay: Int) {
        self.date = date
        self.hour = secondOfDay / 3600
        self.minute = secondOfDay % 3600 / 60
        self.second = secondOfDay % 60
    }

    /// Midnight at the start of `date`.
    public static func startOfDay(_ date: LocalDate) -> LocalDateTime {
        LocalDateTime(date: date, secondOfDay: 0)
    }

    /// Seconds since midnight.
    public var secondOfDay: Int { hour * 3600 + minute * 60 + second }

    /// The same wall-clock time on another day.
    public func on(_ other: LocalDate) -> LocalDateTime {
        LocalDateTime(date: other, secondOfDay: secondOfDay)
    }

    /// Seconds since 1970-01-01T00:00 of the same (zone-less) wall clock; used for exact arithmetic.
    var wallSeconds: Int { date.dayNumber * 86_400 + secondOfDay }

    init(wallSeconds: Int) {
        let days = wallSeconds >= 0 ? wallSeconds / 86_400 : (wallSeconds - 86_399) / 86_400
        self.init(date: LocalDate(dayNumber: days), secondOfDay: wallSeconds - days * 86_400)
    }

    /// The wall-clock time `seconds` later (earlier when negative).
    public func adding(seconds: Int) -> LocalDateTime {
        LocalDateTime(wallSeconds: wallSeconds + seconds)
    }

    /// The same time `days` days later (earlier when negative).
    public func adding(days: Int) -> LocalDateTime {
        on(date.adding(days: days))
    }

    // MARK: - Vietnam time

    /// The instant this wall-clock time denotes in Asia/Ho_Chi_Minh (UTC+7).
    public var instant: Date {
        Date(timeIntervalSince1970: TimeInterval(wallSeconds - VietnamTime.offsetSeconds))
    }

    /// The Asia/Ho_Chi_Minh wall-clock time of an instant, truncated to the whole second.
    public init(instant: Date) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        self.init(wallSeconds: seconds + VietnamTime.offsetSeconds)
    }

    /// Reads a UTC wall-clock time (such as an RFC 5545 `...Z` value) as Vietnam time.
    public static func vietnam(fromUTC utc: LocalDateTime) -> LocalDateTime {
        utc.adding(seconds: VietnamTime.offsetSeconds)
    }

    /// The UTC wall-clock time of this Vietnam time.
    public var utc: LocalDateTime { adding(seconds: -VietnamTime.offsetSeconds) }

    // MARK: - Text

    /// `2024-01-26T08:00`, or `2024-01-26T08:00:30` when the second is not 0.
    public var iso: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(19)
        date.appendISO(to: &bytes)
        bytes.append(84)  // T
        DigitText.append(hour, width: 2, to: &bytes)
        bytes.append(58)  // :
        DigitText.append(minute, width: 2, to: &bytes)
        if second != 0 {
            bytes.append(58)
            DigitText.append(second, width: 2, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// RFC 5545 basic form without zone: `20240126T080000`.
    public var basic: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(15)
        for (value, width) in [(date.year, 4), (date.month, 2), (date.day, 2)] { DigitText.append(value, width: width, to: &bytes) }
        bytes.append(84)
        for value in [hour, minute, second] { DigitText.append(value, width: 2, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { iso }

    /// Parses `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` strictly, or throws an error that names
    /// the field, the value and the piece that is wrong (missing date, hour 25, 30 February …).
    ///
    /// - Parameter years: the years accepted: `LocalDate.inputYears` for what a person typed (the default); nil for a
    ///   value read back from the database.
    public static func parse(_ text: String, field: String = "date-time",
                             years: ClosedRange<Int>? = LocalDate.inputYears) throws -> LocalDateTime {
        func fail(_ problem: String) -> CalendarError {
            .invalidDateTime(field: field, value: text, problem: problem)
        }
        guard !text.isEmpty else { throw fail("it is empty") }
        let pieces = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard pieces.count == 2 else {
            if LocalDate(iso: text) != nil { throw fail("the time is missing") }
            if LocalDate(iso: text.prefix(10)) == nil, text.contains(":") { throw fail("the date is missing") }
            throw fail("expected a date and a time joined by 'T'")
        }
        let datePart = pieces[0], timePart = pieces[1]
        if datePart.isEmpty { throw fail("the date is missing") }
        if timePart.isEmpty { throw fail("the time is missing") }
        guard let date = LocalDate(iso: datePart) else {
            if let digits = digitGroups(datePart, separator: "-"), digits.count == 3,
               digits[0].count == 4, digits[1].count == 2, digits[2].count == 2 {
                throw fail("\(datePart) is not a day that exists")
            }
            throw fail("the date '\(datePart)' is not YYYY-MM-DD")
        }
        if let zoneStart = timePart.firstIndex(where: { $0 == "Z" || $0 == "z" || $0 == "+" || $0 == "-" }) {
            throw fail("a zone or offset ('\(timePart[zoneStart...])') is not allowed: times are local to \(VietnamTime.identifier)")
        }
        guard let groups = digitGroups(timePart, separator: ":"), (2...3).contains(groups.count),
              groups.allSatisfy({ $0.count == 2 }) else {
            throw fail("the time '\(timePart)' is not HH:MM or HH:MM:SS")
        }
        let hour = Int(groups[0])!, minute = Int(groups[1])!, second = groups.count == 3 ? Int(groups[2])! : 0
        if let years, !years.contains(date.year) {
            throw fail("the year \(date.year) is out of range \(years.lowerBound)-\(years.upperBound)")
        }
        guard hour <= 23 else { throw fail("hour \(groups[0]) is out of range 00-23") }
        guard minute <= 59 else { throw fail("minute \(groups[1]) is out of range 00-59") }
        guard second <= 59 else { throw fail("second \(groups[2]) is out of range 00-59") }
        return LocalDateTime(date: date, hour: hour, minute: minute, second: second)!
    }

    /// The pieces of `text` split at `separator`, or nil when a piece is empty or not all ASCII digits.
    private static func digitGroups(_ text: Substring, separator: Character) -> [Substring]? {
        let groups = text.split(separator: separator, omittingEmptySubsequences: false)
        guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return groups
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.secondOfDay) < (rhs.date, rhs.secondOfDay)
    }
}

extension LocalDateTime: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try LocalDateTime.parse(text)
        } catch let error as CalendarError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
