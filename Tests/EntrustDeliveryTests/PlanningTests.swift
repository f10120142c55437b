import EntrustConfig
import EntrustCore
import EntrustEngineTestSupport
import EntrustDelivery
import EntrustGateways
import EntrustStore
import Foundation
import Testing

/// Planning reminders from current data with the shipped rules, on a real SQLite file.
@Suite struct PlanningTests {
    @Test(arguments: TestEngine.enabled) func plansObligationLaddersAndPlanningTwiceAddsNothing(engine: TestEngine) throws {
        let fixture = try DeliveryFixture(engine: engine)
        try fixture.activeContract()
        _ = try fixture.endpoint(url: "http://127.0.0.1:9/hook", events: "obligation.*")
        let store = ReminderPlanStore(fixture.database)
        let rules = try DeliveryFixture.rules()

        let first = try store.plan(rules: rules, until: LocalDate(iso: "2024-03-31")!, actor: Principal("KB-GD"))
        let second = try store.plan(rules: rules, until: LocalDate(iso: "2024-03-31")!, actor: Principal("KB-GD"))

        #expect(first.enqueued > 0)
        #expect(second.enqueued == 0)
        // Nothing changed: every subject is skipped by its plan mark, none is planned again.
        #expect(first.planned > 0 && first.unchanged == 0)
        #expect(second.planned == 0 && second.alreadyPlanned == 0 && second.unchanged == first.planned)
        // Every event type has a source (evaluations and fee statements plan from stored evaluations; there are none here).
        #expect(first.skippedEvents.isEmpty)
        let messages = try OutboxStore(fixture.database).list(limit: 1000)
        #expect(messages.count == first.enqueued)
        // Due on 2024-03-20: 7 days before (13th, already past on the 15th: not planned) and on the day, to the officer.
        let due = messages.filter { $0.rule == "obligation-due" && $0.channel == "email" }
        #expect(due.map(\.occurrence) == ["+0d@2024-03-20"])
        #expect(due.map(\.recipient) == ["TANSON-HND-CB"])
        #expect(due.first?.nextAttemptText == "2024-03-20T08:00:00+07:00")
        #expect(due.first?.state == "scheduled")
        // Late after the 22nd (two days' grace): escalated on the 25th to the chair and the bank's credit officer.
        let late = messages.filter { $0.rule == "obligation-late-escalation" && $0.channel == "email" }
        #expect(Set(late.map(\.recipient)) == ["TANSON-HND-CT", "KB-CB01"])
        #expect(Set(late.map(\.occurrence)) == ["+3d@2024-03-25"])
        // Webhooks go to the subscribed endpoint, one per person.
        #expect(messages.filter { $0.channel == "webhook" }.allSatisfy { $0.recipient.hasPrefix("ep-1/") })
        // The English-speaking officer gets English.
        #expect(try due.first!.payload().language == .en)
    }

    @Test(arguments: TestEngine.enabled) func contractExpiryIsRemindedAt90_60And30Days(engine: TestEngine) throws {
        let fixture = try DeliveryFixture(engine: engine)
        try fixture.activeContract(end: "2024-06-30")
        let summary = try ReminderPlanStore(fixture.database).plan(rules: try DeliveryFixture.rules(), until: LocalDate(iso: "2024-06-30")!,
                                                                   actor: Principal("KB-GD"))
        #expect(summary.enqueued > 0)
        let expiring = try OutboxStore(fixture.database).list(limit: 10_000).filter { $0.rule == "contract-expiring" && $0.channel == "email" }
        #expect(Set(expiring.map(\.occurrence)) == ["-90d@2024-04-01", "-60d@2024-05-01", "-30d@2024-05-31"])
        #expect(Set(expiring.map(\.recipient)) == ["KB-GD", "KB-CB01", "TANSON-HND-CT"])
    }

