import EntrustConfig
import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import Foundation
import Testing

@Suite struct EvaluationStoreTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let actor = Principal("KB-CB01")

    static func shipped() throws -> (groups: [Scorecard], associations: [AssociationScorecard], fees: [FeeSchedule], groupYAML: String) {
        let yaml = try String(contentsOf: root.appendingPathComponent("contracts/scorecards/group.yaml"), encoding: .utf8)
        return (try ScorecardLoader.parse(yaml: yaml, file: "group.yaml"),
                try AssociationScorecardLoader.load(file: root.appendingPathComponent("contracts/scorecards/association.yaml")),
                try FeeScheduleLoader.load(file: root.appendingPathComponent("contracts/fees/entrustment.yaml")), yaml)
    }

    /// TS-G01 (six registered members) in January and February 2024, hand-computed against the shipped scorecard:
    /// overdue exactly 2.00% → 5 (the `below: 2%` band does not take it; `below: 3%` does); transacted in February → 20;
    /// interest 980,000 / 1,000,000 = 98% → 15; principal 1,900,000 / 2,000,000 = 95% → 10; savings 10,100,000 over
    /// 10,000,000 = +1% → 10; 3 of 6 members save → 0. Total 60: Average.
    func twoMonths(_ database: AppDatabase) throws {
        let store = LoanImportStore(database)
        let january = [LoanFixtures.header,
                       LoanFixtures.row("LN-1", ["savings_balance": "5000000", "last_transaction_on": "2024-01-14"]),
                       LoanFixtures.row("LN-2", ["savings_balance": "5000000", "last_transaction_on": "2024-01-14"])]
        _ = try store.importFile(try LoanFixtures.file(january), month: YearMonth(year: 2024, month: 1)!, actor: actor)
        let february = [LoanFixtures.header,
                         LoanFixtures.row("LN-1", ["outstanding_performing": "48000000", "outstanding_overdue": "2000000", "interest_due": "500000",
                                                   "interest_collected": "480000", "principal_due": "1000000", "principal_collected": "900000",
                                                   "savings_balance": "5050000"]),
                         LoanFixtures.row("LN-2", ["outstanding_performing": "50000000", "interest_due": "500000", "interest_collected": "500000",
                                                   "principal_due": "1000000", "principal_collected": "1000000", "savings_balance": "5050000"]),
                         LoanFixtures.row("LN-3", borrower: "B-LN-1", ["outstanding_performing": "0", "interest_due": "0", "interest_collected": "0",
                                                                      "principal_due": "0", "principal_collected": "0", "savings_balance": "5050000",
                                                                      "last_transaction_on": "2024-01-14"]),
                         LoanFixtures.row("LN-4", borrower: "B-4", ["outstanding_performing": "0", "interest_due": "0", "interest_collected": "0",
                                                                    "principal_due": "0", "principal_collected": "0", "savings_balance": "0"])]
        _ = try store.importFile(try LoanFixtures.file(february), month: LoanFixtures.february, actor: actor)
    }

    @Test(arguments: TestEngine.enabled) func aHandComputedGroupStoresItsInputsPointsTotalAndClass(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        try twoMonths(database)
        let rules = try Self.shipped()
        let summary = try EvaluationStore(database).evaluate(month: LoanFixtures.february, scorecards: rules.groups,
                                                             associationScorecards: rules.associations, actor: actor)
        #expect(summary.groups == 1 && summary.byClass == ["average": 1] && summary.comparedWith == "2024-01")
        let view = try ReportStore(database).group("TS-G01", month: LoanFixtures.february)
        #expect(view.outstanding == 100_000_000 && view.overdue == 2_000_000)
        // LN-3 is a second loan of borrower B-LN-1: their savings count once.
        #expect(view.savingsBalance == 10_100_000 && view.previousSavingsBalance == 10_000_000)
        #expect(view.households == 2 && view.activeMembers == 6 && view.membersWithSavings == 2)
        let points: [Int] = [view.pointsOverdueRatio, view.pointsTransactionAttendance, view.pointsInterestCollection,
                             view.pointsPrincipalCollection, view.pointsSavingsGrowth, view.pointsSaversShare]
        #expect(points == [5, 20, 15, 10, 10, 0])
        #expect(view.total == 60 && view.groupClass == "average" && view.attendanceSource == "loans")
        #expect(view.inputs.ratios[.overdueRatio] == Ratio(2, 100))
    }

    @Test(arguments: TestEngine.enabled) func aYAMLChangeChangesTheClassWithoutARebuild(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        try twoMonths(database)
        let rules = try Self.shipped()
        let store = EvaluationStore(database)
        _ = try store.evaluate(month: LoanFixtures.february, scorecards: rules.groups, associationScorecards: rules.associations, actor: actor)
        // The bank lets exactly 2.00% overdue earn 10 points and raises the Average cut-off: 65 points, Average → Fair at 65.
        let edited = rules.groupYAML
            .replacingOccurrences(of: "{below: \"2%\", points: 10}", with: "{at_most: \"2%\", points: 10}")
            .replacingOccurrences(of: "classes: {good: 90, fair: 70, average: 50}", with: "classes: {good: 90, fair: 65, average: 50}")
        let changed = try ScorecardLoader.parse(yaml: edited, file: "group.yaml")
        let summary = try store.evaluate(month: LoanFixtures.february, scorecards: changed, associationScorecards: rules.associations, actor: actor)
        #expect(summary.byClass == ["fair": 1] && summary.replaced)
        let view = try ReportStore(database).group("TS-G01", month: LoanFixtures.february)
        #expect(view.pointsOverdueRatio == 10 && view.total == 65 && view.groupClass == "fair")
        #expect(try AuditStore(database).entries(entity: "evaluation", key: "2024-02").map(\.action) == ["evaluate", "re-evaluate"])
        let count = try database.backend.read { db in try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM group_evaluation") }
        #expect(count == 1)
    }

    @Test(arguments: TestEngine.enabled) func transactionDayAttendanceWinsOverLoanDatesWhereRecorded(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        try twoMonths(database)
        let meetings = MeetingStore(database)
        _ = try meetings.schedule(MeetingStore.SeriesDraft(kind: .transactionDay, point: "KB-TANSON", start: GroupFixtures.at("2024-01-31T07:30"),
                                                           recurrence: .once, horizon: GroupFixtures.day("2024-12-31")),
                                  holidays: GroupFixtures.holidays, actor: actor)
        let february = try meetings.meetings(series: "KB-TANSON-PGD").first { $0.start.hasPrefix("2024-02") }!
        try meetings.recordAttendance(february.ref, [("TS-G01-01", .absent), ("KB-CB01", .present)], actor: actor)
        let rules = try Self.shipped()
        _ = try EvaluationStore(database).evaluate(month: LoanFixtures.february, scorecards: rules.groups,
                                                   associationScorecards: rules.associations, actor: actor)
        let view = try ReportStore(database).group("TS-G01", month: LoanFixtures.february)
        #expect(view.attendanceSource == "attendance" && view.sessionsHeld == 1 && view.sessionsTransacted == 0)
        #expect(view.pointsTransactionAttendance == 0 && view.total == 40 && view.groupClass == "weak")
    }

    @Test(arguments: TestEngine.enabled) func evaluatingNeedsTheMonthsExtract(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let rules = try Self.shipped()
        let message = LoanFixtures.failure {
            _ = try EvaluationStore(database).evaluate(month: LoanFixtures.february, scorecards: rules.groups, associationScorecards: rules.associations, actor: actor)
        }
        #expect(message.contains("no loan extract was imported for 2024-02"))
    }
}

