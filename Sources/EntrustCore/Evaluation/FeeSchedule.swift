/// How a programme's entrustment fee base is measured.
public enum FeeBasis: String, Codable, Sendable, CaseIterable {
    /// The outstanding balance of loans on which interest was actually collected in the month (general programmes).
    case outstandingWithInterestCollected = "outstanding_with_interest_collected"
    /// The average performing outstanding of the month (social housing).
    case averagePerformingOutstanding = "average_performing_outstanding"
}

/// The monthly fee rate of a set of programmes.
public struct FeeRate: Hashable, Codable, Sendable {
    /// Programme codes from the bank's loan extract; empty means every programme not listed elsewhere.
    public var programmes: [String]
    public var basis: FeeBasis
    public var monthlyRate: Ratio

    public init(programmes: [String], basis: FeeBasis, monthlyRate: Ratio) {
        self.programmes = programmes
        self.basis = basis
        self.monthlyRate = monthlyRate
    }
}

/// "Overdue ratio below 2% → 100% of the fee": bands tried in order, the first whose limit is above the ratio applies.
public struct FeeReductionBand: Hashable, Codable, Sendable {
    /// The band applies when the overdue ratio is below this; nil means any ratio (the last band).
    public var below: Ratio?
    public var share: Ratio

    public init(below: Ratio?, share: Ratio) {
        self.below = below
        self.share = share
    }
}

/// One version of the fee rules, in force from a month on.
public struct FeeSchedule: Hashable, Codable, Sendable {
    public var effectiveFrom: YearMonth
    public var rates: [FeeRate]
    public var reductions: [FeeReductionBand]
    /// Share of the fee per association level; the shares add up to 100%.
    public var split: [AssociationLevel: Ratio]
    /// Monthly group commission rate on performing outstanding, by programme (empty list: the default).
    public var groupCommissions: [FeeRate]

    public init(effectiveFrom: YearMonth, rates: [FeeRate], reductions: [FeeReductionBand], split: [AssociationLevel: Ratio],
                groupCommissions: [FeeRate]) {
        self.effectiveFrom = effectiveFrom
        self.rates = rates
        self.reductions = reductions
        self.split = split
        self.groupCommissions = groupCommissions
    }

    public static func inForce(_ versions: [FeeSchedule], for month: YearMonth) -> FeeSchedule? {
        versions.filter { $0.effectiveFrom <= month }.max { $0.effectiveFrom < $1.effectiveFrom }
    }

    /// The rate that applies to a programme: its own, else the catch-all (a rate with no programmes).
    public func rate(for programme: String, in list: [FeeRate]? = nil) -> FeeRate? {
        let list = list ?? rates
        return list.first { $0.programmes.contains(programme) } ?? list.first { $0.programmes.isEmpty }
    }

    /// The share of the fee paid for an overdue ratio (100%, 80%, 50%, 0% by default).
    public func paidShare(overdueRatio: Ratio) -> Ratio {
        for band in reductions {
            guard let limit = band.below else { return band.share }
            if overdueRatio < limit { return band.share }
        }
        return .zero
    }
}

/// The arithmetic of a fee statement, exact until one final rounding.
///
/// Rounding rule: the fee of an association for a month is computed exactly as a fraction and rounded once,
/// half up, to whole đồng. The split between levels then gives each level its exact share rounded down, and
/// hands the đồng left over to the levels with the largest remainders (commune first on ties), so that the
/// parts always add up exactly to the fee.
public enum FeeCalculator {
    /// base × rate × share, rounded half up to whole đồng.
    public static func fee(base: Int64, rate: Ratio, share: Ratio) -> Int64 {
        guard base > 0 else { return 0 }
        // Work in 128 bits: base (≤ 2^63) × numerators, over the product of denominators.
        let numerator = UInt64(base).multipliedFullWidth(by: rate.numerator)
        let denominator = rate.denominator.multipliedFullWidth(by: share.denominator)
        precondition(denominator.high == 0, "rate and share denominators are small by construction")
        let scaled = multiply(numerator, by: share.numerator)
        return Int64(roundHalfUp(scaled, dividedBy: denominator.low))
    }

    /// Splits `amount` by the shares (which add up to 1), so that the parts add up exactly to `amount`.
    public static func split(_ amount: Int64, by shares: [(level: AssociationLevel, share: Ratio)]) -> [AssociationLevel: Int64] {
        guard amount > 0 else { return Dictionary(uniqueKeysWithValues: shares.map { ($0.level, 0) }) }
        var parts: [AssociationLevel: Int64] = [:]
        var remainders: [(level: AssociationLevel, remainder: UInt64, denominator: UInt64, order: Int)] = []
        for (order, entry) in shares.enumerated() {
            let product = UInt64(amount).multipliedFullWidth(by: entry.share.numerator)
            let (quotient, remainder) = entry.share.denominator.dividingFullWidth(product)
            parts[entry.level] = Int64(quotient)
            remainders.append((entry.level, remainder, entry.share.denominator, order))
        }
        var left = amount - parts.values.reduce(0, +)
        // Largest remainder first (compared as fractions), then the order given (commune before district …).
        let ranked = remainders.sorted { a, b in
            let lhs = Ratio(unsigned: a.remainder, a.denominator), rhs = Ratio(unsigned: b.remainder, b.denominator)
            return lhs == rhs ? a.order < b.order : lhs > rhs
        }
        var index = 0
        while left > 0, !ranked.isEmpty {
            parts[ranked[index % ranked.count].level, default: 0] += 1
            left -= 1
            index += 1
        }
        return parts
    }

    static func multiply(_ value: (high: UInt64, low: UInt64), by factor: UInt64) -> (high: UInt64, low: UInt64) {
        let low = value.low.multipliedFullWidth(by: factor)
        let high = value.high.multipliedReportingOverflow(by: factor)
        let (sum, overflow) = high.partialValue.addingReportingOverflow(low.high)
        precondition(!high.overflow && !overflow, "fee arithmetic overflow")
        return (sum, low.low)
    }

    static func roundHalfUp(_ value: (high: UInt64, low: UInt64), dividedBy divisor: UInt64) -> UInt64 {
        let (quotient, remainder) = divisor.dividingFullWidth(value)
        return remainder >= divisor - remainder ? quotient + 1 : quotient
    }
}