    @Test(arguments: TestEngine.enabled) func completingAnObligationCancelsItsWaitingReminders(engine: TestEngine) throws {
        let fixture = try DeliveryFixture(engine: engine)
        let contract = try fixture.activeContract()
        let store = ReminderPlanStore(fixture.database)
        let rules = try DeliveryFixture.rules()
        _ = try store.plan(rules: rules, until: LocalDate(iso: "2024-03-31")!, actor: Principal("KB-GD"))
        _ = try ObligationStore(fixture.database).complete("\(contract):giao-ban:2024-03", evidence: "Biên bản số 3", actor: Principal("TANSON-HND-CB"))

        let again = try store.plan(rules: rules, until: LocalDate(iso: "2024-03-31")!, actor: Principal("KB-GD"))

        #expect(again.cancelled > 0)
        let waiting = try OutboxStore(fixture.database).list(limit: 1000).filter { $0.subject.hasSuffix("giao-ban:2024-03") }
        #expect(waiting.allSatisfy { $0.state == "cancelled" })
    }

    @Test(arguments: TestEngine.enabled) func aReDatedObligationLosesItsOldReminders(engine: TestEngine) throws {
        let fixture = try DeliveryFixture(engine: engine)
        let contract = try fixture.activeContract()
        let store = ReminderPlanStore(fixture.database)
        let rules = try DeliveryFixture.rules()
        _ = try store.plan(rules: rules, until: LocalDate(iso: "2024-03-31")!, actor: Principal("KB-GD"))
        // An amendment moves the monthly meeting from the 20th to the 25th; future occurrences are re-dated.
        var template = DeliveryFixture.template
        template.version = "test.2"
        template.obligations[0].schedule = .monthly(every: 1, day: 25)
        let contracts = ContractStore(fixture.database)
        _ = try contracts.amend(contract, .init(template: template), reason: "meeting day moved", actor: Principal("KB-CB01"))
        _ = try contracts.approve(contract, note: nil, actor: Principal("KB-GD"))

        let again = try store.plan(rules: rules, until: LocalDate(iso: "2024-03-31")!, actor: Principal("KB-GD"))

        let due = try OutboxStore(fixture.database).list(limit: 1000)
            .filter { $0.rule == "obligation-due" && $0.channel == "email" && $0.subject.hasSuffix("giao-ban:2024-03") }
        #expect(due.first { $0.occurrence == "+0d@2024-03-20" }?.state == "cancelled")
        #expect(due.first { $0.occurrence == "+0d@2024-03-25" }?.state == "scheduled")
        #expect(again.cancelled > 0 && again.enqueued > 0)
        // Planning once more changes nothing.
        let third = try store.plan(rules: rules, until: LocalDate(iso: "2024-03-31")!, actor: Principal("KB-GD"))
        #expect(third.enqueued == 0 && third.cancelled == 0)
    }

    @Test func quietHoursMoveNonUrgentMessagesTo0600() throws {
        let quiet = QuietHours()
        let day = LocalDate(iso: "2024-03-15")!
        let at2230 = VietnamTime.instant(day, hour: 22, minute: 30)
        let at0300 = VietnamTime.instant(day, hour: 3, minute: 0)
        let at2059 = VietnamTime.instant(day, hour: 20, minute: 59)
        #expect(quiet.release(at2230, channel: .email, urgent: false) == VietnamTime.instant(day.adding(days: 1), hour: 6, minute: 0))
        #expect(quiet.release(at0300, channel: .email, urgent: false) == VietnamTime.instant(day, hour: 6, minute: 0))
        #expect(quiet.release(at2230, channel: .email, urgent: true) == at2230)
        #expect(quiet.release(at2059, channel: .webhook, urgent: false) == at2059)
        #expect(QuietHours(channels: [.email]).release(at2230, channel: .webhook, urgent: false) == at2230)
    }

    @Test(arguments: TestEngine.enabled) func planningAtNightWithAnInjectedClockSchedulesFor0600(engine: TestEngine) throws {
        // 22:00 on the due day: the on-the-day reminder is late already, but it waits for the morning.
        let fixture = try DeliveryFixture(engine: engine, clock: TestClock(LocalDate(iso: "2024-03-20")!, hour: 22))
        try fixture.activeContract()
        var rules = try DeliveryFixture.rules()
        _ = try ReminderPlanStore(fixture.database).plan(rules: rules, until: LocalDate(iso: "2024-03-20")!, actor: Principal("KB-GD"))
        let due = try OutboxStore(fixture.database).list().filter { $0.rule == "obligation-due" }
        #expect(!due.isEmpty)
        #expect(due.allSatisfy { $0.nextAttemptText == "2024-03-21T06:00:00+07:00" && $0.state == "scheduled" })

        // The same rule marked urgent goes at once.
        for index in rules.rules.indices where rules.rules[index].code == "obligation-due" {
            rules.rules[index].code = "obligation-due-urgent"
            rules.rules[index].urgent = true
        }
        _ = try ReminderPlanStore(fixture.database).plan(rules: rules, until: LocalDate(iso: "2024-03-20")!, actor: Principal("KB-GD"))
        let urgent = try OutboxStore(fixture.database).list().filter { $0.rule == "obligation-due-urgent" }
        #expect(!urgent.isEmpty)
        #expect(urgent.allSatisfy { $0.nextAttemptText == "2024-03-20T22:00:00+07:00" && $0.state == "available" })
    }