@Suite struct FeeStatementTests {
    let actor = Principal("KB-CB01")

    /// One loan of 100,000,000 đồng on which interest was collected, with `overdue` of it overdue.
    func statement(_ engine: TestEngine, overdue: Int64) throws -> FeeStore.Statement {
        let database = try GroupFixtures.database(engine)
        let row = LoanFixtures.row("LN-1", ["disbursed_amount": "100000000", "outstanding_performing": String(100_000_000 - overdue),
                                            "outstanding_overdue": String(overdue)])
        _ = try LoanImportStore(database).importFile(try LoanFixtures.file([LoanFixtures.header, row]), month: LoanFixtures.february, actor: actor)
        let report = try FeeStore(database).report(month: LoanFixtures.february, schedules: try EvaluationStoreTests.shipped().fees, office: "KB")
        return try #require(report.statements.first { $0.association == "TANSON-HND" })
    }

    @Test(arguments: TestEngine.enabled) func theReductionAppliesAtTheBandBoundariesTheFileSays(engine: TestEngine) throws {
        // 0.032% of 100,000,000 = 32,000 đồng before the reduction.
        for (overdue, share, fee) in [(1_990_000, "100", 32_000), (2_000_000, "80", 25_600), (3_990_000, "50", 16_000), (4_000_000, "0", 0)] as [(Int64, String, Int64)] {
            let s = try statement(engine, overdue: overdue)
            #expect(s.fullFee == 32_000)
            #expect(s.paidShare == share && s.fee == fee, "overdue \(s.overdueRatio)%: \(s.paidShare)%, \(s.fee)")
            #expect(s.split.values.reduce(0, +) == s.fee)
        }
    }

    @Test(arguments: TestEngine.enabled) func theSplitAddsUpExactlyToTheFee(engine: TestEngine) throws {
        // 1,234,567 × 0.032% = 395.06144 → 395 đồng; 84/9/4.5/2.5% of 395 leave đồng to hand out by largest remainder.
        let database = try GroupFixtures.database(engine)
        let row = LoanFixtures.row("LN-1", ["outstanding_performing": "1234567"])
        _ = try LoanImportStore(database).importFile(try LoanFixtures.file([LoanFixtures.header, row]), month: LoanFixtures.february, actor: actor)
        let report = try FeeStore(database).report(month: LoanFixtures.february, schedules: try EvaluationStoreTests.shipped().fees, office: nil)
        let s = try #require(report.statements.first)
        #expect(s.fee == 395)
        #expect(s.split == ["commune": 332, "district": 35, "province": 18, "central": 10])
        #expect(s.split.values.reduce(0, +) == 395)
        // Commission: 0.06% of the performing outstanding (the previous month was not imported: month-end only).
        #expect(report.commissions.first?.commission == 741 && report.averagedWith == nil)
    }
}
