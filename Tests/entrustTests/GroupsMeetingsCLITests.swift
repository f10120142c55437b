import Foundation
import Testing

@Suite(.serialized) struct GroupsMeetingsCLITests {
    /// The CLI district plus group TS-G01 with six members, TS-G01-01 … TS-G01-06.
    func district() throws -> CLI {
        let cli = try CLI()
        try cli.ok(["load", try cli.write("district.yaml", districtYAML)])
        try cli.ok(["groups", "add", "--name", "Tổ TK&VV thôn Đồng Sơn", "--village", "Đồng Sơn", "--commune", "TANSON",
                    "--association", "TANSON-HND", "--founded", "2015-03-01", "--min-saving", "50000"])
        for number in 1...6 {
            try cli.ok(["members", "add", "--group", "TS-G01", "--name", "Hộ Nguyễn Văn \(number)", "--national-id", String(format: "035%09d", number),
                        "--category", "poor", "--joined", "2015-03-01"])
        }
        return cli
    }

    @Test func groupsMembersAndBoards() throws {
        let cli = try district()
        defer { cli.cleanUp() }
        #expect(try cli.ok(["groups", "list"]).contains("TS-G01"))
        try cli.ok(["groups", "board", "TS-G01", "--leader", "TS-G01-01", "--deputy", "TS-G01-02", "--secretary", "TS-G01-03", "--from", "2024-01-01"])
        let shown = try cli.ok(["groups", "show", "TS-G01", "--lang", "en"])
        #expect(shown.contains("Leader") && shown.contains("Hộ Nguyễn Văn 1"))
        try cli.ok(["members", "leave", "TS-G01-06", "--on", "2024-03-01", "--reason", "chuyển đi"])
        try cli.ok(["members", "leave", "TS-G01-05", "--on", "2024-03-01"])
        // Four active members: a warning on the listing, not a refusal.
        #expect(try cli.ok(["groups", "list", "--lang", "en"]).contains("4 active members; a group needs 5 to 60 (too few)"))
        let json = try cli.ok(["members", "list", "--group", "TS-G01", "--all", "--format", "json"])
        #expect(json.contains("\"left_on\" : \"2024-03-01\"") && json.contains("\"board_role\" : \"leader\""))
        try cli.ok(["groups", "update", "TS-G01", "--quorum", ">=60%"])
        #expect(try cli.ok(["groups", "show", "TS-G01"]).contains(">=60%"))
    }

    @Test func badInputGetsOneClearLineAndWritesNothing() throws {
        let cli = try district()
        defer { cli.cleanUp() }
        let before = try cli.auditRows()
        let schedule = ["meetings", "schedule", "--kind", "group_meeting", "--group", "TS-G01"]
        try cli.fails(schedule + ["--start", "2024-01-10T08:00", "--rrule", "FREQ=MONTHLY;COUNT=5;UNTIL=20241231"], saying: "COUNT and UNTIL cannot both be given")
        try cli.fails(schedule + ["--start", "2024-01-10T08:00", "--rrule", "FREQ=MONTHLY;BYDAY=9MO"], saying: "BYDAY='9MO' is not valid")
        try cli.fails(schedule + ["--start", "08:00", "--rrule", "FREQ=MONTHLY"], saying: "--start: '08:00' is not a valid date-time: the date is missing")
        try cli.fails(schedule + ["--start", "2024-01-10T08:00", "--rrule", "FREQ=MONTHLY;BYHOUR=9"], saying: "BYHOUR is not supported")
        try cli.fails(["calendar", "expand", "--rrule", "FREQ=WEEKLY;BYWEEKNO=3", "--start", "2024-01-10T08:00"], saying: "BYWEEKNO is not supported")
        try cli.fails(["groups", "board", "TS-G01", "--leader", "TS-G01-01", "--deputy", "NOT-A-MEMBER"],
                      saying: "--deputy 'NOT-A-MEMBER': is not a member of any group: a board member must be an active member of TS-G01")
        try cli.fails(["members", "add", "--group", "TS-G01", "--name", "Hộ mới", "--national-id", "0351234", "--category", "poor"],
                      saying: "--national-id '0351234'")
        #expect(try cli.auditRows() == before)
        try cli.ok(["groups", "dissolve", "TS-G01", "--on", "2024-03-01", "--note", "sáp nhập"])
        let dissolved = try cli.auditRows()
        try cli.fails(["members", "add", "--group", "TS-G01", "--name", "Hộ mới", "--national-id", "035000000100", "--category", "poor"],
                      saying: "the group is dissolved (since 2024-03-01): no member can join it")
        #expect(try cli.auditRows() == dissolved)
    }

