/// How many active members must be present for a loan review or board election to decide.
///
/// The default is more than half (`>50%`); a group or series may set another, such as `>=67%`. Computed
/// exactly in integers: `present × 100 > percent × active` (or `≥` when inclusive).
public struct QuorumRule: Hashable, Sendable, CustomStringConvertible {
    public let percent: Int
    /// `>=` when true, `>` when false.
    public let inclusive: Bool

    public static let moreThanHalf = QuorumRule(uncheckedPercent: 50, inclusive: false)

    private init(uncheckedPercent: Int, inclusive: Bool) {
        self.percent = uncheckedPercent
        self.inclusive = inclusive
    }

    /// - Throws: `CoreError.invalidValue` for a percent outside 1…100.
    public init(percent: Int, inclusive: Bool) throws {
        guard (1...100).contains(percent), !(percent == 100 && !inclusive) else {
            throw CoreError.invalidValue(field: "quorum", value: "\(inclusive ? ">=" : ">")\(percent)%",
                                         expected: "a share of active members such as >50% or >=67%, between 1% and 100%")
        }
        self.init(uncheckedPercent: percent, inclusive: inclusive)
    }

    /// Parses `>50%`, `>=67%` (the `%` may be left out).
    public static func parse(_ text: String) throws -> QuorumRule {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        let inclusive: Bool
        if body.hasPrefix(">=") { inclusive = true; body = body.dropFirst(2) }
        else if body.hasPrefix(">") { inclusive = false; body = body.dropFirst() }
        else {
            throw CoreError.invalidValue(field: "quorum", value: text, expected: "'>' or '>=' and a percent, such as >50% or >=67%")
        }
        if body.hasSuffix("%") { body = body.dropLast() }
        guard let percent = Int(body) else {
            throw CoreError.invalidValue(field: "quorum", value: text, expected: "'>' or '>=' and a percent, such as >50% or >=67%")
        }
        return try QuorumRule(percent: percent, inclusive: inclusive)
    }

    /// Whether `present` of `active` members make a quorum. A group with no active member never does.
    public func isMet(present: Int, active: Int) -> Bool {
        guard active > 0 else { return false }
        return inclusive ? present * 100 >= percent * active : present * 100 > percent * active
    }

    /// The fewest members present that make a quorum.
    public func minimumPresent(active: Int) -> Int {
        guard active > 0 else { return 1 }
        return (0...active).first { isMet(present: $0, active: active) } ?? active + 1
    }

    public var description: String { "\(inclusive ? ">=" : ">")\(percent)%" }
}
