import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import Foundation
import Testing

/// Planning walks its window a day and a page of subjects at a time, and remembers what it planned (issue 12).
@Suite struct PlanningPagesTests {
    static let until = LocalDate(iso: "2024-04-30")!

    /// A contract's obligations, a group meeting and a transaction day: subjects of several events on several days.
    static func fixture(_ engine: TestEngine, clock: TestClock = TestClock(DeliveryFixture.today, hour: 10)) throws -> DeliveryFixture {
        let fixture = try DeliveryFixture(engine: engine, clock: clock)
        try fixture.activeContract()
        _ = try MeetingReminderTests.setUp(fixture)
        _ = try fixture.endpoint(url: "http://127.0.0.1:9/hook", events: "*")
        return fixture
    }

    /// Every message's key and state, to compare two outboxes.
    static func keys(_ fixture: DeliveryFixture) throws -> Set<String> {
        Set(try OutboxStore(fixture.database).list(limit: 10_000).map {
            "\($0.rule) \($0.subject) \($0.occurrence) \($0.recipient) \($0.channel) \($0.state)"
        })
    }

    @Test(arguments: TestEngine.enabled) func pagesOfOneSubjectPlanWhatOnePagePlans(engine: TestEngine) throws {
        let rules = try DeliveryFixture.rules()
        let whole = try Self.fixture(engine)
        let wide = try ReminderPlanStore(whole.database).plan(rules: rules, until: Self.until, actor: Principal("KB-GD"))
        let paged = try Self.fixture(engine)
        var seen: [ReminderPlanStore.Progress] = []
        let narrow = try ReminderPlanStore(paged.database, pageSize: 1).plan(rules: rules, until: Self.until, actor: Principal("KB-GD")) {
            seen.append($0)
        }

        #expect(wide.enqueued > 0)
        #expect(narrow.enqueued == wide.enqueued && narrow.emails == wide.emails && narrow.webhooks == wide.webhooks)
        #expect(try Self.keys(paged) == Self.keys(whole))
        // One subject per transaction: at least as many transactions as subjects planned.
        #expect(narrow.planned == wide.planned)
        #expect(narrow.transactions >= narrow.planned && narrow.transactions > wide.transactions)
        // Progress counts every day of every event's window once, in order, and ends at the whole.
        #expect(!seen.isEmpty)
        #expect(seen.map(\.daysDone) == Array(1...seen.count))
        #expect(seen.last.map { $0.daysDone == $0.days && $0.enqueued == narrow.enqueued } == true)
    }

    @Test(arguments: TestEngine.enabled) func theNextDayPlansOnlyWhatEnteredTheWindow(engine: TestEngine) throws {
        let rules = try DeliveryFixture.rules()
        let clock = TestClock(DeliveryFixture.today, hour: 10)
        let daily = try Self.fixture(engine, clock: clock)
        let store = ReminderPlanStore(daily.database)
        let first = try store.plan(rules: rules, until: Self.until, actor: Principal("KB-GD"))
        clock.advance(seconds: 86_400)
        let next = try store.plan(rules: rules, until: Self.until.adding(days: 1), actor: Principal("KB-GD"))

        // Most subjects were covered by the first run and are skipped; what the day added is the same as planning the
        // two days' windows at once.
        #expect(next.unchanged > 0)
        #expect(next.planned < first.planned)
        let once = try Self.fixture(engine)
        _ = try ReminderPlanStore(once.database).plan(rules: rules, until: Self.until.adding(days: 1), actor: Principal("KB-GD"))
        #expect(try Self.keys(daily) == Self.keys(once))
    }

    @Test(arguments: TestEngine.enabled) func aNewlySubscribedEndpointGetsTheSubjectsAlreadyPlanned(engine: TestEngine) throws {
        let rules = try DeliveryFixture.rules()
        let fixture = try Self.fixture(engine)
        let store = ReminderPlanStore(fixture.database)
        let first = try store.plan(rules: rules, until: Self.until, actor: Principal("KB-GD"))
        let second = try fixture.endpoint(url: "http://127.0.0.1:9/other", events: "meeting.*")

        let again = try store.plan(rules: rules, until: Self.until, actor: Principal("KB-GD"))

        // The meeting event's endpoints changed, so its subjects are planned again: the new endpoint gets webhooks and
        // nothing else is added; the other events' subjects are skipped.
        #expect(again.enqueued > 0 && again.emails == 0 && again.webhooks == again.enqueued)
        #expect(again.unchanged > 0 && again.planned < first.planned)
        let toSecond = try OutboxStore(fixture.database).list(limit: 10_000).filter { $0.recipient.hasPrefix("\(second.code)/") }
        #expect(toSecond.count == again.enqueued)
        #expect(toSecond.allSatisfy { $0.rule.hasPrefix("meeting") })
    }

    @Test(arguments: TestEngine.enabled) func aChangedAudiencePlansTheSubjectAgainAndCancelsWhatItNoLongerAsks(engine: TestEngine) throws {
        let rules = try DeliveryFixture.rules()
        let fixture = try Self.fixture(engine)
        let store = ReminderPlanStore(fixture.database)
        _ = try store.plan(rules: rules, until: Self.until, actor: Principal("KB-GD"))
        let before = try OutboxStore(fixture.database).list(limit: 10_000).filter { $0.recipient == "TS-LT" && $0.state == "scheduled" }
        #expect(!before.isEmpty)
        // The leader's term ends: the group's board (and the commune's group leaders) no longer include TS-LT.
        try fixture.database.backend.write { db in
            try db.execute(sql: "UPDATE board_term SET ended_on = ? WHERE ended_on IS NULL", arguments: ["2024-03-15"])
        }

        let again = try store.plan(rules: rules, until: Self.until, actor: Principal("KB-GD"))

        #expect(again.planned > 0 && again.unchanged > 0)
        #expect(again.cancelled >= before.count)
        let after = try OutboxStore(fixture.database).list(limit: 10_000).filter { $0.recipient == "TS-LT" }
        #expect(after.allSatisfy { $0.state == "cancelled" })
        // And once more: nothing left to do.
        let third = try store.plan(rules: rules, until: Self.until, actor: Principal("KB-GD"))
        #expect(third.planned == 0 && third.enqueued == 0 && third.cancelled == 0)
    }
}