    @Test(arguments: TestEngine.enabled) func theWorkerHoldsNonUrgentMessagesDuringQuietHours(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine, clock: TestClock(LocalDate(iso: "2024-03-20")!, hour: 23))
        let id = try fixture.enqueue(channel: .email)
        let pool = try EntrustGateways.TransferPool(concurrency: 1)
        defer { pool.shutdown() }
        let worker = try fixture.worker(pool: pool, smtp: try SMTPConfig(url: "smtp://127.0.0.1:9", from: try EmailAddress("a@example.vn"),
                                                                          allowPlaintext: true), quietHours: QuietHours())
        #expect(try await worker.runBatch().claimed == 0)
        #expect(try fixture.message(id).message.state == "available")
        fixture.clock.set(VietnamTime.instant(LocalDate(iso: "2024-03-21")!, hour: 6, minute: 0))
        #expect(try await worker.runBatch().claimed == 1)
    }
}

/// Meetings, transaction days and trainings from the groups feature feed the planner.
@Suite struct MeetingReminderTests {
    static func d(_ text: String) -> LocalDate { LocalDate(iso: text)! }
    static func t(_ text: String) throws -> LocalDateTime { try LocalDateTime.parse(text) }

    /// A group whose leader is linked to a person with an email address, a meeting on 20 March and a transaction day on 14 April.
    static func setUp(_ fixture: DeliveryFixture) throws -> String {
        var people = OrganisationBatch()
        people.people = [PersonDraft(code: "TS-LT", name: "Bùi Văn Lực", email: "luc@example.vn", associationCode: "TANSON-HND")]
        try OrganisationStore(fixture.database).load(people, actor: Principal("setup"))
        let groups = GroupStore(fixture.database)
        let group = try groups.add(GroupDraft(code: "TS-G01", name: "Tổ 1 thôn Đông", communeCode: "TANSON", associationCode: "TANSON-HND",
                                              foundedOn: d("2020-01-01")), actor: Principal("setup"))
        for index in 1...5 {
            _ = try groups.addMember(MemberDraft(groupCode: group, code: "TS-G01-M\(index)", name: "Hộ \(index)", nationalID: "03409000000\(index)",
                                                 category: .poor, joinedOn: d("2020-01-01"), personCode: index == 1 ? "TS-LT" : nil),
                                     actor: Principal("setup"))
        }
        try groups.setBoard(group: group, seats: [GroupStore.BoardSeat(role: .leader, memberCode: "TS-G01-M1", termStart: d("2022-01-01"),
                                                                       termEnd: d("2026-12-31"))], actor: Principal("setup"))
        let holidays = try HolidayCalendar(rules: [])
        let meetings = MeetingStore(fixture.database)
        _ = try meetings.schedule(.init(code: "TS-G01-HT", kind: .groupMeeting, group: group, location: "Nhà văn hóa thôn Đông",
                                        start: try t("2024-03-20T08:00"), recurrence: .once), holidays: holidays, actor: Principal("setup"))
        _ = try meetings.schedule(.init(code: "KB-TANSON-PGD", kind: .transactionDay, point: "KB-TANSON", location: "Điểm giao dịch xã Tân Sơn",
                                        start: try t("2024-04-14T07:30"), recurrence: .once), holidays: holidays, actor: Principal("setup"))
        return group
    }

