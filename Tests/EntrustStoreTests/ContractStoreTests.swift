import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import Foundation
import Testing

@Suite struct ContractStoreTests {
    @Test(arguments: TestEngine.enabled) func lifecycleFromDraftToActiveDatesTheObligations(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let store = ContractStore(database)
        let draft = try store.create(Fixtures.draft(), actor: Principal("KB-CB01"))
        #expect(draft.number == "KB-TANSON-HND-2024")
        #expect(draft.state == "draft")
        #expect(draft.point == "KB-TANSON")
        #expect(try store.submit(draft.number, actor: Principal("KB-CB01")).state == "pending_approval")
        let approval = try store.approve(draft.number, note: "ok", actor: Principal("KB-GD"))
        #expect(approval.contract.state == "active")
        // 12 transaction days + 12 monthly statistics + 1 yearly inspection quota in 2024.
        #expect(approval.obligationsCreated == 25)
        let obligations = ObligationStore(database)
        let transactionDays = try obligations.list(.init(contract: draft.number)).filter { $0.code == "transaction-day" }.map(\.dueDate)
        #expect(transactionDays.prefix(4) == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"])
        // Today is 2024-03-15: January and February transaction days and statistics, and March statistics (grace 2) are late.
        #expect(try obligations.list(.init(contract: draft.number, status: .late)).count == 5)
        #expect(try obligations.list(.init(contract: draft.number, status: .open)).count == 20)
    }

    @Test(arguments: TestEngine.enabled) func theMakerCannotApprove(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let store = ContractStore(database)
        let contract = try store.create(Fixtures.draft(), actor: Principal("KB-GD"))
        _ = try store.submit(contract.number, actor: Principal("KB-GD"))
        #expect(throws: StoreError.self) { _ = try store.approve(contract.number, note: nil, actor: Principal("KB-GD")) }
        do { _ = try store.approve(contract.number, note: nil, actor: Principal("KB-GD")) } catch {
            #expect(String(describing: error).contains("cannot also approve it (maker-checker)"))
        }
        // Someone without the role, someone from another office, and a name that is not a person are refused too.
        for outsider in ["KB-CB01", "DB-GD", "cli:root"] {
            #expect(throws: StoreError.self) { _ = try store.approve(contract.number, note: nil, actor: Principal(outsider)) }
        }
        #expect(try store.show(contract.number).contract.state == "pending_approval")
        // The provincial branch's approver is above the office and may approve.
        #expect(try store.approve(contract.number, note: nil, actor: Principal("HNA-GD")).contract.state == "active")
    }

    @Test(arguments: TestEngine.enabled) func illegalActionsAreRefusedAndChangeNothing(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let store = ContractStore(database)
        let contract = try store.create(Fixtures.draft(), actor: Principal("KB-CB01"))
        do {
            _ = try store.suspend(contract.number, reason: "test", actor: Principal("KB-CB01"))
            Issue.record("suspending a draft must fail")
        } catch {
            #expect(String(describing: error) == "cannot suspend a contract that is draft; suspend is allowed only from: active")
        }
        #expect(throws: StoreError.self) { _ = try store.approve(contract.number, note: nil, actor: Principal("KB-GD")) }
        #expect(throws: StoreError.self) { _ = try store.terminate(contract.number, reason: "x", mergedInto: nil, actor: Principal("KB-CB01")) }
        #expect(try store.show(contract.number).contract.state == "draft")
    }

    @Test(arguments: TestEngine.enabled) func rejectionSendsTheDraftBack(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let store = ContractStore(database)
        let contract = try store.create(Fixtures.draft(), actor: Principal("KB-CB01"))
        _ = try store.submit(contract.number, actor: Principal("KB-CB01"))
        #expect(try store.reject(contract.number, reason: "wrong point", actor: Principal("KB-GD")).state == "draft")
        #expect(try store.show(contract.number).changes.map(\.status) == ["rejected"])
    }

    @Test(arguments: TestEngine.enabled) func badCreationsAreRefused(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let store = ContractStore(database)
        #expect(throws: StoreError.self) { _ = try store.create(Fixtures.draft(association: "NOPE"), actor: Principal("x")) }
        #expect(throws: StoreError.self) { _ = try store.create(Fixtures.draft(start: "2024-06-01", end: "2024-05-31"), actor: Principal("x")) }
        #expect(throws: StoreError.self) { _ = try store.create(Fixtures.draft(association: "KIMBANG-HND"), actor: Principal("x")) }
        _ = try store.create(Fixtures.draft(number: "KB-X-1"), actor: Principal("x"))
        do {
            _ = try store.create(Fixtures.draft(number: "KB-X-1"), actor: Principal("x"))
            Issue.record("a duplicate number must fail")
        } catch {
            #expect(String(describing: error) == "contract 'KB-X-1' already exists")
        }
        #expect(try store.list().count == 1)
    }

