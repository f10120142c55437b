/// An exact non-negative ratio of two whole numbers, such as overdue đồng over outstanding đồng.
///
/// Comparisons cross-multiply in 128 bits, so no rounding ever decides which band a group falls in:
/// an overdue ratio of exactly 2.00% is exactly 2/100.
public struct Ratio: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let numerator: UInt64
    public let denominator: UInt64

    /// Creates `numerator / denominator`; a zero denominator is refused (callers decide what "nothing due" means).
    public init?(_ numerator: Int64, _ denominator: Int64) {
        guard numerator >= 0, denominator > 0 else { return nil }
        self.numerator = UInt64(numerator)
        self.denominator = UInt64(denominator)
    }

    init(unsigned numerator: UInt64, _ denominator: UInt64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public static let zero = Ratio(unsigned: 0, 1)
    public static let one = Ratio(unsigned: 1, 1)

    /// Parses a percentage written by a person: `2%`, `0.032%`, `98.5 %`. Up to 12 decimals.
    public init?(percent text: String) {
        var body = text.trimmingCharacters(in: .whitespaces)
        guard body.hasSuffix("%") else { return nil }
        body = String(body.dropLast()).trimmingCharacters(in: .whitespaces)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy(\.isASCIIDigit),
              parts.count == 1 || (!parts[1].isEmpty && parts[1].count <= 12 && parts[1].allSatisfy(\.isASCIIDigit)),
              let whole = UInt64(parts[0]), whole <= 1_000_000 else { return nil }
        let decimals = parts.count == 2 ? String(parts[1]) : ""
        var scale: UInt64 = 100
        for _ in decimals { scale *= 10 }
        self.numerator = whole * (scale / 100) + (UInt64(decimals) ?? 0)
        self.denominator = scale
    }

    public static func < (lhs: Ratio, rhs: Ratio) -> Bool {
        compare(lhs, rhs) < 0
    }

    public static func == (lhs: Ratio, rhs: Ratio) -> Bool {
        compare(lhs, rhs) == 0
    }

    public func hash(into hasher: inout Hasher) {
        let divisor = Self.gcd(numerator, denominator)
        hasher.combine(numerator / divisor)
        hasher.combine(denominator / divisor)
    }

    /// The exact sum of ratios with modest denominators (percentages from configuration); nil on overflow.
    public static func sum(_ ratios: [Ratio]) -> Ratio? {
        var total = Ratio.zero
        for ratio in ratios {
            let divisor = gcd(total.denominator, ratio.denominator)
            let (common, o1) = (total.denominator / divisor).multipliedReportingOverflow(by: ratio.denominator)
            let (left, o2) = total.numerator.multipliedReportingOverflow(by: common / total.denominator)
            let (right, o3) = ratio.numerator.multipliedReportingOverflow(by: common / ratio.denominator)
            let (numerator, o4) = left.addingReportingOverflow(right)
            if o1 || o2 || o3 || o4 { return nil }
            total = Ratio(unsigned: numerator, common)
        }
        return total
    }

    /// -1, 0 or 1: a·d against c·b, compared as 128-bit products.
    static func compare(_ lhs: Ratio, _ rhs: Ratio) -> Int {
        let left = lhs.numerator.multipliedFullWidth(by: rhs.denominator)
        let right = rhs.numerator.multipliedFullWidth(by: lhs.denominator)
        if left.high != right.high { return left.high < right.high ? -1 : 1 }
        if left.low != right.low { return left.low < right.low ? -1 : 1 }
        return 0
    }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }

    /// The percentage rounded half up to `decimals` places, for display only (`2.35`).
    public func percent(decimals: Int = 2) -> String {
        var scale: UInt64 = 100
        for _ in 0..<decimals { scale *= 10 }
        let (high, low) = numerator.multipliedFullWidth(by: scale)
        let (quotient, remainder) = denominator.dividingFullWidth((high, low))
        let rounded = remainder * 2 >= denominator ? quotient + 1 : quotient
        var digits = String(rounded)
        if decimals == 0 { return digits }
        while digits.count <= decimals { digits = "0" + digits }
        let split = digits.index(digits.endIndex, offsetBy: -decimals)
        return digits[..<split] + "." + digits[split...]
    }

    public var description: String { "\(percent(decimals: 4))%" }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

import Foundation