    @Test func csvImportsAreAllOrNothingWithLineAndColumn() throws {
        let cli = try district()
        defer { cli.cleanUp() }
        let groups = try cli.write("groups.csv", """
            code,name,village,commune,association,founded_on,approval_ref,min_monthly_saving
            TS-G07,Tổ TK&VV thôn Lũng,Lũng,TANSON,TANSON-HND,2012-05-01,QĐ 12,100000
            TS-G08,Tổ TK&VV thôn Yên,Yên,NOWHERE,TANSON-HND,2013-05-01,,
            TS-G09,Tổ TK&VV thôn Cầu,Cầu,TANSON,TANSON-HND,2013-02-30,,lots
            """)
        let before = try cli.auditRows()
        let output = try cli.run(["groups", "import", groups])
        #expect(output.status != 0)
        #expect(output.stderr.contains("groups.csv:4, column founded_on"), "\(output.stderr)")
        #expect(output.stderr.contains("groups.csv:4, column min_monthly_saving"), "\(output.stderr)")
        #expect(try cli.auditRows() == before)
        let fixed = try cli.write("groups-fixed.csv", """
            code,name,village,commune,association,founded_on
            TS-G07,Tổ TK&VV thôn Lũng,Lũng,TANSON,TANSON-HND,2012-05-01
            TS-G08,Tổ TK&VV thôn Yên,Yên,NOWHERE,TANSON-HND,2013-05-01
            """)
        try cli.fails(["groups", "import", fixed], saying: "groups-fixed.csv:3, column commune: commune 'NOWHERE': unknown administrative unit 'NOWHERE'")
        #expect(try cli.auditRows() == before)
        let members = try cli.write("members.csv", """
            group,code,name,national_id,category,joined_on,board_role,term_start,term_end
            TS-G01,TS-G01-10,Hộ Lê Văn Mười,035000000010,near_poor,2020-01-01,,,
            TS-G01,TS-G01-11,"Hộ Phạm Thị Hằng",035000000011,poor,2020-01-01,leader,2024-01-01,2028-12-31
            """)
        #expect(try cli.ok(["members", "import", members, "--lang", "en"]).contains("loaded 2 members, 1 board seats"))
        #expect(try cli.ok(["groups", "show", "TS-G01"]).contains("Hộ Phạm Thị Hằng"))
    }

