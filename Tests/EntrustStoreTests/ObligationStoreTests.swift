import EntrustCore
import EntrustStore
import Foundation
import Testing

@Suite struct ObligationStoreTests {
    @Test func completeWithEvidenceThenNotAgain() throws {
        let database = try Fixtures.database()
        let number = try Fixtures.activeContract(database)
        let store = ObligationStore(database)
        let late = try store.list(.init(contract: number, status: .late))
        let ref = late[0].ref
        #expect(ref == "\(number):statistics:2024-01")  // due 10 January, the earliest late one
        #expect(throws: StoreError.self) { _ = try store.complete(ref, evidence: "  ", actor: Principal("TANSON-HND-CT")) }
        let done = try store.complete(ref, evidence: "Biên bản giao ban số 01/2024", actor: Principal("TANSON-HND-CT"))
        #expect(done.status == "done")
        #expect(done.completedBy == "TANSON-HND-CT")
        #expect(done.completedOn == "2024-03-15")
        #expect(throws: StoreError.self) { _ = try store.complete(ref, evidence: "again", actor: Principal("TANSON-HND-CT")) }
        #expect(try store.list(.init(contract: number, status: .late)).count == 4)
        #expect(try AuditStore(database).entries(entity: "obligation", key: ref).map(\.action) == ["complete"])
    }

    @Test func waiveNeedsAReason() throws {
        let database = try Fixtures.database()
        let number = try Fixtures.activeContract(database)
        let store = ObligationStore(database)
        let ref = "\(number):statistics:2024-05"
        #expect(throws: StoreError.self) { _ = try store.waive(ref, reason: "", actor: Principal("KB-CB01")) }
        #expect(try store.waive(ref, reason: "office closed for the merger", actor: Principal("KB-CB01")).status == "waived")
        #expect(throws: StoreError.self) { _ = try store.waive("\(number):statistics:2099-01", reason: "x", actor: Principal("KB-CB01")) }
        #expect(throws: StoreError.self) { _ = try store.waive("nonsense", reason: "x", actor: Principal("KB-CB01")) }
    }

    @Test func aDisbursementCreatesThe30DayLoanUseCheck() throws {
        let database = try Fixtures.database()
        let number = try Fixtures.activeContract(database)
        let store = ObligationStore(database)
        let outcome = try store.recordEvent(.disbursement, association: "TANSON-HND", on: LocalDate(year: 2024, month: 3, day: 1)!,
                                            reference: "LN-0001", note: nil, actor: Principal("KB-CB01"))
        #expect(outcome.contract == number)
        #expect(outcome.created.map(\.dueDate) == ["2024-03-31"])
        #expect(outcome.created.map(\.ref) == ["\(number):loan-use-check:disbursement:LN-0001"])
        // The same loan again is refused, or skipped when an import asks for that.
        #expect(throws: StoreError.self) {
            _ = try store.recordEvent(.disbursement, association: "TANSON-HND", on: LocalDate(year: 2024, month: 3, day: 1)!,
                                      reference: "LN-0001", note: nil, actor: Principal("KB-CB01"))
        }
        #expect(try store.recordEvent(.disbursement, association: "TANSON-HND", on: LocalDate(year: 2024, month: 3, day: 1)!,
                                      reference: "LN-0001", note: nil, actor: Principal("KB-CB01"), ignoreExisting: true).alreadyRecorded)
        // No contract covers Văn Xá's Women's Union; a date in the future is impossible.
        #expect(throws: StoreError.self) {
            _ = try store.recordEvent(.disbursement, association: "VANXA-HPN", on: LocalDate(year: 2024, month: 3, day: 1)!,
                                      reference: "LN-2", note: nil, actor: Principal("KB-CB01"))
        }
        #expect(throws: StoreError.self) {
            _ = try store.recordEvent(.disbursement, association: "TANSON-HND", on: LocalDate(year: 2024, month: 3, day: 16)!,
                                      reference: "LN-3", note: nil, actor: Principal("KB-CB01"))
        }
        #expect(try store.list(.init(contract: number)).filter { $0.code == "loan-use-check" }.count == 1)
    }

    @Test func dashboardCountsDueAndLate() throws {
        let database = try Fixtures.database()
        _ = try Fixtures.activeContract(database)
        let summary = try DashboardStore(database).summary(office: "KB")
        #expect(summary.contractsByState == ["active": 1])
        #expect(summary.dueThisMonth == 2)  // 10 March statistics, 31 March transaction day
        #expect(summary.late == 5)
        #expect(summary.mostLate.first?.association == "TANSON-HND")
        #expect(try DashboardStore(database).summary(office: "DB").late == 0)
    }
}
