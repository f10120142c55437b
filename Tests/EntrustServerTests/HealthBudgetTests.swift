@testable import EntrustServer
import Foundation
import Synchronization
import Testing

/// `/healthz` must answer a load balancer in time even when the database call behind it hangs.
@Suite("Health check budget") struct HealthBudgetTests {
    @Test func aProbeThatHangsIsAFailingAnswerWithinTheBudget() async {
        let answered = await OperationsController.answers(within: .milliseconds(100)) {
            try await Task.sleep(for: .seconds(3600))
            return true
        }
        #expect(answered == false)
    }

    @Test func aProbeThatAnswersInTimeIsItsAnswer() async {
        #expect(await OperationsController.answers(within: .seconds(30)) { true } == true)
        #expect(await OperationsController.answers(within: .seconds(30)) { false } == false)
    }

    @Test func aProbeThatThrowsIsAFailingAnswer() async {
        struct Down: Error {}
        #expect(await OperationsController.answers(within: .seconds(30)) { throw Down() } == false)
    }

    /// The database ping runs on a store thread; when the budget runs out the answer is given while that call still
    /// waits, rather than after it.
    @Test func aBlockedStoreCallIsAbandonedNotWaitedFor() async {
        let finished = Mutex(false)
        let answered = await OperationsController.answers(within: .milliseconds(100)) {
            try await StoreThreads.runAbandonable {
                Thread.sleep(forTimeInterval: 3)
                finished.withLock { $0 = true }
                return true
            }
        }
        #expect(answered == false)
        #expect(finished.withLock { $0 } == false, "the answer waited for the blocked call")
    }

    @Test func anAbandonableCallThatIsNotCancelledGivesItsResult() async throws {
        #expect(try await StoreThreads.runAbandonable { 42 } == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await StoreThreads.runAbandonable { () throws -> Int in throw Refused() } }
    }
}
