@testable import EntrustTestSupport
import Foundation
import Testing

/// The `.serverLogOnFailure` trait: a failing test shows the last lines of its own servers' logs.
@Suite struct ServerLogsTests {
    @Test func theTailIsTheLastLinesOfEachServerOnceATest() throws {
        let directory = try TemporaryDirectory("server-logs")
        let file = directory.path("serve.log")
        try (1...100).map { "child line \($0)" }.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let logs = ServerLogs()
        ServerLogs.$current.withValue(logs) {
            ServerLogs.register(file: file, name: "entrust serve")
            let logger = TestLog.logger("entrust.test")
            for number in 1...50 { logger.info("in-process line \(number)") }
        }
        let tails = try #require(logs.tailsOnce())
        #expect(tails.contains("child line 100") && tails.contains("child line 71") && !tails.contains("child line 70\n"))
        #expect(tails.contains("in-process line 50") && tails.contains("in-process line 21") && !tails.contains("in-process line 20\n"))
        #expect(logs.tailsOnce() == nil, "a second failure of the same test does not repeat the tails")
        // Outside a test with the trait nothing is collected, and a server logs as before.
        ServerLogs.register(file: file, name: "ignored")
        #expect(ServerLogs.current == nil)
    }

    /// The outer trait drops the deliberate issue only if it carries the marker line: if the tail is missing, the
    /// issue stays and the test fails.
    @Test(.filterIssues { issue in !issue.comments.contains { $0.rawValue.contains("the marker line of this test") } }, .serverLogOnFailure)
    func aFailingIssueCarriesTheServerLog() {
        TestLog.logger("entrust.test").info("the marker line of this test")
        Issue.record("a deliberate failure, dropped by the outer trait once it carries the log's tail")
    }
}
