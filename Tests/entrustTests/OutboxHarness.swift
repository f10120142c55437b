@testable import EntrustTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

// Pieces shared by the tests that run the outbox worker and the server as separate processes and break them on
// purpose (`FaultTests`, `DeliveryCrashTests`).

/// One outbox row as `entrust outbox list --format json` prints it.
struct OutboxRow: Decodable {
    let public_id: String
    let state: String
    let attempts: Int
    let channel: String
    let last_error: String?
}

/// `entrust deliver --loop` on the CLI's database and the real clock (retries need time to pass), its output
/// appended to `log`.
struct WorkerProcess {
    let process: Process

    static func start(_ cli: CLI, log: String, notifications: String, options: [String] = [],
                      environment extra: [String: String] = [:]) throws -> WorkerProcess {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["deliver", "--loop", "--concurrency", "4", "--batch", "20", "--lease", "2", "--poll", "0.2"] + options
            + ["--db", cli.database]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "ENTRUST_TODAY")
        for key in environment.keys where key.hasPrefix("ENTRUST_SMTP_") { environment.removeValue(forKey: key) }
        environment["ENTRUST_NOTIFICATIONS"] = notifications
        environment.merge(extra) { $1 }
        process.environment = environment
        process.currentDirectoryURL = cli.folder
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return WorkerProcess(process: process)
    }

    var isRunning: Bool { process.isRunning }

    /// SIGKILL, without warning, and wait for the process to be gone.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, which lets the sends in flight finish; waits (generously) and returns the exit status.
    func stop() async throws -> Int32 {
        Glibc.kill(process.processIdentifier, SIGTERM)
        try await waitUntil("the worker to stop after SIGTERM") { !process.isRunning }
        return process.terminationStatus
    }
}

/// Waits (with a generous safety deadline, never asserted as a speed) until `condition` holds.
func waitUntil(_ what: String, seconds: Double = 180, every interval: Duration = .milliseconds(20),
               _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while try await !condition() {
        if Date() > deadline { throw CLIError(message: "gave up waiting for \(what)") }
        try await Task.sleep(for: interval)
    }
}

extension CLI {
    /// Every outbox message, through the CLI.
    func outbox() async throws -> [OutboxRow] {
        let output = try await run(["outbox", "list", "--limit", "1000000", "--format", "json"])
        return try JSONDecoder().decode([OutboxRow].self, from: Data(output.stdout.utf8))
    }

