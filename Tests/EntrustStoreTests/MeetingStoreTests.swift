import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import Foundation
import Testing

@Suite struct MeetingStoreTests {
    let at = GroupFixtures.at, day = GroupFixtures.day
    let holidays = GroupFixtures.holidays

    func monthly(_ database: AppDatabase, kind: MeetingKind = .groupMeeting, rule: String = "FREQ=MONTHLY;BYMONTHDAY=10",
                 start: String = "2024-01-10T08:00", policy: HolidayPolicy? = nil) throws -> MeetingStore.Scheduled {
        try MeetingStore(database).schedule(MeetingStore.SeriesDraft(kind: kind, group: "TS-G01", start: at(start),
                                                                     recurrence: .rule(try RecurrenceRule.parse(rule)), holidayPolicy: policy,
                                                                     horizon: day("2024-12-31")), holidays: holidays, actor: Principal("t"))
    }

    @Test(arguments: TestEngine.enabled) func meetingsMoveOffHolidaysAndTransactionDaysKeepTheirDate(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let scheduled = try monthly(database)
        #expect(scheduled.code == "TS-G01-HT")
        #expect(scheduled.occurrences == 12)
        let store = MeetingStore(database)
        let february = try store.meeting("TS-G01-HT@2024-02-10")
        #expect(february.start == "2024-02-15T08:00")  // Tết Giáp Thìn ran 8–14 February
        #expect(february.policyNote?.contains("Tết Nguyên đán") == true)
        // The point's fixed day is 31: the session is on the month's last day, weekend or holiday.
        let points = try store.schedule(MeetingStore.SeriesDraft(kind: .transactionDay, point: "KB-TANSON", start: at("2024-01-31T07:30"),
                                                                 recurrence: .once, horizon: day("2024-12-31")), holidays: holidays, actor: Principal("t"))
        #expect(points.occurrences == 12 && points.moved == 0)
        let sessions = try store.meetings(series: "KB-TANSON-PGD")
        #expect(sessions.map { String($0.start.prefix(10)) }.prefix(4) == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"])
        #expect(sessions[2].policyNote == "giữ nguyên vào ngày nghỉ: Chủ nhật")
        #expect(sessions[2].policyNoteEn == "kept on a non-working day: Sunday")
        // The skip policy drops the occurrence.
        let skipped = try monthly(database, kind: .convention, policy: .skip)
        #expect(skipped.skipped == 4 && skipped.occurrences == 8)
    }

    @Test(arguments: TestEngine.enabled) func dissolvingAGroupCancelsItsMeetingsFromThatDay(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        _ = try monthly(database)
        try GroupStore(database).dissolve("TS-G01", on: day("2024-06-01"), note: nil, actor: Principal("t"))
        let meetings = try MeetingStore(database).meetings(series: "TS-G01-HT")
        #expect(meetings.filter { $0.status == "cancelled" }.count == 7)
        #expect(meetings.first { $0.planned.hasPrefix("2024-05-10") }?.status == "scheduled")
        #expect(try MeetingStore(database).series(code: "TS-G01-HT").first?.status == "cancelled")
        #expect(try MeetingStore(database).history("TS-G01-HT@2024-07-10").map(\.action) == ["cancel_rest"])
    }

    @Test(arguments: TestEngine.enabled) func extendingTheHorizonNeverDuplicates(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        _ = try monthly(database)
        let store = MeetingStore(database)
        #expect(try store.extend(until: day("2025-06-30"), holidays: holidays, actor: Principal("t")) == 6)
        #expect(try store.extend(until: day("2025-06-30"), holidays: holidays, actor: Principal("t")) == 0)
        #expect(try store.meetings(series: "TS-G01-HT").count == 18)
    }

    @Test(arguments: TestEngine.enabled) func aStartOffTheRuleIsRefused(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        do {
            _ = try monthly(database, rule: "FREQ=MONTHLY;BYDAY=-1FR", start: "2024-01-25T08:00")
            Issue.record("expected a refusal")
        } catch let error as StoreError {
            #expect(error.description.contains("the next one is 2024-01-26"), "\(error)")
        }
        #expect(try MeetingStore(database).series().isEmpty)
    }

