import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import Foundation
import Testing

@Suite struct GroupStoreTests {
    let day = GroupFixtures.day

    @Test(arguments: TestEngine.enabled) func groupsAreNumberedPerCommuneAndWarnOutsideFiveToSixty(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine, members: 4)
        let store = GroupStore(database)
        #expect(try store.group("TS-G01").activeMembers == 4)
        #expect(try store.group("TS-G01").warning?.en == "4 active members; a group needs 5 to 60 (too few)")
        try store.addMember(MemberDraft(groupCode: "TS-G01", name: "Hộ Trần Thị Năm", nationalID: "035000000099", category: .nearPoor,
                                        joinedOn: day("2020-01-01")), actor: Principal("t"))
        #expect(try store.group("TS-G01").warning == nil)
        let second = try store.add(GroupDraft(name: "Tổ thôn Hạ", communeCode: "TANSON", associationCode: "TANSON-HND",
                                              foundedOn: day("2018-01-01")), actor: Principal("t"))
        #expect(second == "TS-G02")
        #expect(try store.members(group: "TS-G01").map(\.code).prefix(2) == ["TS-G01-01", "TS-G01-02"])
    }

    @Test(arguments: TestEngine.enabled) func aGroupIsManagedByAnAssociationOfItsOwnCommune(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        #expect(throws: StoreError.self) {
            try GroupStore(database).add(GroupDraft(name: "Tổ", communeCode: "TANSON", associationCode: "VANXA-HPN", foundedOn: day("2018-01-01")),
                                         actor: Principal("t"))
        }
    }

    @Test(arguments: TestEngine.enabled) func boardMemberWhoIsNotAMemberIsRefusedAndNothingIsWritten(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let store = GroupStore(database)
        let before = try GroupFixtures.auditCount(database)
        let seats = [GroupStore.BoardSeat(role: .leader, memberCode: "TS-G01-01", termStart: day("2024-01-01"), termEnd: day("2028-12-31")),
                     GroupStore.BoardSeat(role: .deputy, memberCode: "NOBODY", termStart: day("2024-01-01"), termEnd: day("2028-12-31"))]
        do {
            try store.setBoard(group: "TS-G01", seats: seats, actor: Principal("t"))
            Issue.record("expected a refusal")
        } catch let error as StoreError {
            #expect(error.description.contains("a board member must be an active member"), "\(error)")
        }
        #expect(try store.board(group: "TS-G01").isEmpty)
        #expect(try GroupFixtures.auditCount(database) == before)
    }

    @Test(arguments: TestEngine.enabled) func aStandingCommitteeMemberCannotSitOnTheBoard(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let store = GroupStore(database)
        try store.addMember(MemberDraft(groupCode: "TS-G01", code: "TS-G01-HOA", name: "Vũ Thị Hoa", nationalID: "035000000777", category: .otherPolicy,
                                        joinedOn: day("2016-01-01"), personCode: "TANSON-HND-CT"), actor: Principal("t"))
        #expect(throws: StoreError.self) {
            try store.setBoard(group: "TS-G01", seats: [GroupStore.BoardSeat(role: .secretary, memberCode: "TS-G01-HOA", termStart: day("2024-01-01"),
                                                                             termEnd: day("2028-12-31"))], actor: Principal("t"))
        }
    }

    @Test(arguments: TestEngine.enabled) func boardHistoryIsKeptWhenASeatChanges(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let store = GroupStore(database)
        func seat(_ role: BoardRole, _ member: String, _ from: String) -> GroupStore.BoardSeat {
            GroupStore.BoardSeat(role: role, memberCode: member, termStart: day(from), termEnd: day("2028-12-31"))
        }
        try store.setBoard(group: "TS-G01", seats: [seat(.leader, "TS-G01-01", "2022-01-01"), seat(.deputy, "TS-G01-02", "2022-01-01")], actor: Principal("t"))
        try store.setBoard(group: "TS-G01", seats: [seat(.leader, "TS-G01-03", "2024-02-01")], actor: Principal("t"))
        let board = try store.board(group: "TS-G01")
        #expect(board.filter { $0.endedOn == nil }.map(\.member) == ["TS-G01-03", "TS-G01-02"])
        #expect(board.first { $0.member == "TS-G01-01" }?.endedOn == "2024-01-31")
        #expect(try store.group("TS-G01").leader == "Hộ Nguyễn Văn 3")
        // One person, one seat.
        #expect(throws: StoreError.self) { try store.setBoard(group: "TS-G01", seats: [seat(.secretary, "TS-G01-03", "2024-03-01")], actor: Principal("t")) }
        // A leader who leaves loses the seat the same day.
        try store.leave(member: "TS-G01-03", on: day("2024-05-01"), reason: "chuyển đi", actor: Principal("t"))
        #expect(try store.group("TS-G01").leader == nil)
    }

    @Test(arguments: TestEngine.enabled) func noMemberJoinsADissolvedGroup(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let store = GroupStore(database)
        try store.dissolve("TS-G01", on: day("2024-03-01"), note: "sáp nhập thôn", actor: Principal("t"))
        #expect(try store.group("TS-G01").status == "dissolved")
        #expect(try store.group("TS-G01").activeMembers == 0)
        let before = try GroupFixtures.auditCount(database)
        do {
            try store.addMember(MemberDraft(groupCode: "TS-G01", name: "Hộ mới", nationalID: "035000000500", category: .poor,
                                            joinedOn: day("2024-03-10")), actor: Principal("t"))
            Issue.record("expected a refusal")
        } catch let error as StoreError {
            #expect(error.description.contains("the group is dissolved (since 2024-03-01): no member can join it"), "\(error)")
        }
        #expect(try GroupFixtures.auditCount(database) == before)
    }

    @Test(arguments: TestEngine.enabled) func aHouseholdIsActiveInOneGroupAtATime(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let store = GroupStore(database)
        try store.add(GroupDraft(name: "Tổ 2", communeCode: "TANSON", associationCode: "TANSON-HND", foundedOn: day("2018-01-01")), actor: Principal("t"))
        #expect(throws: StoreError.self) {
            try store.addMember(MemberDraft(groupCode: "TS-G02", name: "Hộ Nguyễn Văn 1", nationalID: "035000000001", category: .poor,
                                            joinedOn: day("2019-01-01")), actor: Principal("t"))
        }
    }

    @Test(arguments: TestEngine.enabled) func csvImportNamesEveryBadCellAndWritesNothing(engine: TestEngine) throws {
        let csv = """
            group,code,name,national_id,category,joined_on,board_role,term_start,term_end
            TS-G01,TS-G01-10,Hộ Lê Văn Mười,035000000010,poor,2020-01-01,,,
            TS-G01,TS-G01-11,"Hộ Phạm, Thị Hằng",03500000001,poorest,2020-02-30,,,
            TS-G01,TS-G01-12,Hộ Đỗ Văn Tâm,035000000012,near_poor,2020-01-01,chairman,2024-01-01,2028-12-31
            """
        do {
            _ = try GroupCSV.parse(data: Data(csv.utf8), file: "members.csv", kind: .members)
            Issue.record("expected issues")
        } catch let error as StoreError {
            let text = error.description
            #expect(text.contains("members.csv:3, column national_id"), "\(text)")
            #expect(text.contains("members.csv:3, column category: category 'poorest'"), "\(text)")
            #expect(text.contains("members.csv:3, column joined_on"), "\(text)")
            #expect(text.contains("members.csv:4, column board_role"), "\(text)")
            #expect(!text.contains("members.csv:2"), "\(text)")
        }
        // Rows that parse but break a rule in the store are refused all together, with their lines.
        let database = try GroupFixtures.database(engine)
        let good = """
            group,code,name,national_id,category,joined_on,board_role,term_start,term_end
            TS-G01,TS-G01-10,Hộ Lê Văn Mười,035000000010,poor,2020-01-01,leader,2024-01-01,2028-12-31
            TS-G99,TS-G99-01,Hộ Không Tổ,035000000011,poor,2020-01-01,,,
            """
        let batch = try GroupCSV.parse(data: Data(good.utf8), file: "members.csv", kind: .members)
        #expect(batch.members.count == 2 && batch.seats.count == 1)
        let before = try GroupFixtures.auditCount(database)
        do {
            try GroupStore(database).load(groups: [], members: batch.members, seats: batch.seats, actor: Principal("t"))
            Issue.record("expected a refusal")
        } catch let error as StoreError {
            #expect(error.description.contains("members.csv:3, column group: group 'TS-G99': unknown group 'TS-G99'"), "\(error)")
        }
        #expect(try GroupFixtures.auditCount(database) == before)
        #expect(try GroupStore(database).members(group: "TS-G01").count == 6)
    }

    @Test(arguments: TestEngine.enabled) func groupCSVLoads(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let csv = """
            code,name,village,commune,association,founded_on,approval_ref,min_monthly_saving
            TS-G07,Tổ TK&VV thôn Lũng,Lũng,TANSON,TANSON-HND,2012-05-01,QĐ 12/QĐ-UBND,100000
            ,Tổ TK&VV thôn Yên,Yên,TANSON,TANSON-HND,2013-05-01,,
            """
        let batch = try GroupCSV.parse(data: Data("\u{FEFF}".utf8) + Data(csv.utf8), file: "groups.csv", kind: .groups)
        let summary = try GroupStore(database).load(groups: batch.groups, members: [], actor: Principal("t"))
        #expect(summary.groups == 2)
        #expect(try GroupStore(database).groups(commune: "TANSON").map(\.code) == ["TS-G01", "TS-G07", "TS-G08"])
        #expect(try GroupStore(database).group("TS-G07").minimumMonthlySaving == 100_000)
    }
}
