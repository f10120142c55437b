import EntrustCore
import Testing

@Suite struct RatioTests {
    @Test func percentagesParseExactly() throws {
        #expect(Ratio(percent: "2%") == Ratio(2, 100))
        #expect(Ratio(percent: "0.032%") == Ratio(32, 100_000))
        #expect(Ratio(percent: "4.5 %") == Ratio(45, 1000))
        #expect(Ratio(percent: "100%") == .one)
        for bad in ["2", "two%", "-1%", "1.%", ".5%", "1,5%", "1.2.3%"] {
            #expect(Ratio(percent: bad) == nil, "\(bad)")
        }
    }

    @Test func comparisonsAreExactAtBoundaries() throws {
        let twoPercent = try #require(Ratio(percent: "2%"))
        #expect(try #require(Ratio(20_000, 1_000_000)) == twoPercent)       // exactly 2.00%
        #expect(try #require(Ratio(19_999, 1_000_000)) < twoPercent)        // 1.9999%
        #expect(try #require(Ratio(20_001, 1_000_000)) > twoPercent)
        // Large đồng amounts cross-multiply without overflow.
        #expect(try #require(Ratio(Int64.max / 50, Int64.max)) < twoPercent)
        #expect(try #require(Ratio(7_000_000_000_000, 350_000_000_000_000)) == twoPercent)
    }

    @Test func displayRoundsHalfUp() throws {
        #expect(try #require(Ratio(206, 213)).percent() == "96.71")
        #expect(try #require(Ratio(5, 213)).percent() == "2.35")
        #expect(try #require(Ratio(2, 213)).percent() == "0.94")
        #expect(try #require(Ratio(1, 8)).percent(decimals: 1) == "12.5")
        #expect(Ratio.zero.percent() == "0.00")
    }

    @Test func sumsAreExact() throws {
        let shares = ["84%", "9%", "4.5%", "2.5%"].compactMap { Ratio(percent: $0) }
        #expect(Ratio.sum(shares) == .one)
        #expect(Ratio.sum(Array(shares.dropLast())) == Ratio(975, 1000))
    }
}

@Suite struct ScorecardTests {
    static let scorecard = Scorecard(
        effectiveFrom: YearMonth(year: 2020, month: 1)!,
        criteria: [
            CriterionRule(criterion: .overdueRatio, maxPoints: 30, bands: [
                ScoreBand(.atMost, Ratio(percent: "0%")!, points: 30), ScoreBand(.below, Ratio(percent: "1%")!, points: 20),
                ScoreBand(.below, Ratio(percent: "2%")!, points: 10),
            ]),
            CriterionRule(criterion: .transactionAttendance, maxPoints: 20, bands: [ScoreBand(.atLeast, .one, points: 20)]),
            CriterionRule(criterion: .interestCollection, maxPoints: 20, bands: [
                ScoreBand(.atLeast, .one, points: 20), ScoreBand(.atLeast, Ratio(percent: "95%")!, points: 10),
            ]),
            CriterionRule(criterion: .principalCollection, maxPoints: 15, bands: [ScoreBand(.atLeast, .one, points: 15)]),
            CriterionRule(criterion: .savingsGrowth, maxPoints: 10, bands: [ScoreBand(.above, .zero, points: 10)]),
            CriterionRule(criterion: .saversShare, maxPoints: 5, bands: [ScoreBand(.atLeast, Ratio(percent: "90%")!, points: 5)]),
        ],
        cutoffs: ClassCutoffs())

    static func inputs(overdue: Int64 = 0, interest: Int64 = 1_000_000, savings: Int64 = 10_100_000, savers: Int = 40) -> GroupMonthInputs {
        GroupMonthInputs(outstanding: 1_000_000_000, overdue: overdue, sessionsHeld: 1, sessionsTransacted: 1,
                         interestDue: 1_000_000, interestCollected: interest, principalDue: 5_000_000, principalCollected: 5_000_000,
                         savingsBalance: savings, previousSavingsBalance: 10_000_000, activeMembers: 40, membersWithSavings: savers)
    }

    @Test func aPerfectGroupIsGood() {
        let score = Self.scorecard.score(Self.inputs())
        #expect(score.total == 100)
        #expect(score.groupClass == .good)
    }

    @Test func exactBandBoundaries() {
        // Overdue exactly 1%: not "below 1%", so it falls to "below 2%" → 10 points.
        #expect(Self.scorecard.score(Self.inputs(overdue: 10_000_000)).points[.overdueRatio] == 10)
        #expect(Self.scorecard.score(Self.inputs(overdue: 9_999_999)).points[.overdueRatio] == 20)
        // Exactly 2%: no band, 0 points.
        #expect(Self.scorecard.score(Self.inputs(overdue: 20_000_000)).points[.overdueRatio] == 0)
        // Interest exactly 95% → 10; a đồng less → 0.
        #expect(Self.scorecard.score(Self.inputs(interest: 950_000)).points[.interestCollection] == 10)
        #expect(Self.scorecard.score(Self.inputs(interest: 949_999)).points[.interestCollection] == 0)
        // 36 of 40 members save (90%) → 5; 35 → 0.
        #expect(Self.scorecard.score(Self.inputs(savers: 36)).points[.saversShare] == 5)
        #expect(Self.scorecard.score(Self.inputs(savers: 35)).points[.saversShare] == 0)
    }

