/// One part of a fee: a base (possibly an average, `base / divisor`) times a monthly rate.
public struct FeeTerm: Hashable, Sendable {
    public var base: Int64
    /// 2 for the average of two month-end balances (`base` is then their sum), else 1.
    public var divisor: UInt64
    public var rate: Ratio

    public init(base: Int64, divisor: UInt64 = 1, rate: Ratio) {
        self.base = base
        self.divisor = divisor
        self.rate = rate
    }
}

extension FeeCalculator {
    /// Σ (base ÷ divisor × rate) × share, summed exactly and rounded once, half up, to whole đồng: an association
    /// with loans in several programmes is still rounded only once (README, "Fees").
    public static func fee(terms: [FeeTerm], share: Ratio) -> Int64 {
        let parts = terms.filter { $0.base > 0 && $0.rate.numerator > 0 }
        guard !parts.isEmpty, share.numerator > 0 else { return 0 }
        // A common denominator of every term: denominators are powers of ten (percentages) times 1 or 2, so it stays small.
        var common: UInt64 = 1
        for term in parts {
            let denominator = term.rate.denominator * term.divisor
            common = common / Ratio.gcd(common, denominator) * denominator
        }
        var numerator: (high: UInt64, low: UInt64) = (0, 0)
        for term in parts {
            let factor = term.rate.numerator * (common / (term.rate.denominator * term.divisor))
            numerator = add(numerator, UInt64(term.base).multipliedFullWidth(by: factor))
        }
        let scaled = multiply(numerator, by: share.numerator)
        let (denominator, overflow) = common.multipliedReportingOverflow(by: share.denominator)
        precondition(!overflow, "fee denominators are small by construction")
        return Int64(roundHalfUp(scaled, dividedBy: denominator))
    }

    static func add(_ a: (high: UInt64, low: UInt64), _ b: (high: UInt64, low: UInt64)) -> (high: UInt64, low: UInt64) {
        let (low, carry) = a.low.addingReportingOverflow(b.low)
        let (high, o1) = a.high.addingReportingOverflow(b.high)
        let (withCarry, o2) = high.addingReportingOverflow(carry ? 1 : 0)
        precondition(!o1 && !o2, "fee arithmetic overflow")
        return (withCarry, low)
    }
}
