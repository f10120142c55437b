import EntrustCore
import Foundation

/// A server's `Retry-After`: a number of seconds, or an HTTP-date.
public enum RetryAfter: Sendable, Equatable, CustomStringConvertible {
    case seconds(Int)
    case date(Date)

    /// Parses a header value; nil when it is neither form (the header is then ignored).
    public init?(headerValue: String) {
        let value = headerValue.trimmingCharacters(in: .whitespaces)
        if !value.isEmpty, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let seconds = Int(value) else { return nil }
            self = .seconds(seconds)
        } else if let date = Self.parseHTTPDate(value) {
            self = .date(date)
        } else {
            return nil
        }
    }

    /// The earliest instant at which to try again, for a response received at `now`.
    public func notBefore(receivedAt now: Date) -> Date {
        switch self {
        case let .seconds(seconds): return now.addingTimeInterval(TimeInterval(seconds))
        case let .date(date): return max(date, now)
        }
    }

    public var description: String {
        switch self {
        case let .seconds(seconds): return "\(seconds) s"
        case let .date(date): return WebhookEnvelope.iso8601UTC(date)
        }
    }

    // MARK: - HTTP-date

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept.
    static func parseHTTPDate(_ text: String) -> Date? {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        let day: Int?, month: Int?, year: Int?, time: String
        switch tokens.count {
        case 6 where tokens[5] == "GMT":                      // Sun, 06 Nov 1994 08:49:37 GMT
            (day, month, year, time) = (Int(tokens[1]), monthNumber(tokens[2]), Int(tokens[3]), tokens[4])
        case 4 where tokens[3] == "GMT":                      // Sunday, 06-Nov-94 08:49:37 GMT
            let parts = tokens[1].split(separator: "-").map(String.init)
            guard parts.count == 3, let shortYear = Int(parts[2]) else { return nil }
            (day, month, year, time) = (Int(parts[0]), monthNumber(parts[1]), shortYear < 70 ? 2000 + shortYear : 1900 + shortYear, tokens[2])
        case 5:                                               // Sun Nov  6 08:49:37 1994
            (day, month, year, time) = (Int(tokens[2]), monthNumber(tokens[1]), Int(tokens[4]), tokens[3])
        default:
            return nil
        }
        let clock = time.split(separator: ":").compactMap { Int($0) }
        guard let day, let month, let year, clock.count == 3,
              (0...23).contains(clock[0]), (0...59).contains(clock[1]), (0...60).contains(clock[2]),
              let date = LocalDate(year: year, month: month, day: day) else { return nil }
        let seconds = date.dayNumber * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2]
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func monthNumber(_ name: String) -> Int? {
        months.firstIndex(of: name.lowercased()).map { $0 + 1 }
    }
}
