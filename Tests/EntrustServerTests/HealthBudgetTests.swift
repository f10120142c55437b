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
        // The store call is held until the answer is in (at most ten minutes): had the answer waited for it, it would
        // come only after the call finished.
        let release = DispatchSemaphore(value: 0)
        let finished = Mutex(false)
        let answered = await OperationsController.answers(within: .milliseconds(100)) {
            try await StoreThreads.runAbandonable {
                _ = release.wait(timeout: .now() + 600)
                finished.withLock { $0 = true }
                return true
            }
        }
        let waitedForTheCall = finished.withLock { $0 }
        release.signal()
        #expect(answered == false)
        #expect(waitedForTheCall == false, "the answer waited for the blocked call")
    }

    @Test func anAbandonableCallThatIsNotCancelledGivesItsResult() async throws {
        #expect(try await StoreThreads.runAbandonable { 42 } == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await StoreThreads.runAbandonable { () throws -> Int in throw Refused() } }
    }
}
