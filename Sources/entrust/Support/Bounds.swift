import ArgumentParser
import EntrustCore

/// The ranges of the CLI's numeric options, in one place: a number from the command line is refused outside its
/// documented range (an `Error:` line, exit 64) before it reaches arithmetic or SQL that could trap or run away.
enum Bounds {
    static let year = LocalDate.inputYears
    static let rows = 1...10_000_000
    static let months = 1...120
    static let dayOfMonth = 1...31
    static let port = 0...65_535
    static let threads = 1...64
    static let seconds = 1...86_400
    static let minutes = 1...10_080
    static let meetingMinutes = 1...1_440
    static let occurrences = 1...10_000
    static let people = 1...100_000
    static let benchCount = 1...100_000_000
    /// Money options: whole đồng, the same ceiling as the loan extract (10^11).
    static let amount: ClosedRange<Int64> = 0...100_000_000_000

    /// A transform for `@Option(transform:)` that reads a number of type `T` within `range`.
    static func value<T: LosslessStringConvertible & Comparable & Sendable>(_ range: ClosedRange<T>, _ what: String)
        -> @Sendable (String) throws -> T {
        { text in
            guard let value = T(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                throw ValidationError("expected \(what) from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            }
            return value
        }
    }

    static func int(_ range: ClosedRange<Int>) -> @Sendable (String) throws -> Int { value(range, "a whole number") }
    static func int64(_ range: ClosedRange<Int64>) -> @Sendable (String) throws -> Int64 { value(range, "a whole number") }
    /// Seconds; `Double("nan")` never passes `contains`, and infinities lie outside every range used.
    static func seconds(_ range: ClosedRange<Double>) -> @Sendable (String) throws -> Double { value(range, "seconds") }
}
