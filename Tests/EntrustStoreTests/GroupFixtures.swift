import EntrustConfig
import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import Foundation

/// Groups, members and the shipped holiday calendar on top of `Fixtures`.
enum GroupFixtures {
    static let holidays: HolidayCalendar = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("contracts/calendars/vn-holidays.yaml")
        return try! HolidayCalendarLoader.load(file: file).calendar
    }()

    /// Adds group TS-G01 (Tân Sơn, managed by TANSON-HND) with `members` households TS-G01-01…; returns the database.
    static func database(_ engine: TestEngine, members: Int = 6) throws -> AppDatabase {
        let database = try Fixtures.database(engine)
        let store = GroupStore(database)
        try store.add(GroupDraft(name: "Tổ TK&VV thôn Đồng Sơn", village: "Đồng Sơn", communeCode: "TANSON", associationCode: "TANSON-HND",
                                 foundedOn: LocalDate(iso: "2015-03-01")!, minimumMonthlySaving: VND(50_000)), actor: Principal("setup"))
        for number in 0..<members {
            try store.addMember(MemberDraft(groupCode: "TS-G01", name: "Hộ Nguyễn Văn \(number + 1)", nationalID: String(format: "035%09d", number + 1),
                                            category: .poor, joinedOn: LocalDate(iso: "2015-03-01")!), actor: Principal("setup"))
        }
        return database
    }

    static func auditCount(_ database: AppDatabase) throws -> Int {
        try database.backend.read { db in try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM audit_log") ?? 0 }
    }

    static func at(_ text: String) -> LocalDateTime { try! LocalDateTime.parse(text) }
    static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }
}
