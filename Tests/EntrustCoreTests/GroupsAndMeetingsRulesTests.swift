import Testing
@testable import EntrustCore

@Suite struct GroupsAndMeetingsRulesTests {
    @Test func quorumIsMoreThanHalfByDefault() throws {
        let rule = QuorumRule.moreThanHalf
        #expect(!rule.isMet(present: 3, active: 6))  // exactly half is not more than half
        #expect(rule.isMet(present: 4, active: 6))
        #expect(!rule.isMet(present: 20, active: 41))
        #expect(rule.isMet(present: 21, active: 41))
        #expect(!rule.isMet(present: 0, active: 0))
        #expect(rule.minimumPresent(active: 6) == 4)
    }

    @Test func quorumIsConfigurable() throws {
        let twoThirds = try QuorumRule.parse(">=67%")
        #expect(twoThirds.inclusive && twoThirds.percent == 67)
        #expect(!twoThirds.isMet(present: 66, active: 100))
        #expect(twoThirds.isMet(present: 67, active: 100))
        #expect(try QuorumRule.parse(">50%") == .moreThanHalf)
        #expect(throws: CoreError.self) { try QuorumRule.parse("half") }
        #expect(throws: CoreError.self) { try QuorumRule.parse(">100%") }
        #expect(throws: CoreError.self) { try QuorumRule.parse(">=0%") }
    }

    @Test func groupSizeOutsideFiveToSixtyIsAWarning() {
        #expect(GroupRules.sizeWarning(activeMembers: 4)?.en.contains("too few") == true)
        #expect(GroupRules.sizeWarning(activeMembers: 5) == nil)
        #expect(GroupRules.sizeWarning(activeMembers: 60) == nil)
        #expect(GroupRules.sizeWarning(activeMembers: 61)?.vi.contains("vượt") == true)
    }

    @Test func groupCodesAreReadable() throws {
        #expect(GroupRules.communePrefix("Tân Sơn") == "TS")
        #expect(GroupRules.communePrefix("Đồng Hóa") == "DH")
        #expect(GroupRules.groupCode(prefix: "TS", number: 7) == "TS-G07")
        #expect(GroupRules.groupCode(prefix: "TS", number: 112) == "TS-G112")
        try GroupRules.validateNationalID("035123456789")
        #expect(throws: CoreError.self) { try GroupRules.validateNationalID("03512345678X") }
        #expect(throws: CoreError.self) { try GroupRules.validateNationalID("0351234") }
    }

    @Test func meetingKindsChooseTheirHolidayPolicy() {
        #expect(MeetingKind.transactionDay.defaultHolidayPolicy == .keep)
        for kind in MeetingKind.allCases where kind != .transactionDay {
            #expect(kind.defaultHolidayPolicy == .nextWorkingDay)
        }
        #expect(MeetingKind.allCases.filter(\.checksQuorum) == [.loanReview, .boardElection])
    }

    @Test func lunarRulesParse() throws {
        let monthly = try MeetingRecurrence.parse(rrule: nil, lunar: "15")
        #expect(monthly.lunarText == "15")
        #expect(try MeetingRecurrence.parse(rrule: nil, lunar: "15 noleap").lunarText == "15 noleap")
        #expect(try MeetingRecurrence.parse(rrule: nil, lunar: "10/3").lunarText == "10/3")
        #expect(throws: CoreError.self) { try MeetingRecurrence.parse(rrule: nil, lunar: "31") }
        #expect(throws: CoreError.self) { try MeetingRecurrence.parse(rrule: "FREQ=MONTHLY", lunar: "15") }
        // Lunar 15/1 of 2024 (Giáp Thìn) is 24 February 2024.
        let dates = try monthly.occurrences(start: try LocalDateTime.parse("2024-02-10T08:00"),
                                            window: LocalDate(iso: "2024-02-10")!...LocalDate(iso: "2024-04-30")!)
        #expect(dates.map(\.date.iso) == ["2024-02-24", "2024-03-24", "2024-04-23"])
    }

    @Test func planMovesMeetingsOffTet() throws {
        let calendar = try CalendarTestFixtures.vietnamHolidays()
        let rule = MeetingRecurrence.rule(try RecurrenceRule.parse("FREQ=MONTHLY;BYMONTHDAY=10"))
        let start = try LocalDateTime.parse("2024-01-10T08:00")
        let window = LocalDate(iso: "2024-01-01")!...LocalDate(iso: "2024-03-31")!
        let moved = try rule.plan(start: start, window: window, policy: .nextWorkingDay, holidays: calendar).compactMap(\.result)
        #expect(moved.map(\.iso) == ["2024-01-10T08:00", "2024-02-15T08:00", "2024-03-11T08:00"])
        let kept = try rule.plan(start: start, window: window, policy: .keep, holidays: calendar).compactMap(\.result)
        #expect(kept.map(\.date.iso) == ["2024-01-10", "2024-02-10", "2024-03-10"])
        let skipped = try rule.plan(start: start, window: window, policy: .skip, holidays: calendar).compactMap(\.result)
        #expect(skipped.map(\.date.iso) == ["2024-01-10"])
    }

    @Test func quotaProgressFlagsThoseBehind() {
        let start = LocalDate(iso: "2024-01-01")!, deadline = LocalDate(iso: "2024-09-30")!
        // 6,428 of 11,355 by late May against a September deadline (DOMAIN.md): ahead of a straight line.
        let branch = QuotaProgress(target: 11_355, trained: 6_428, yearStart: start, deadline: deadline, today: LocalDate(iso: "2024-05-25")!)
        #expect(!branch.isBehindSchedule)
        #expect(branch.percentDone == 56)
        let slow = QuotaProgress(target: 120, trained: 30, yearStart: start, deadline: deadline, today: LocalDate(iso: "2024-06-30")!)
        #expect(slow.expectedByToday == 80)
        #expect(slow.isBehindSchedule)
        let late = QuotaProgress(target: 120, trained: 119, yearStart: start, deadline: deadline, today: LocalDate(iso: "2024-10-01")!)
        #expect(late.isBehindSchedule)
        #expect(!QuotaProgress(target: 120, trained: 120, yearStart: start, deadline: deadline, today: LocalDate(iso: "2024-12-01")!).isBehindSchedule)
    }
}