    @Test func whyAGroupIsFair() {
        // Overdue 1.5% (10 of 30), interest 96% (10 of 20), savings flat (0 of 10): 100 - 20 - 10 - 10 = 60 → Average.
        let score = Self.scorecard.score(Self.inputs(overdue: 15_000_000, interest: 960_000, savings: 10_000_000))
        #expect(score.points == [.overdueRatio: 10, .transactionAttendance: 20, .interestCollection: 10,
                                 .principalCollection: 15, .savingsGrowth: 0, .saversShare: 5])
        #expect(score.total == 60)
        #expect(score.groupClass == .average)
        #expect(ClassCutoffs().classify(89) == .fair)
        #expect(ClassCutoffs().classify(70) == .fair)
        #expect(ClassCutoffs().classify(49) == .weak)
    }

    @Test func nothingDueCountsAsMet() {
        let inputs = GroupMonthInputs(outstanding: 0, overdue: 0, sessionsHeld: 0, sessionsTransacted: 0, interestDue: 0, interestCollected: 0,
                                      principalDue: 0, principalCollected: 0, savingsBalance: 0, previousSavingsBalance: 0,
                                      activeMembers: 0, membersWithSavings: 0)
        #expect(inputs.ratios[.overdueRatio] == .zero)
        #expect(inputs.ratios[.interestCollection] == .one)
        #expect(inputs.ratios[.savingsGrowth] == .zero)
    }

    @Test func theVersionInForceIsChosenByMonth() {
        var later = Self.scorecard
        later.effectiveFrom = YearMonth(year: 2024, month: 1)!
        later.cutoffs = ClassCutoffs(good: 95, fair: 75, average: 55)
        let versions = [Self.scorecard, later]
        #expect(Scorecard.inForce(versions, for: YearMonth(year: 2023, month: 8)!)?.cutoffs.good == 90)
        #expect(Scorecard.inForce(versions, for: YearMonth(year: 2024, month: 1)!)?.cutoffs.good == 95)
        #expect(Scorecard.inForce(versions, for: YearMonth(year: 2019, month: 12)!) == nil)
    }
}

@Suite struct FeeTests {
    static let schedule = FeeSchedule(
        effectiveFrom: YearMonth(year: 2021, month: 1)!,
        rates: [FeeRate(programmes: ["12"], basis: .averagePerformingOutstanding, monthlyRate: Ratio(percent: "0.003%")!),
                FeeRate(programmes: [], basis: .outstandingWithInterestCollected, monthlyRate: Ratio(percent: "0.032%")!)],
        reductions: [FeeReductionBand(below: Ratio(percent: "2%")!, share: .one),
                     FeeReductionBand(below: Ratio(percent: "3%")!, share: Ratio(percent: "80%")!),
                     FeeReductionBand(below: Ratio(percent: "4%")!, share: Ratio(percent: "50%")!),
                     FeeReductionBand(below: nil, share: .zero)],
        split: [.commune: Ratio(percent: "84%")!, .district: Ratio(percent: "9%")!, .province: Ratio(percent: "4.5%")!,
                .central: Ratio(percent: "2.5%")!],
        groupCommissions: [])

    @Test func reductionAtTheBoundaries() {
        func share(_ basisPoints: Int64) -> Ratio { Self.schedule.paidShare(overdueRatio: Ratio(basisPoints, 10_000)!) }
        #expect(share(199) == .one)                   // 1.99%
        #expect(share(200) == Ratio(percent: "80%"))  // 2.00%
        #expect(share(399) == Ratio(percent: "50%"))  // 3.99%
        #expect(share(400) == .zero)                  // 4.00%
        #expect(share(0) == .one)
    }

    @Test func feeIsRoundedOnceHalfUp() {
        let rate = Ratio(percent: "0.032%")!
        // 47,162 million đồng × 0.032% = 15,091,840 đồng exactly.
        #expect(FeeCalculator.fee(base: 47_162_000_000, rate: rate, share: .one) == 15_091_840)
        // 1,234,567 × 0.032% = 395.06144 → 395; × 80% = 316.049152 → 316.
        #expect(FeeCalculator.fee(base: 1_234_567, rate: rate, share: .one) == 395)
        #expect(FeeCalculator.fee(base: 1_234_567, rate: rate, share: Ratio(percent: "80%")!) == 316)
        // 15,625 × 0.032% = 5.0 exactly; 4,687,500 × 0.032% × 50% = 750 exactly; half up: 1,562.5 → 1,563.
        #expect(FeeCalculator.fee(base: 15_625, rate: rate, share: .one) == 5)
        #expect(FeeCalculator.fee(base: 9_765_625, rate: rate, share: Ratio(percent: "50%")!) == 1_563)
        #expect(FeeCalculator.fee(base: 0, rate: rate, share: .one) == 0)
    }

