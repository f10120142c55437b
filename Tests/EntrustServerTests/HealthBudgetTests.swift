@testable import EntrustServer
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
}
