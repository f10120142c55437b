import Foundation
import Testing

/// The hostile-input corpus in `Tests/BadInput` (see its README), and what every refusal must look like.
enum BadInput {
    static let folder = CLI.packageRoot.appendingPathComponent("Tests/BadInput")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func data(_ name: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(name)) }

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

    /// The CLI test district (`districtYAML`) with group TS-G01 and a February extract of three loans, so that a refused
    /// import has something to leave alone.
    static func district() throws -> CLI {
        let cli = try CLI()
        try cli.ok(["load", try cli.write("district.yaml", districtYAML)])
        try cli.ok(["groups", "add", "--name", "Tổ TK&VV thôn Đồng Sơn", "--village", "Đồng Sơn", "--commune", "TANSON",
                    "--association", "TANSON-HND", "--founded", "2015-03-01"])
        let february = [LoansCLITests.header] + (1...3).map { LoansCLITests.row($0) }
        try cli.ok(["import", "loans", try cli.write("february.csv", february.joined(separator: "\n")), "--month", "2024-02"])
        return cli
    }
}

extension CLI {
    /// Every row of every table, and the schema: equal before and after means the database is unchanged.
    func dump(_ db: String? = nil) throws -> String {
        let text = try sqlite(db ?? database, ".dump")
        #expect(text.contains("CREATE TABLE"), "no database to dump: \(text.prefix(200))")
        return text
    }

    /// Runs `entrust ARGS` with extra environment variables (ENTRUST_NOTIFICATIONS …), like `run`.
    func run(_ arguments: [String], environment extra: [String: String], contracts: String? = nil, timeout: Duration = .seconds(120)) throws -> Output {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments + ["--db", database, "--contracts", contracts ?? Self.packageRoot.appendingPathComponent("contracts").path]
        var environment = ProcessInfo.processInfo.environment
        environment["ENTRUST_TODAY"] = today
        environment["ENTRUST_NOTIFICATIONS"] = Self.packageRoot.appendingPathComponent("notifications").path
        environment.removeValue(forKey: "ENTRUST_AS")
        environment.removeValue(forKey: "ENTRUST_DB")
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.currentDirectoryURL = folder
        let out = folder.appendingPathComponent("out-\(UUID().uuidString)"), err = folder.appendingPathComponent("err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        // A hang is a failure, not a stuck suite: kill it at the deadline.
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        return Output(status: process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// Runs a command that must be refused: exit status 1 (not a crash), one `error: …` on stderr containing every
    /// expected text, nothing internal, and the database exactly as it was.
    @discardableResult
    func refuses(_ arguments: [String], saying expected: [String], environment: [String: String] = [:], contracts: String? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let before = try dump()
        let output = try run(arguments, environment: environment, contracts: contracts)
        let command = "entrust " + arguments.map { $0.count > 80 ? String($0.prefix(77)) + "…" : $0 }.joined(separator: " ")
        #expect(output.status == 1, "\(command): exit status \(output.status)\n\(output.stderr.prefix(2000))", sourceLocation: sourceLocation)
        #expect(output.stderr.hasPrefix("error: "), "\(command): \(output.stderr.prefix(2000))", sourceLocation: sourceLocation)
        for text in expected {
            #expect(output.stderr.contains(text), "\(command): expected “\(text)” in:\n\(output.stderr.prefix(4000))", sourceLocation: sourceLocation)
        }
        for leak in BadInput.leaks {
            #expect(!output.stderr.contains(leak), "\(command): “\(leak)” leaked:\n\(output.stderr.prefix(2000))", sourceLocation: sourceLocation)
        }
        #expect(try dump() == before, "\(command) changed the database", sourceLocation: sourceLocation)
        return output.stderr
    }
}
