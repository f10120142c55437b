import Foundation
import Testing

/// The hostile-input corpus in `Tests/BadInput` (see its README), and what every refusal must look like.
///
/// Every child process here is awaited with `Task.sleep`, never by blocking a thread: all test targets share one
/// process and its cooperative thread pool (one thread per core), on which the in-process and live server tests
/// answer their requests. A test that blocks those threads while hundreds of `entrust` runs go by starves them.
enum BadInput {
    static let folder = CLI.packageRoot.appendingPathComponent("Tests/BadInput")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A tab-separated table of the corpus, without comment lines.
    static func table(_ name: String) throws -> [[String]] {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// What must never reach a person: internals, traces, SQL, Foundation's error dumps.
    static let leaks = ["SELECT ", "INSERT ", "UPDATE ", "DELETE ", "Fatal error", "Stack", "stack trace", "GRDB", "SQLite error", "SQLITE_",
                        "Error Domain=", "NSCocoaErrorDomain", "CocoaError", "DecodingError", "CSVError", "YamlError", "Swift.", "0x"]

    /// Runs a program to its end without blocking a thread; output goes through files (no pipe to fill up). A run
    /// past `timeout` is killed: a hang is a failure, not a stuck suite.
    static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, in folder: URL,
                      timeout: Duration = .seconds(300)) async throws -> CLI.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.currentDirectoryURL = folder
        let out = folder.appendingPathComponent("out-\(UUID().uuidString)"), err = folder.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer { try? outHandle.close(); try? errHandle.close() }
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return CLI.Output(status: status, stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                          stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// The CLI test district (`districtYAML`) with group TS-G01 and a February extract of three loans, so that a refused
    /// import has something to leave alone.
    static func district() async throws -> CLI {
        let cli = try CLI()
        try await cli.succeeds(["load", try cli.write("district.yaml", districtYAML)])
        try await cli.succeeds(["groups", "add", "--name", "Tổ TK&VV thôn Đồng Sơn", "--village", "Đồng Sơn", "--commune", "TANSON",
                                "--association", "TANSON-HND", "--founded", "2015-03-01"])
        let february = [LoansCLITests.header] + (1...3).map { LoansCLITests.row($0) }
        try await cli.succeeds(["import", "loans", try cli.write("february.csv", february.joined(separator: "\n")), "--month", "2024-02"])
        return cli
    }
}

extension CLI {
    /// `sqlite3 DB SQL`, awaited.
    func sql(_ text: String, db: String? = nil) async throws -> String {
        try await BadInput.spawn("/usr/bin/sqlite3", [db ?? database, text], in: folder).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every row of every table, and the schema: equal before and after means the database is unchanged.
    func dump() async throws -> String {
        let text = try await sql(".dump")
        #expect(text.contains("CREATE TABLE"), "no database to dump: \(text.prefix(200))")
        return text
    }

    /// Runs `entrust ARGS --db … --contracts …` with a fixed today, like `run`, plus extra environment variables.
    func run(_ arguments: [String], environment extra: [String: String] = [:], contracts: String? = nil) async throws -> Output {
        var environment = ProcessInfo.processInfo.environment
        environment["ENTRUST_TODAY"] = today
        environment["ENTRUST_NOTIFICATIONS"] = Self.packageRoot.appendingPathComponent("notifications").path
        environment.removeValue(forKey: "ENTRUST_AS")
        environment.removeValue(forKey: "ENTRUST_DB")
        for (key, value) in extra { environment[key] = value }
        return try await BadInput.spawn(Self.executable.path, arguments + ["--db", database, "--contracts",
                                                                          contracts ?? Self.packageRoot.appendingPathComponent("contracts").path],
                                        environment: environment, in: folder)
    }

    /// Runs a command that must succeed, and returns what it printed.
    @discardableResult
    func succeeds(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let output = try await run(arguments)
        #expect(output.status == 0, "entrust \(arguments.joined(separator: " ")) failed: \(output.stderr)", sourceLocation: sourceLocation)
        return output.stdout
    }

    /// Runs a command that must be refused: exit status 1 (not a crash), one `error: …` on stderr containing every
    /// expected text, nothing internal, and the database exactly as it was.
    @discardableResult
    func refuses(_ arguments: [String], saying expected: [String], environment: [String: String] = [:], contracts: String? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let before = try await dump()
        let output = try await run(arguments, environment: environment, contracts: contracts)
        let command = "entrust " + arguments.map { $0.count > 80 ? String($0.prefix(77)) + "…" : $0 }.joined(separator: " ")
        #expect(output.status == 1, "\(command): exit status \(output.status)\n\(output.stderr.prefix(2000))", sourceLocation: sourceLocation)
        #expect(output.stderr.hasPrefix("error: "), "\(command): \(output.stderr.prefix(2000))", sourceLocation: sourceLocation)
        for text in expected {
            #expect(output.stderr.contains(text), "\(command): expected “\(text)” in:\n\(output.stderr.prefix(4000))", sourceLocation: sourceLocation)
        }
        for leak in BadInput.leaks {
            #expect(!output.stderr.contains(leak), "\(command): “\(leak)” leaked:\n\(output.stderr.prefix(2000))", sourceLocation: sourceLocation)
        }
        #expect(try await dump() == before, "\(command) changed the database", sourceLocation: sourceLocation)
        return output.stderr
    }
}
