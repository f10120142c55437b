import Foundation
import Testing

/// The servers one test started, and where their logs are: a failing test shows their last lines beside its issue,
/// so that a red run says what the server said without the logs being printed on every green one.
public final class ServerLogs: @unchecked Sendable {
    /// The logs of the test running in this task (nil outside a test with the `.serverLogOnFailure` trait).
    @TaskLocal public static var current: ServerLogs?

    /// How many of a log's last lines a failure shows.
    public static let tailLines = 30

    private let lock = NSLock()
    private var files: [(name: String, path: String)] = []
    private var recent: [String] = []
    private var shown = false

    public init() {}

    /// A child server's log file, read when the test fails.
    public static func register(file path: String, name: String) {
        guard let logs = current else { return }
        logs.lock.withLock { logs.files.append((name, path)) }
    }

    /// A line of a server run inside the test process; the last `tailLines` are kept.
    func append(_ line: String) {
        lock.withLock {
            recent.append(line)
            if recent.count > Self.tailLines { recent.removeFirst(recent.count - Self.tailLines) }
        }
    }

    /// The tails, once per test: nil when there is nothing to show or they were shown already.
    func tailsOnce() -> String? {
        let (files, recent) = lock.withLock { () -> ([(name: String, path: String)], [String])? in
            if shown { return nil }
            shown = true
            return (self.files, self.recent)
        } ?? ([], [])
        var parts: [String] = []
        if !recent.isEmpty { parts.append("the in-process server's last lines:\n" + recent.joined()) }
        for file in files {
            let text = (try? String(contentsOfFile: file.path, encoding: .utf8)) ?? ""
            let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(Self.tailLines).joined(separator: "\n")
            parts.append("\(file.name) (\(file.path)), last lines:\n\(tail)")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "\n")
    }
}

/// `@Suite(.serverLogOnFailure)`: each test of the suite collects the logs of the servers it starts (`ServeProcess`,
/// an in-process server logging through `TestLog.logger()`); its first failing issue carries their last lines, and
/// a thrown error prints them.
public struct ServerLogOnFailure: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    static let handler = IssueHandlingTrait.compactMapIssues { issue in
        guard issue.isFailure, let tails = ServerLogs.current?.tailsOnce() else { return issue }
        var issue = issue
        issue.comments.append(Comment(rawValue: tails))
        return issue
    }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        // Suites get no scope of their own: each test (and each of its cases) collects its own logs.
        guard testCase != nil || !test.isSuite else { return try await function() }
        let logs = ServerLogs()
        try await ServerLogs.$current.withValue(logs) {
            try await Self.handler.provideScope(for: test, testCase: testCase) {
                do {
                    try await function()
                } catch {
                    if let tails = logs.tailsOnce() { FileHandle.standardError.write(Data("\(test.name): \(error)\n\(tails)\n".utf8)) }
                    throw error
                }
            }
        }
    }
}

extension Trait where Self == ServerLogOnFailure {
    /// Failing tests show the last lines of the logs of the servers they started.
    public static var serverLogOnFailure: Self { ServerLogOnFailure() }
}
