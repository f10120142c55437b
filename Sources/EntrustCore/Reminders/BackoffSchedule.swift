import Foundation

/// How long to wait before each retry, with jitter, and when to give up.
///
/// The default is Standard Webhooks' schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then dead;
/// so a message gets `delays.count + 1` attempts in all.
public struct BackoffSchedule: Hashable, Codable, Sendable {
    /// Seconds to wait after failed attempt 1, 2, … .
    public var delays: [Int]
    /// Each delay is spread uniformly over ±`jitter` of itself, so that messages failed together
    /// by one outage do not all come back in the same second.
    public var jitter: Double

    public static let standard = BackoffSchedule(delays: [5, 300, 1800, 7200, 18_000, 36_000, 36_000], jitter: 0.2)

    public init(delays: [Int], jitter: Double = 0.2) {
        self.delays = delays
        self.jitter = min(max(jitter, 0), 1)
    }

    /// Attempts allowed in all.
    public var maxAttempts: Int { delays.count + 1 }

    /// Seconds to wait after failed attempt number `attempt` (1-based), or nil when it was the last.
    /// - Parameter random: a value in 0..<1 (injected, so tests are deterministic).
    public func delay(afterAttempt attempt: Int, random: Double) -> Double? {
        guard attempt >= 1, attempt <= delays.count else { return nil }
        let base = Double(delays[attempt - 1])
        return base * (1 - jitter + 2 * jitter * min(max(random, 0), 1))
    }

    /// Parses `5s,5m,30m,2h,5h,10h,10h`.
    public static func parse(_ text: String, field: String) throws -> BackoffSchedule {
        var delays: [Int] = []
        for part in text.split(separator: ",") {
            let item = part.trimmingCharacters(in: .whitespaces)
            let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
            guard let unit = item.last, let factor = units[unit], let number = Int(item.dropLast()), number >= 0 else {
                throw CoreError.invalidValue(field: field, value: text, expected: "delays such as 5s,5m,30m,2h,5h,10h,10h")
            }
            delays.append(number * factor)
        }
        guard !delays.isEmpty else {
            throw CoreError.invalidValue(field: field, value: text, expected: "at least one delay, such as 5s,5m,30m")
        }
        return BackoffSchedule(delays: delays)
    }
}