    /// A copy of the shipped notifications without quiet hours, so that a worker on the real clock sends at any
    /// time of day. Returns its folder.
    func notificationsWithoutQuietHours() throws -> String {
        let folder = path("notifications")
        if FileManager.default.fileExists(atPath: folder) { return folder }
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("notifications").path, toPath: folder)
        let rules = try String(contentsOfFile: folder + "/rules.yaml", encoding: .utf8)
        let quiet = "  channels: [email, webhook]\n\nrules:"
        try #require(rules.contains(quiet), "the shipped rules.yaml no longer has quiet hours in the expected form")
        try rules.replacingOccurrences(of: quiet, with: "  channels: []\n\nrules:")
            .write(toFile: folder + "/rules.yaml", atomically: true, encoding: .utf8)
        return folder
    }

    /// Makes this CLI's database a copy of the Kim Bang demo district (18 points, 72 commune contracts, 213 groups,
    /// about 8,000 loans), built once per test run.
    func useDemo() async throws {
        try FileManager.default.copyItem(atPath: try await DemoDatabase.shared.file(), toPath: database)
    }

    /// `SELECT …` through the sqlite3 shell, awaited: one row per line, columns separated by `|`.
    func query(_ text: String) async throws -> [String] {
        try await sql(text).split(separator: "\n").map(String.init)
    }

    /// The rows `entrust audit verify` checked, or nil when it failed: the same number before and after means nothing
    /// was written, and a number means the chain is intact.
    func auditVerified() async throws -> Int? {
        let output = try await run(["audit", "verify"])
        guard output.status == 0 else { return nil }
        return output.stdout.split(separator: " ").compactMap { Int($0) }.first
    }

    /// Starts `entrust ARGS` as `run` would, without waiting: output goes to files, read by `finish()`.
    func launch(_ arguments: [String]) throws -> Launched {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments + ["--db", database, "--contracts", Self.packageRoot.appendingPathComponent("contracts").path]
        var environment = ProcessInfo.processInfo.environment
        environment["ENTRUST_TODAY"] = today
        environment["ENTRUST_NOTIFICATIONS"] = Self.packageRoot.appendingPathComponent("notifications").path
        environment.removeValue(forKey: "ENTRUST_AS")
        environment.removeValue(forKey: "ENTRUST_DB")
        process.environment = environment
        process.currentDirectoryURL = folder
        let name = UUID().uuidString
        let launched = Launched(process: process, stdout: path("launch-\(name).out"), stderr: path("launch-\(name).err"))
        for file in [launched.stdout, launched.stderr] { _ = FileManager.default.createFile(atPath: file, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: launched.stdout))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: launched.stderr))
        try process.run()
        return launched
    }

    /// A command started by `launch`, awaited without blocking a thread.
    struct Launched {
        let process: Process
        let stdout: String
        let stderr: String

        var isRunning: Bool { process.isRunning }

        /// What it has written to stderr so far.
        var errorText: String { (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "" }

        /// Waits for the command to end and returns what it printed.
        func finish() async throws -> Output {
            try await waitUntil("entrust \(process.arguments?.first ?? "") to end", seconds: 300) { !process.isRunning }
            let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
            return Output(status: process.terminationStatus, stdout: read(stdout), stderr: read(stderr))
        }

        /// SIGKILL, without warning.
        func kill() {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// The demo district, made once by `entrust demo` and copied by each test that needs it.
actor DemoDatabase {
    static let shared = DemoDatabase()
    private var making: Task<String, any Error>?

    func file() async throws -> String {
        if making == nil { making = Task { try await Self.make() } }
        return try await making!.value
    }

    /// One folder per test process, removed when it exits.
    static var folder: String { FileManager.default.temporaryDirectory.appendingPathComponent("entrust-demo-\(getpid())").path }

    private static func make() async throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: DemoDatabase.folder) }
        let cli = try CLI()
        defer { cli.cleanUp() }
        let output = try await cli.run(["demo"])
        guard output.status == 0 else { throw CLIError(message: "entrust demo failed: \(output.stderr)") }
        // The demo's process has exited, so its WAL was checkpointed into the main file: one file to copy.
        let path = folder + "/demo.sqlite"
        try FileManager.default.moveItem(atPath: cli.database, toPath: path)
        return path
    }
}

/// The database's loans of one month as the bank's extract CSV (header and rows), through the sqlite3 shell.
func districtExtract(_ cli: CLI, month: String) async throws -> String {
    let output = try await BadInput.spawn("/usr/bin/sqlite3", ["-csv", "-header", cli.database, """
        SELECT l.loan_id, l.borrower_id, l.borrower_name, g.code AS group_code, l.programme AS programme_code, l.disbursed_on,
               l.maturity_on, l.disbursed_amount, l.outstanding_performing, l.outstanding_overdue, l.outstanding_frozen,
               l.principal_due, l.principal_collected, l.interest_due, l.interest_collected, l.interest_arrears,
               l.savings_balance, l.last_transaction_on
        FROM loan l JOIN savings_group g ON g.id = l.group_id WHERE l.month = '\(month)' ORDER BY l.line
        """], in: cli.folder)
    return output.stdout.replacingOccurrences(of: "\r\n", with: "\n")
}

/// A small deterministic generator, so that a failing run of random kill points can be repeated
/// (`ENTRUST_FAULT_SEED=N swift test --filter Fault`).
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    let seed: UInt64

    init(seed: UInt64? = nil) {
        let chosen = seed ?? ProcessInfo.processInfo.environment["ENTRUST_FAULT_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...999_999)
        self.seed = chosen
        state = chosen
    }

    mutating func next() -> UInt64 {
        // SplitMix64.
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
