import EntrustConfig
import EntrustCore
import Foundation
import Testing

@Suite struct EvaluationConfigTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theShippedScorecardAndFeesLoad() throws {
        let scorecards = try ScorecardLoader.load(file: Self.root.appendingPathComponent("contracts/scorecards/group.yaml"))
        #expect(scorecards.count == 1)
        #expect(scorecards[0].totalMaxPoints == 100)
        #expect(scorecards[0].criteria.map(\.maxPoints) == [30, 20, 20, 15, 10, 5])
        let fees = try FeeScheduleLoader.load(file: Self.root.appendingPathComponent("contracts/fees/entrustment.yaml"))
        #expect(fees[0].rate(for: "1")?.monthlyRate == Ratio(percent: "0.032%"))
        #expect(fees[0].rate(for: "12")?.basis == .averagePerformingOutstanding)
        #expect(fees[0].paidShare(overdueRatio: Ratio(3, 100)!) == Ratio(percent: "50%"))
    }

    @Test func maximumPointsNotAddingUpTo100AreRefusedWithTheSum() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("contracts/scorecards/group.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "max_points: 5\n", with: "max_points: 4\n")
            .replacingOccurrences(of: "{at_least: \"100%\", points: 5}", with: "{at_least: \"100%\", points: 4}")
        #expect {
            _ = try ScorecardLoader.parse(yaml: text, file: "group.yaml")
        } throws: { error in
            String(describing: error).contains("the maximum points add up to 99, not 100")
        }
    }

    @Test func scorecardMistakesAreNamedWithTheirLines() throws {
        let yaml = """
            versions:
              - effective_from: "2020-13"
                classes: {good: 70, fair: 90, average: 50}
                criteria:
                  - criterion: overdue_ratio
                    max_points: 30
                    bands:
                      - {below: "1 percent", points: 20}
                      - {at_least: "1%", below: "2%", points: 10}
                      - {at_most: "0%", points: 40}
            """
        do {
            _ = try ScorecardLoader.parse(yaml: yaml, file: "bad.yaml")
            Issue.record("the scorecard should be refused")
        } catch {
            let lines = error.issues.map(\.line)
            #expect(lines.contains(2))   // month 13
            #expect(lines.contains(3))   // cut-offs that do not fall
            #expect(lines.contains(8))   // not a percentage
            #expect(lines.contains(9))   // two comparisons
            #expect(lines.contains(10))  // more than the maximum
        }
    }

    @Test func feeSharesMustAddUpTo100() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("contracts/fees/entrustment.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "central: \"2.5%\"", with: "central: \"2%\"")
        #expect {
            _ = try FeeScheduleLoader.parse(yaml: text, file: "entrustment.yaml")
        } throws: { error in
            String(describing: error).contains("the shares add up to 99.500%, not 100%")
        }
    }
}

@Suite struct AssociationScorecardConfigTests {
    @Test func theShippedAssociationScorecardLoadsAndABadSumIsRefused() throws {
        let url = EvaluationConfigTests.root.appendingPathComponent("contracts/scorecards/association.yaml")
        let cards = try AssociationScorecardLoader.load(file: url)
        #expect(cards.count == 1 && cards[0].criteria.map(\.maxPoints) == [30, 20, 20, 20, 10])
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "max_points: 10\n", with: "max_points: 15\n")
        #expect {
            _ = try AssociationScorecardLoader.parse(yaml: text, file: "association.yaml")
        } throws: { error in
            String(describing: error).contains("the maximum points add up to 105, not 100")
        }
    }
}