    @Test(arguments: TestEngine.enabled) func amendmentMakesANewVersionAndKeepsTheOld(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let number = try Fixtures.activeContract(database)
        let store = ContractStore(database)
        _ = try store.amend(number, .init(end: LocalDate(year: 2024, month: 6, day: 30)), reason: "commune merger planned", actor: Principal("KB-CB01"))
        #expect(throws: StoreError.self) { _ = try store.amend(number, .init(end: LocalDate(year: 2024, month: 7, day: 31)), reason: "again", actor: Principal("KB-CB01")) }
        #expect(try store.show(number).contract.endDate == "2024-12-31", "nothing changes before approval")
        let approval = try store.approve(number, note: nil, actor: Principal("KB-PGD"))
        #expect(approval.contract.version == 2)
        #expect(approval.contract.endDate == "2024-06-30")
        #expect(approval.obligationsWaived == 13)  // July-December: 6 transaction days, 6 statistics, the yearly inspection
        let detail = try store.show(number)
        #expect(detail.versions.map(\.version) == [1, 2])
        #expect(detail.versions.map(\.endDate) == ["2024-12-31", "2024-06-30"])
        #expect(detail.versions[1].reason == "commune merger planned")
    }

    @Test(arguments: TestEngine.enabled) func amendingThePointRedatesTheFutureOnly(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        try OrganisationStore(database).load({
            var batch = OrganisationBatch()
            batch.bankUnits = [BankUnitDraft(code: "KB-TANSON-2", kind: .transactionPoint, name: "Điểm 2", parentCode: "KB", communeCode: "TANSON", fixedDay: 5)]
            return batch
        }(), actor: Principal("setup"))
        let store = ContractStore(database)
        #expect(throws: StoreError.self) { _ = try store.create(Fixtures.draft(), actor: Principal("KB-CB01")) }  // two points: which one?
        let number = try store.create(Fixtures.draft(point: "KB-TANSON"), actor: Principal("KB-CB01")).number
        _ = try store.submit(number, actor: Principal("KB-CB01"))
        _ = try store.approve(number, note: nil, actor: Principal("KB-GD"))
        _ = try store.amend(number, .init(point: "KB-TANSON-2"), reason: "new point", actor: Principal("KB-CB01"))
        _ = try store.approve(number, note: nil, actor: Principal("KB-GD"))
        let days = try ObligationStore(database).list(.init(contract: number)).filter { $0.code == "transaction-day" }.map(\.dueDate)
        #expect(days == ["2024-01-31", "2024-02-29", "2024-04-05", "2024-05-05", "2024-06-05", "2024-07-05", "2024-08-05",
                         "2024-09-05", "2024-10-05", "2024-11-05", "2024-12-05"])
    }

    @Test(arguments: TestEngine.enabled) func mergerTerminatesAndLinks(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let old = try Fixtures.activeContract(database)
        let store = ContractStore(database)
        let successor = try store.create(Fixtures.draft(association: "VANXA-HPN"), actor: Principal("KB-CB01")).number
        _ = try store.terminate(old, reason: "", mergedInto: successor, actor: Principal("KB-CB01"))
        let approval = try store.approve(old, note: nil, actor: Principal("KB-GD"))
        #expect(approval.contract.state == "terminated")
        #expect(approval.contract.endReason == "merged")
        #expect(approval.contract.successor == successor)
        #expect(approval.obligationsWaived > 0)
        #expect(try ObligationStore(database).list(.init(contract: old, dueAfter: Fixtures.today.adding(days: 1), status: .open)).isEmpty)
        #expect(throws: StoreError.self) { _ = try store.resume(old, actor: Principal("KB-CB01")) }
    }

    @Test(arguments: TestEngine.enabled) func renewalCreatesALinkedSuccessor(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let number = try Fixtures.activeContract(database)
        let store = ContractStore(database)
        let successor = try store.renew(number, template: Fixtures.template, start: nil, end: nil, newNumber: nil, actor: Principal("KB-CB01"))
        #expect(successor.number == "KB-TANSON-HND-2025")
        #expect(successor.startDate == "2025-01-01")
        #expect(successor.endDate == "2029-12-31")
        #expect(successor.predecessor == number)
        #expect(try store.show(number).contract.successor == successor.number)
        #expect(throws: StoreError.self) { _ = try store.renew(number, template: Fixtures.template, start: nil, end: nil, newNumber: nil, actor: Principal("x")) }
    }

    @Test(arguments: TestEngine.enabled) func overlappingContractsCannotBothBeActive(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        _ = try Fixtures.activeContract(database)
        let store = ContractStore(database)
        let second = try store.create(Fixtures.draft(number: "KB-TANSON-HND-B", start: "2024-06-01", end: "2025-05-31"), actor: Principal("KB-CB01"))
        _ = try store.submit(second.number, actor: Principal("KB-CB01"))
        #expect(throws: StoreError.self) { _ = try store.approve(second.number, note: nil, actor: Principal("KB-GD")) }
    }

    @Test(arguments: TestEngine.enabled) func extendingTheHorizonIsIdempotentAndExpires(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let number = try Fixtures.activeContract(database, Fixtures.draft(end: "2026-12-31"))
        let later = try AppDatabase(database.backend, clock: FixedClock(LocalDate(year: 2025, month: 3, day: 15)!))
        let store = ContractStore(later)
        let first = try store.extendHorizon(actor: Principal("system"))
        // 2025-03-16 … 2026-03-15: transaction days March 2025 to February 2026 (12), statistics April 2025 to March 2026 (12),
        // and the 2025 inspection quota.
        #expect(first.created == 25)
        let again = try store.extendHorizon(actor: Principal("system"))
        #expect(again.created == 0)
        let afterEnd = try AppDatabase(database.backend, clock: FixedClock(LocalDate(year: 2027, month: 1, day: 2)!))
        let expiry = try ContractStore(afterEnd).extendHorizon(actor: Principal("system"))
        #expect(expiry.expired == [number])
        #expect(try ContractStore(afterEnd).show(number).contract.state == "expired")
    }
}