    @Test(arguments: TestEngine.enabled) func movesAndCancellationsKeepHistoryAndBumpTheSequence(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        _ = try monthly(database)
        let store = MeetingStore(database)
        let moved = try store.move("TS-G01-HT@2024-04-10", to: at("2024-04-12T14:00"), reason: "Trùng lịch họp xã", actor: Principal("t"))
        #expect(moved.start == "2024-04-12T14:00" && moved.end == "2024-04-12T16:00" && moved.sequence == 1)
        try store.cancel("TS-G01-HT@2024-04-10", reason: "Mưa bão", actor: Principal("t"))
        #expect(try store.meeting("TS-G01-HT@2024-04-10").sequence == 2)
        #expect(try store.history("TS-G01-HT@2024-04-10").map(\.action) == ["move", "cancel"])
        #expect(throws: StoreError.self) { try store.move("TS-G01-HT@2024-04-10", to: at("2024-04-15T08:00"), reason: nil, actor: Principal("t")) }
        #expect(try store.cancelSeries("TS-G01-HT", from: day("2024-10-01"), reason: "Tổ sáp nhập", actor: Principal("t")) == 3)
        let rest = try store.meetings(series: "TS-G01-HT", from: day("2024-10-01"))
        #expect(rest.allSatisfy { $0.status == "cancelled" && $0.sequence == 1 })
        #expect(try store.series(code: "TS-G01-HT").first?.status == "cancelled")
    }

