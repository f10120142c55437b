import EntrustCore
import EntrustEngineTestSupport
import EntrustServer
import EntrustStore
import Logging
import Testing

/// The planner of `entrust serve` plans in one replica at a time, under the `planner` lease.
@Suite struct PlannerLeaseTests {
    static func planner(_ fixture: ServerFixture, holder: String) -> PlannerService {
        PlannerService(database: fixture.database, rules: ReminderRuleSet(rules: []), holidays: ServerFixture.holidays,
                       interval: .seconds(900), metrics: ServerMetrics(),
                       logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), holder: holder)
    }

    @Test(arguments: TestEngine.enabled) func onlyTheLeaseHolderPlansUntilItStopsRenewing(engine: TestEngine) throws {
        let fixture = try ServerFixture(engine: engine)
        let first = Self.planner(fixture, holder: "host-a:7:00000001")
        let second = Self.planner(fixture, holder: "host-b:7:00000002")
        #expect(try first.runIfLeader() != nil)
        #expect(try second.runIfLeader() == nil)
        // One interval later the holder plans again and renews its lease; the other still skips.
        fixture.clock.advance(seconds: 900)
        #expect(try first.runIfLeader() != nil)
        #expect(try second.runIfLeader() == nil)
        // The holder stops (it died): within one more planner period after its lease ran out, the other takes over.
        fixture.clock.advance(seconds: 900 + 90 + 1)
        #expect(try second.runIfLeader() != nil)
        #expect(try first.runIfLeader() == nil)
        #expect(try ServiceLeaseStore(fixture.database).holder(name: PlannerService.leaseName, now: fixture.clock.now()) == "host-b:7:00000002")
        // runOnce plans whoever holds the lease (the CLI's and tests' path).
        _ = try first.runOnce()
    }
}
