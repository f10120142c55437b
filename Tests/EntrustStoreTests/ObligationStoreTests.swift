import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import Foundation
import Testing

@Suite struct ObligationStoreTests {
    @Test(arguments: TestEngine.enabled) func completeWithEvidenceThenNotAgain(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
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

    @Test(arguments: TestEngine.enabled) func waiveNeedsAReason(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let number = try Fixtures.activeContract(database)
        let store = ObligationStore(database)
        let ref = "\(number):statistics:2024-05"
        #expect(throws: StoreError.self) { _ = try store.waive(ref, reason: "", actor: Principal("KB-CB01")) }
        #expect(try store.waive(ref, reason: "office closed for the merger", actor: Principal("KB-CB01")).status == "waived")
        #expect(throws: StoreError.self) { _ = try store.waive("\(number):statistics:2099-01", reason: "x", actor: Principal("KB-CB01")) }
        #expect(throws: StoreError.self) { _ = try store.waive("nonsense", reason: "x", actor: Principal("KB-CB01")) }
    }

    @Test(arguments: TestEngine.enabled) func aDisbursementCreatesThe30DayLoanUseCheck(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
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

    @Test(arguments: TestEngine.enabled) func dashboardCountsDueAndLate(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        _ = try Fixtures.activeContract(database)
        let summary = try DashboardStore(database).summary(office: "KB")
        #expect(summary.contractsByState == ["active": 1])
        #expect(summary.dueThisMonth == 2)  // 10 March statistics, 31 March transaction day
        #expect(summary.late == 5)
        #expect(summary.mostLate.first?.association == "TANSON-HND")
        #expect(try DashboardStore(database).summary(office: "DB").late == 0)
    }
}

/// Issue 13 §6 and §8: a completion claims a day between the contract's start and today, and keeps when it was said.
@Suite struct CompletionDateTests {
    @Test(arguments: TestEngine.enabled) func aCompletionDayBeforeTheContractOrAfterTodayIsRefusedAndTheEntryTimeIsKept(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let number = try Fixtures.activeContract(database)  // starts 2024-01-01; today is 2024-03-15
        let store = ObligationStore(database)
        let ref = try store.list(.init(contract: number, status: .late))[0].ref
        for day in ["1990-01-01", "2023-12-31"] {
            let error = #expect(throws: StoreError.self) {
                _ = try store.complete(ref, evidence: "biên bản", on: LocalDate(iso: day), actor: Principal("TANSON-HND-CT"))
            }
            #expect(error?.description.contains("is before the contract began (2024-01-01)") == true, "\(String(describing: error))")
        }
        #expect(throws: StoreError.self) {
            _ = try store.complete(ref, evidence: "biên bản", on: LocalDate(year: 2024, month: 3, day: 16), actor: Principal("TANSON-HND-CT"))
        }
        #expect(try store.list(.init(contract: number, status: .late))[0].ref == ref, "a refused completion changes nothing")
        let done = try store.complete(ref, evidence: "biên bản", on: LocalDate(year: 2024, month: 1, day: 1), actor: Principal("TANSON-HND-CT"))
        #expect(done.completedOn == "2024-01-01")
        let entered = try #require(done.completedAt)
        #expect(entered.hasPrefix("2024-03-15T"), "entered at \(entered)")
    }

    @Test(arguments: TestEngine.enabled) func evidenceWithAControlCharacterOrOverTheNoteLimitIsRefusedWhole(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let number = try Fixtures.activeContract(database)
        let store = ObligationStore(database)
        let ref = try store.list(.init(contract: number, status: .late))[0].ref
        #expect(throws: CoreError.self) { _ = try store.complete(ref, evidence: "a\u{0}b", actor: Principal("x")) }
        #expect(throws: CoreError.self) { _ = try store.complete(ref, evidence: String(repeating: "ă", count: 2_001), actor: Principal("x")) }
        #expect(throws: CoreError.self) { _ = try store.waive(ref, reason: "lý do\u{1B}[31m", actor: Principal("x")) }
        #expect(try store.complete(ref, evidence: "dòng 1\ndòng 2", actor: Principal("x")).evidence == "dòng 1\ndòng 2")
    }
}