    @Test(arguments: TestEngine.enabled) func meetingsAndTransactionDaysAreRemindedAndFollowChanges(engine: TestEngine) throws {
        let fixture = try DeliveryFixture(engine: engine)
        _ = try Self.setUp(fixture)
        let store = ReminderPlanStore(fixture.database)
        let rules = try DeliveryFixture.rules()
        let first = try store.plan(rules: rules, until: Self.d("2024-04-30"), actor: Principal("KB-GD"))
        #expect(first.skippedEvents.isEmpty)

        func emails(_ rule: String) throws -> [OutboxMessage] {
            try OutboxStore(fixture.database).list(limit: 1000).filter { $0.rule == rule && $0.channel == "email" }
        }
        // The group meeting: 3 days and 1 day before, to the board (the leader) and the association's officer.
        let meeting = try emails("meeting-soon")
        #expect(Set(meeting.map(\.recipient)) == ["TS-LT", "TANSON-HND-CB"])
        #expect(Set(meeting.map(\.occurrence)) == ["-3d@2024-03-17", "-1d@2024-03-19"])
        let text = try meeting.first { $0.recipient == "TS-LT" }!.payload()
        #expect(text.data["location"] == "Nhà văn hóa thôn Đông" && text.data["time"] == "08:00")
        // The transaction day: the day before, to the commune's group leaders and association officers.
        let session = try emails("transaction-day-tomorrow")
        #expect(Set(session.map(\.recipient)) == ["TS-LT", "TANSON-HND-CB"])
        #expect(Set(session.map(\.occurrence)) == ["-1d@2024-04-13"])

        // Moved to the 22nd: the old reminders are cancelled and new ones planned.
        _ = try MeetingStore(fixture.database).move("TS-G01-HT@2024-03-20", to: try Self.t("2024-03-22T08:00"), reason: "trùng lịch", actor: Principal("TANSON-HND-CB"))
        _ = try store.plan(rules: rules, until: Self.d("2024-04-30"), actor: Principal("KB-GD"))
        let moved = try emails("meeting-soon")
        let old = moved.filter { ["-3d@2024-03-17", "-1d@2024-03-19"].contains($0.occurrence) }
        #expect(old.count == 4 && old.allSatisfy { $0.state == "cancelled" })
        #expect(Set(moved.filter { $0.state == "scheduled" }.map(\.occurrence)) == ["-3d@2024-03-19", "-1d@2024-03-21"])

        // A series cancelled from a later date keeps its earlier occurrences, and their reminders.
        _ = try MeetingStore(fixture.database).cancelSeries("TS-G01-HT", from: Self.d("2024-04-01"), reason: "tổ sáp nhập", actor: Principal("TANSON-HND-CB"))
        _ = try store.plan(rules: rules, until: Self.d("2024-04-30"), actor: Principal("KB-GD"))
        #expect(Set(try emails("meeting-soon").filter { $0.state == "scheduled" }.map(\.occurrence)) == ["-3d@2024-03-19", "-1d@2024-03-21"])

        // Cancelled: nothing about it goes out.
        try MeetingStore(fixture.database).cancel("TS-G01-HT@2024-03-20", reason: "hoãn", actor: Principal("TANSON-HND-CB"))
        _ = try store.plan(rules: rules, until: Self.d("2024-04-30"), actor: Principal("KB-GD"))
        #expect(try emails("meeting-soon").allSatisfy { $0.state == "cancelled" })
    }

    @Test(arguments: TestEngine.enabled) func trainingsAreRemindedToTheEnrolled(engine: TestEngine) throws {
        let fixture = try DeliveryFixture(engine: engine)
        _ = try Self.setUp(fixture)
        let trainings = TrainingStore(fixture.database)
        let codes = try trainings.add([.init(code: "TS-TH-01", association: "TANSON-HND", topic: "Nghiệp vụ Ban quản lý tổ", trainer: "KB-CB01",
                                             audience: .groupBoards, capacity: 30, start: try Self.t("2024-04-09T08:00"))],
                                      holidays: try HolidayCalendar(rules: []), actor: Principal("setup"))
        try trainings.enrol(codes[0], trainees: ["TS-G01-M1"], actor: Principal("setup"))
        _ = try ReminderPlanStore(fixture.database).plan(rules: try DeliveryFixture.rules(), until: Self.d("2024-04-30"), actor: Principal("KB-GD"))
        let training = try OutboxStore(fixture.database).list(limit: 1000).filter { $0.rule == "training-tomorrow" && $0.channel == "email" }
        #expect(training.map(\.recipient) == ["TS-LT"])
        #expect(training.map(\.occurrence) == ["-1d@2024-04-08"])
    }
}