    @Test func theSplitAddsUpExactly() {
        let shares = [AssociationLevel.commune, .district, .province, .central].map { ($0, Self.schedule.split[$0]!) }
        for amount: Int64 in [1, 7, 99, 395, 15_091_840, 1_000_001, 123_456_789] {
            let parts = FeeCalculator.split(amount, by: shares)
            #expect(parts.values.reduce(0, +) == amount, "\(amount)")
            #expect(parts.values.allSatisfy { $0 >= 0 })
        }
        #expect(FeeCalculator.split(1_000_000, by: shares) == [.commune: 840_000, .district: 90_000, .province: 45_000, .central: 25_000])
        // 395: 331.8 / 35.55 / 17.775 / 9.875 → 331, 35, 17, 9 = 392; the 3 left go to .875 (central), .8 (commune), .775 (province).
        #expect(FeeCalculator.split(395, by: shares) == [.commune: 332, .district: 35, .province: 18, .central: 10])
    }
}

@Suite struct FeeTermsAndNumberTextTests {
    @Test func severalProgrammesAreRoundedOnceAtTheEnd() {
        // 0.032% of 1,562,500 = 500 exactly; 0.003% of 16,667 = 0.50001; each alone rounds, together 500.50001 → 501.
        let general = Ratio(percent: "0.032%")!, housing = Ratio(percent: "0.003%")!
        #expect(FeeCalculator.fee(terms: [FeeTerm(base: 1_562_500, rate: general), FeeTerm(base: 16_667, rate: housing)], share: .one) == 501)
        // 0.4 + 0.4 đồng: rounding each part first would give 0, rounding once gives 1.
        let rate = Ratio(percent: "0.04%")!
        #expect(FeeCalculator.fee(terms: [FeeTerm(base: 1_000, rate: rate), FeeTerm(base: 1_000, rate: rate)], share: .one) == 1)
        #expect(FeeCalculator.fee(base: 1_000, rate: rate, share: .one) == 0)
        // The average of two month-ends (3 + 4) / 2 = 3.5 million at 0.1%: 3,500 đồng, without rounding the average first.
        #expect(FeeCalculator.fee(terms: [FeeTerm(base: 7_000_001, divisor: 2, rate: Ratio(percent: "0.1%")!)], share: Ratio(percent: "80%")!) == 2_800)
        #expect(FeeCalculator.fee(terms: [], share: .one) == 0)
    }

    @Test func amountsInMillionsAndPercentagesInBothLanguages() {
        #expect(NumberText.millions(512_143_400_000, .vi) == "512.143")
        #expect(NumberText.millions(512_143_500_000, .en) == "512,144")
        #expect(NumberText.millions(-39_894_000_000, .en) == "-39,894")
        #expect(NumberText.signedMillions(39_894_000_000, .vi) == "+39.894")
        #expect(NumberText.grouped(7_970, .en) == "7,970" && NumberText.grouped(999, .vi) == "999")
        #expect(NumberText.percent(Ratio(206, 213), .en) == "96.71%")
        #expect(NumberText.percent(Ratio(206, 213), .vi) == "96,71%")
        #expect(NumberText.percent(Ratio(798, 807), .en) == "98.88%")
        #expect(NumberText.percent(nil, .en) == "—")
    }

    @Test func theAssociationScorecardMeetsWhatWasNotAsked() {
        let card = AssociationScorecard(effectiveFrom: YearMonth(year: 2020, month: 1)!, criteria: [
            AssociationCriterionRule(criterion: .overdueRatio, maxPoints: 30, bands: [ScoreBand(.atMost, .zero, points: 30)]),
            AssociationCriterionRule(criterion: .interestCollection, maxPoints: 20, bands: [ScoreBand(.atLeast, .one, points: 20)]),
            AssociationCriterionRule(criterion: .goodGroupsShare, maxPoints: 20, bands: [ScoreBand(.atLeast, Ratio(percent: "90%")!, points: 20)]),
            AssociationCriterionRule(criterion: .obligationsOnTime, maxPoints: 20, bands: [ScoreBand(.atLeast, .one, points: 20)]),
            AssociationCriterionRule(criterion: .trainingProgress, maxPoints: 10, bands: [ScoreBand(.atLeast, .one, points: 10)]),
        ], cutoffs: ClassCutoffs())
        let none = AssociationMonthInputs(outstanding: 0, overdue: 0, interestDue: 0, interestCollected: 0, groups: 0, goodGroups: 0,
                                          obligationsDue: 0, obligationsOnTime: 0, trainingTarget: 0, trainingDone: 0)
        #expect(card.score(none).total == 100 && card.score(none).associationClass == .good)
        var some = none
        some.groups = 10
        some.goodGroups = 8
        some.obligationsDue = 4
        some.obligationsOnTime = 3
        #expect(card.score(some).total == 60 && card.score(some).associationClass == .average)
    }
}
