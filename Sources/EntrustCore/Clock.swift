import Foundation

/// The source of "now". Core never reads the system time itself; the executable injects a clock.
public protocol Clock: Sendable {
    func now() -> Date
}

extension Clock {
    /// Today's civil date in Asia/Ho_Chi_Minh.
    public func today() -> LocalDate { VietnamTime.localDate(of: now()) }
}

/// The real clock.
public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that always answers the same instant: for tests and for reproducible runs.
public struct FixedClock: Clock {
    public let instant: Date
    public init(_ instant: Date) { self.instant = instant }
    /// Noon, Vietnam time, on the given day.
    public init(_ date: LocalDate) { self.instant = VietnamTime.instant(date, hour: 12, minute: 0) }
    public func now() -> Date { instant }
}

/// Scheduling happens in Asia/Ho_Chi_Minh: UTC+7 with no daylight saving since 1975.
public enum VietnamTime {
    public static let offsetSeconds = 7 * 3600
    public static let identifier = "Asia/Ho_Chi_Minh"

    public static func localDate(of instant: Date) -> LocalDate {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + offsetSeconds
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return LocalDate(dayNumber: days)
    }

    public static func instant(_ date: LocalDate, hour: Int, minute: Int) -> Date {
        let seconds = date.dayNumber * 86_400 + hour * 3600 + minute * 60 - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `2024-01-26T08:00:00+07:00`
    public static func iso8601(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + offsetSeconds
        let date = localDate(of: instant)
        let secondOfDay = seconds - date.dayNumber * 86_400
        // Hand-formatted: this runs once per audit row, and String(format:) is slow on Linux (see `entrust bench`).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(25)
        date.appendISO(to: &bytes)
        bytes.append(84)
        DigitText.append(secondOfDay / 3600, width: 2, to: &bytes)
        bytes.append(58)
        DigitText.append(secondOfDay % 3600 / 60, width: 2, to: &bytes)
        bytes.append(58)
        DigitText.append(secondOfDay % 60, width: 2, to: &bytes)
        bytes.append(contentsOf: Array("+07:00".utf8))
        return String(decoding: bytes, as: UTF8.self)
    }
}
