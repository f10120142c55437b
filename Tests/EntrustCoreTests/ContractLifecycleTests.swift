import EntrustCore
import Testing

@Suite struct ContractLifecycleTests {
    @Test func legalTransitions() throws {
        #expect(try ContractLifecycle.next(after: .submit, from: .draft) == .pendingApproval)
        #expect(try ContractLifecycle.next(after: .approve, from: .pendingApproval) == .active)
        #expect(try ContractLifecycle.next(after: .reject, from: .pendingApproval) == .draft)
        #expect(try ContractLifecycle.next(after: .suspend, from: .active) == .suspended)
        #expect(try ContractLifecycle.next(after: .resume, from: .suspended) == .active)
        #expect(try ContractLifecycle.next(after: .terminate, from: .suspended) == .terminated)
        #expect(try ContractLifecycle.next(after: .expire, from: .active) == .expired)
        #expect(try ContractLifecycle.next(after: .renew, from: .expired) == .expired)
    }

    @Test func illegalTransitionNamesTheStatesThatAllowIt() {
        #expect(throws: CoreError.illegalTransition(action: "suspend", from: "draft", allowedFrom: ["active"])) {
            try ContractLifecycle.next(after: .suspend, from: .draft)
        }
        #expect(throws: CoreError.self) { try ContractLifecycle.next(after: .submit, from: .active) }
        #expect(throws: CoreError.self) { try ContractLifecycle.next(after: .resume, from: .terminated) }
        #expect(throws: CoreError.self) { try ContractLifecycle.next(after: .amend, from: .expired) }
        let message = CoreError.illegalTransition(action: "terminate", from: "draft", allowedFrom: ["active", "suspended"]).description
        #expect(message == "cannot terminate a contract that is draft; terminate is allowed only from: active, suspended")
    }

    @Test func everyActionFromEveryState() {
        // Exhaustive: an action is legal exactly from the states it lists.
        for action in ContractAction.allCases {
            for state in ContractState.allCases {
                let legal = (try? ContractLifecycle.check(action, from: state)) != nil
                #expect(legal == action.allowedFrom.contains(state), "\(action) from \(state)")
            }
        }
        // Nothing leads out of a terminated contract.
        #expect(ContractAction.allCases.allSatisfy { !$0.allowedFrom.contains(.terminated) })
    }

    @Test func makerCannotApprove() {
        #expect(throws: CoreError.makerCannotApprove(person: "KB-CB01")) {
            try ContractLifecycle.checkApprover(approver: "KB-CB01", isApprover: true, makers: ["KB-CB01"])
        }
        #expect(throws: CoreError.notAnApprover(person: "KB-CB02")) {
            try ContractLifecycle.checkApprover(approver: "KB-CB02", isApprover: false, makers: ["KB-CB01"])
        }
        #expect(throws: Never.self) {
            try ContractLifecycle.checkApprover(approver: "KB-GD", isApprover: true, makers: ["KB-CB01"])
        }
    }

    @Test func endBeforeStartIsRefused() {
        let start = LocalDate(year: 2024, month: 1, day: 1)!, end = LocalDate(year: 2023, month: 12, day: 31)!
        #expect(throws: CoreError.endBeforeStart(start: start, end: end)) { try ContractLifecycle.checkTerm(start: start, end: end) }
    }
}