    @Test func calendarCommands() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let lastFridays = try cli.ok(["calendar", "expand", "--rrule", "FREQ=MONTHLY;BYDAY=-1FR", "--start", "2024-01-26T08:00", "--count", "4"])
        #expect(lastFridays == "2024-01-26T08:00\n2024-02-23T08:00\n2024-03-29T08:00\n2024-04-26T08:00\n")
        let moved = try cli.ok(["calendar", "expand", "--rrule", "FREQ=MONTHLY;BYMONTHDAY=10", "--start", "2024-01-10T08:00", "--until", "2024-03-31",
                                "--holiday-policy", "next-working-day"])
        #expect(moved == "2024-01-10T08:00\n2024-02-15T08:00\n2024-03-11T08:00\n")
        let kept = try cli.ok(["calendar", "expand", "--rrule", "FREQ=MONTHLY;BYMONTHDAY=10", "--start", "2024-01-10T08:00", "--count", "3",
                               "--holiday-policy", "keep"])
        #expect(kept == "2024-01-10T08:00\n2024-02-10T08:00\n2024-03-10T08:00\n")
        try cli.fails(["calendar", "expand", "--rrule", "FREQ=MONTHLY", "--start", "2024-01-10T08:00", "--count", "3", "--until", "2024-12-31"],
                      saying: "COUNT and UNTIL cannot both be given")
        try cli.fails(["calendar", "expand", "--lunar", "15", "--start", "2024-05-01T08:00", "--until", "2024-01-01"],
                      saying: "--until: '2024-01-01' is not valid")
        #expect(try cli.ok(["calendar", "expand", "--lunar", "15", "--start", "2024-02-10T08:00", "--count", "2"]) == "2024-02-24T08:00\n2024-03-24T08:00\n")
        let lunar = try cli.ok(["calendar", "lunar", "2030-02-02", "--format", "json"])
        #expect(lunar.contains("\"day\" : 1") && lunar.contains("\"month\" : 1") && lunar.contains("\"can_chi\" : \"Canh Tuất\""))
        #expect(try cli.ok(["calendar", "lunar", "1985-01-21"]).contains("1/1/1985"))
        #expect(try cli.ok(["calendar", "solar", "--lunar", "1/1/2030"]) == "2030-02-02\n")
        #expect(try cli.ok(["calendar", "solar", "--lunar", "1/4/2020", "--leap"]) == "2020-05-23\n")
        try cli.fails(["calendar", "solar", "--lunar", "1/5/2020", "--leap"], saying: "does not exist")
        let holidays = try cli.ok(["holidays", "list", "--year", "2026", "--format", "json"])
        let list = try JSONSerialization.jsonObject(with: Data(holidays.utf8)) as? [[String: Any]] ?? []
        #expect(list.contains { $0["date"] as? String == "2026-02-17" && $0["name_vi"] as? String == "Tết Nguyên đán" })
        #expect(list.contains { $0["code"] as? String == "hung-kings" && $0["date"] as? String == "2026-04-26" })
    }

    @Test func meetingsScheduleMoveCancelAttendAndExport() throws {
        let cli = try district()
        defer { cli.cleanUp() }
        #expect(try cli.ok(["meetings", "schedule", "--kind", "group_meeting", "--group", "TS-G01", "--start", "2024-01-10T08:00",
                            "--rrule", "FREQ=MONTHLY;BYMONTHDAY=10", "--horizon", "2024-12-31", "--lang", "en"])
                .contains("scheduled TS-G01-HT: 12 occurrences (4 moved off non-working days, 0 skipped)"))
        try cli.ok(["meetings", "schedule", "--kind", "loan_review", "--group", "TS-G01", "--start", "2024-04-05T14:00",
                    "--location", "Nhà văn hóa thôn Đồng Sơn, xã Tân Sơn"])
        try cli.ok(["meetings", "schedule", "--kind", "transaction_day", "--point", "KB-TANSON", "--start", "2024-01-14T07:30", "--horizon", "2024-06-30"])
        #expect(try cli.ok(["holidays", "preview", "--year", "2024", "--holidays-only", "--lang", "en"]).contains("moved to 2024-02-15T08:00"))
        let below = try cli.ok(["meetings", "attend", "TS-G01-BX@2024-04-05", "--present", "TS-G01-01,TS-G01-02,TS-G01-03", "--absent", "TS-G01-04", "--lang", "en"])
        #expect(below.contains("BELOW QUORUM"))
        #expect(try cli.ok(["meetings", "attend", "TS-G01-BX@2024-04-05", "--present", "TS-G01-04", "--lang", "en"]).contains("quorum present"))
        try cli.ok(["meetings", "move", "TS-G01-HT@2024-05-10", "--to", "2024-05-13T08:00", "--reason", "Trùng lịch"])
        try cli.ok(["meetings", "cancel", "TS-G01-HT@2024-06-10"])
        #expect(try cli.ok(["meetings", "cancel", "--series", "TS-G01-HT", "--from", "2024-11-01", "--lang", "en"]).contains("cancelled 2 occurrences"))
        let list = try cli.ok(["meetings", "list", "--group", "TS-G01", "--from", "2024-05-01", "--to", "2024-06-30", "--format", "json"])
        #expect(list.contains("\"start\" : \"2024-05-13T08:00\"") && list.contains("\"sequence\" : 1"))
        #expect(try cli.ok(["meetings", "show", "TS-G01-HT@2024-05-10"]).contains("Trùng lịch"))
        try cli.fails(["meetings", "move", "TS-G01-HT@2024-07-11", "--to", "2024-07-12T08:00"], saying: "unknown meeting 'TS-G01-HT@2024-07-11'")

        let ics = try cli.run(["calendar", "export", "--group", "TS-G01"])
        #expect(ics.status == 0, "\(ics.stderr)")
        let text = ics.stdout
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("LOCATION:Nhà văn hóa thôn Đồng Sơn\\, xã Tân Sơn"))
        #expect(unfolded.contains("X-WR-CALNAME:Lịch họp Tổ TK&VV thôn Đồng Sơn (TS-G01)"))
        #expect(unfolded.contains("UID:TS-G01-HT-20240510T080000@entrust.vbsp\r\nDTSTAMP:"))
        #expect(unfolded.contains("STATUS:CANCELLED"))
        #expect(unfolded.contains("UID:KB-TANSON-PGD-20240414T073000@entrust.vbsp"))
        // The same feed twice has the same UIDs: calendar apps update rather than duplicate.
        let again = try cli.run(["calendar", "export", "--group", "TS-G01"]).stdout
        #expect(again == text)
        try cli.fails(["calendar", "export", "--group", "TS-G01", "--person", "KB-GD"], saying: "give exactly one of --group, --association, --person")
    }

    @Test func demoHasKimBangsGroups() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let demo = cli.path("demo.sqlite")
        let output = try cli.run(["demo", "--lang", "en"], db: demo)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("213 savings and loan groups with 7970 member households"), "\(output.stdout)")
        let all = try cli.run(["groups", "list", "--format", "json"], db: demo).stdout
        let groups = try JSONSerialization.jsonObject(with: Data(all.utf8)) as? [[String: Any]] ?? []
        #expect(groups.count == 213)
        #expect(groups.reduce(0) { $0 + ($1["active_members"] as? Int ?? 0) } == 7_970)
        #expect(groups.filter { $0["commune"] as? String == "TANSON" }.reduce(0) { $0 + ($1["active_members"] as? Int ?? 0) } == 807)
        #expect(groups.allSatisfy { $0["warning"] == nil && $0["leader"] != nil })
        let series = try cli.run(["meetings", "series", "--format", "json"], db: demo).stdout
        let kinds = (try JSONSerialization.jsonObject(with: Data(series.utf8)) as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        #expect(kinds.filter { $0 == "group_meeting" }.count == 213)
        #expect(kinds.filter { $0 == "transaction_day" }.count == 18)
        #expect(kinds.filter { $0 == "giao_ban" }.count == 72)
        #expect(kinds.filter { $0 == "training" }.count == 22)
        #expect(try cli.run(["trainings", "quotas", "--year", "2024"], db: demo).stdout.contains("KIMBANG-HND"))
        #expect(try cli.run(["audit", "verify"], db: demo).status == 0)
    }
}