    @Test(arguments: TestEngine.enabled) func quorumBelowAndAboveTheLine(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine, members: 6)
        let store = MeetingStore(database)
        _ = try store.schedule(MeetingStore.SeriesDraft(kind: .loanReview, group: "TS-G01", start: at("2024-04-05T14:00"), recurrence: .once),
                               holidays: holidays, actor: Principal("t"))
        let ref = "TS-G01-BX@2024-04-05"
        // Three of six is half, not more than half.
        let below = try store.recordAttendance(ref, [("TS-G01-01", .present), ("TS-G01-02", .present), ("TS-G01-03", .present),
                                                     ("TS-G01-04", .absent), ("TS-G01-05", .excused), ("TANSON-HND-CT", .present)], actor: Principal("t"))
        #expect(below.quorumMet == false)
        let above = try store.recordAttendance(ref, [("TS-G01-04", .present)], actor: Principal("t"))
        #expect(above.quorumMet == true)
        #expect(try store.attendance(ref).count == 6)
        // A stricter quorum set on the group applies to its decisions.
        try GroupStore(database).update("TS-G01", GroupStore.Changes(quorum: try QuorumRule.parse(">=80%")), actor: Principal("t"))
        #expect(try store.recordAttendance(ref, [("TS-G01-05", .absent)], actor: Principal("t")).quorumMet == false)
        // Ordinary group meetings have no quorum.
        _ = try monthly(database)
        #expect(try store.recordAttendance("TS-G01-HT@2024-01-10", [("TS-G01-01", .present)], actor: Principal("t")).quorumMet == nil)
        // An unknown attendee writes nothing.
        #expect(throws: StoreError.self) { try store.recordAttendance(ref, [("TS-G01-06", .present), ("NOBODY", .present)], actor: Principal("t")) }
        #expect(try store.attendance(ref).first { $0.code == "TS-G01-06" } == nil)
        try store.recordMinutes(ref, text: "Bình xét 3 hộ vay vốn", scan: "scan/BX-2024-04.pdf", actor: Principal("t"))
        #expect(try store.meeting(ref).minutesScan == "scan/BX-2024-04.pdf")
    }

    @Test(arguments: TestEngine.enabled) func attendanceRatesPerGroupAndMonth(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine, members: 6)
        _ = try monthly(database)
        let store = MeetingStore(database)
        try store.recordAttendance("TS-G01-HT@2024-01-10", [("TS-G01-01", .present), ("TS-G01-02", .present), ("TS-G01-03", .absent), ("TS-G01-04", .present)],
                                   actor: Principal("t"))
        let rates = try store.attendanceRates(group: "TS-G01", from: YearMonth(year: 2024, month: 1)!, to: YearMonth(year: 2024, month: 2)!)
        #expect(rates.map(\.month) == ["2024-01", "2024-02"])
        #expect(rates[0].present == 3 && rates[0].recorded == 4 && rates[0].percent == 75)
        #expect(rates[1].percent == nil)
    }

    @Test(arguments: TestEngine.enabled) func holidayPreviewShowsWhereMeetingsGo(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        _ = try monthly(database)
        let rows = try MeetingStore(database).holidayPreview(year: 2024, group: "TS-G01", association: nil, holidays: holidays)
        let tet = try #require(rows.first { $0.planned == "2024-02-10T08:00" })
        #expect(tet.outcome == "moved" && tet.result == "2024-02-15T08:00" && tet.holiday?.vi == "Tết Nguyên đán")
    }

    @Test(arguments: TestEngine.enabled) func icsFeedRoundTripsVietnameseNames(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let store = MeetingStore(database)
        _ = try store.schedule(MeetingStore.SeriesDraft(kind: .groupMeeting, title: "Họp tổ thôn Đồng Sơn; bình xét, tổng kết quý",
                                                        group: "TS-G01", location: "Nhà văn hóa thôn Đồng Sơn, xã Tân Sơn, huyện Kim Bang, tỉnh Hà Nam",
                                                        start: at("2024-01-10T08:00"),
                                                        recurrence: .rule(try RecurrenceRule.parse("FREQ=MONTHLY;BYMONTHDAY=10;COUNT=3"))),
                               holidays: holidays, actor: Principal("t"))
        try store.cancel("TS-G01-HT@2024-03-10", reason: nil, actor: Principal("t"))
        let calendar = try store.feed(.group("TS-G01"), stamp: Date(timeIntervalSince1970: 1_710_000_000))
        let text = calendar.text
        #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh"))
        #expect(text.contains("METHOD:PUBLISH\r\n") && text.contains("X-WR-CALNAME:"))
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 75, "\(line)")
        }
        let unfolded = ICSWriter.unfold(text)
        #expect(unfolded.contains("SUMMARY:Họp tổ thôn Đồng Sơn\\; bình xét\\, tổng kết quý"))
        #expect(unfolded.contains("LOCATION:Nhà văn hóa thôn Đồng Sơn\\, xã Tân Sơn\\, huyện Kim Bang\\, tỉnh Hà Nam"))
        #expect(unfolded.contains("UID:TS-G01-HT-20240310T080000@entrust.vbsp\r\n"))
        #expect(unfolded.contains("DTSTART;TZID=Asia/Ho_Chi_Minh:20240311T080000"))  // 10 March 2024 is a Sunday
        let cancelled = try #require(unfolded.components(separatedBy: "BEGIN:VEVENT").first { $0.contains("20240310T080000@") })
        #expect(cancelled.contains("STATUS:CANCELLED") && cancelled.contains("SEQUENCE:1"))
        // Text survives: every byte sequence is whole UTF-8, and the names decode back.
        #expect(String(data: Data(text.utf8), encoding: .utf8) == text)
    }

    @Test(arguments: TestEngine.enabled) func trainingsCountTowardsQuotas(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        try GroupStore(database).setBoard(group: "TS-G01", seats: [
            GroupStore.BoardSeat(role: .leader, memberCode: "TS-G01-01", termStart: day("2024-01-01"), termEnd: day("2028-12-31")),
            GroupStore.BoardSeat(role: .deputy, memberCode: "TS-G01-02", termStart: day("2024-01-01"), termEnd: day("2028-12-31")),
        ], actor: Principal("t"))
        let trainings = TrainingStore(database)
        let codes = try trainings.add([TrainingStore.Draft(association: "TANSON-HND", topic: "Nghiệp vụ tổ", trainer: "KB-CB01", audience: .groupBoards,
                                                           capacity: 2, start: at("2024-03-01T08:00"))], holidays: holidays, actor: Principal("t"))
        #expect(codes == ["TANSON-HND-TH"])
        #expect(throws: StoreError.self) { try trainings.enrol("TANSON-HND-TH", trainees: ["TS-G01-03"], actor: Principal("t")) }  // not on the board
        try trainings.enrol("TANSON-HND-TH", trainees: ["TS-G01-01", "TS-G01-02"], actor: Principal("t"))
        #expect(throws: StoreError.self) { try trainings.enrol("TANSON-HND-TH", trainees: ["TANSON-HND-CT"], actor: Principal("t")) }  // full
        try trainings.attend("TANSON-HND-TH", [("TS-G01-01", .present), ("TS-G01-02", .absent)], actor: Principal("t"))
        // The district association's quota counts trainings of the communes under it.
        try trainings.setQuota(association: "KIMBANG-HND", year: 2024, audience: .groupBoards, target: 3, deadline: day("2024-09-30"), actor: Principal("t"))
        let quota = try #require(try trainings.quotas(year: 2024).first)
        #expect(quota.trained == 1 && quota.target == 3)
        #expect(quota.behindSchedule == false)  // 15 March: a straight line to 30 September expects 1 of 3
        try trainings.setQuota(association: "KIMBANG-HND", year: 2024, audience: .groupBoards, target: 40, deadline: day("2024-09-30"), actor: Principal("t"))
        #expect(try trainings.quotas(year: 2024).first?.behindSchedule == true)
    }
}
