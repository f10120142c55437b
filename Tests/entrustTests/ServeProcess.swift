@testable import EntrustTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `entrust serve --port 0` as a child process, for the live and browser tests. It is stopped with SIGTERM.
final class ServeProcess {
    let process: Process
    let port: Int
    let logFile: URL
    var base: String { "http://127.0.0.1:\(port)" }

    init(cli: CLI, db: String, extra: [String] = [], environment extraEnvironment: [String: String] = [:], unset: [String] = [],
         startupTimeout: Duration = .seconds(120)) async throws {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["serve", "--port", "0", "--db", db, "--contracts", CLI.packageRoot.appendingPathComponent("contracts").path] + extra
        var environment = ProcessInfo.processInfo.environment
        environment["ENTRUST_TODAY"] = cli.today
        environment["ENTRUST_NOTIFICATIONS"] = CLI.packageRoot.appendingPathComponent("notifications").path
        environment.merge(extraEnvironment) { $1 }
        for key in unset { environment.removeValue(forKey: key) }
        process.environment = environment
        process.currentDirectoryURL = cli.folder
        let stdout = Pipe()
        // Beside the test results, not in the test's folder: it outlives the test, for a person to read after a red run.
        logFile = TestLog.outputDirectory.appendingPathComponent("serve-\(UUID().uuidString.prefix(12)).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        ServerLogs.register(file: logFile.path, name: "entrust serve")
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        self.process = process
        // Wait for "listening on http://127.0.0.1:PORT", polling without blocking a cooperative thread.
        let fd = stdout.fileHandleForReading.fileDescriptor
        var collected: [UInt8] = []
        var found: Int?
        let deadline = ContinuousClock.now + startupTimeout
        // The deadline is looked at only after a read: a test task can wait long for a thread when the suite keeps
        // the cooperative pool busy, and the line may have arrived meanwhile.
        while found == nil && process.isRunning {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 0) > 0 {
                var buffer = [UInt8](repeating: 0, count: 512)
                let count = read(fd, &buffer, buffer.count)
                if count > 0 { collected += buffer[0..<count] } else if count == 0 { break }
                let text = String(decoding: collected, as: UTF8.self)
                if let range = text.range(of: "listening on http://127.0.0.1:") {
                    found = Int(text[range.upperBound...].prefix { $0.isNumber })
                }
            } else if ContinuousClock.now >= deadline {
                break
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        guard let found else {
            process.terminate()
            throw CLIError(message: "entrust serve did not start: \(String(decoding: collected, as: UTF8.self)) \((try? String(contentsOf: logFile, encoding: .utf8)) ?? "")")
        }
        port = found
        self.stdout = stdout
    }

    private var stdout: Pipe?

    /// SIGTERM, then wait (generously) for a clean exit; returns the exit status.
    @discardableResult
    func stop(timeout: Duration = .seconds(60)) async -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { process.interrupt(); kill(process.processIdentifier, SIGKILL); process.waitUntilExit(); return -1 }
        return process.terminationStatus
    }

    /// SIGKILL, as a crash or an out-of-memory kill would end it: no shutdown, leases left behind.
    func crash() async {
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

struct CLIError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// GET or POST with URLSession-free plain sockets is overkill here: curl is on every machine that runs the tests.
enum HTTP {
    static func get(_ url: String, headers: [String] = []) throws -> (status: Int, body: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-m", "60", "-w", "\n%{http_code}", url] + headers.flatMap { ["-H", $0] }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let status = Int(text.split(separator: "\n").last ?? "") ?? 0
        return (status, String(text.dropLast(String(status).count + 1)))
    }

    /// One GET by curl asking for gzip (`--compressed`, so `body` is decoded): the status, the ETag and
    /// Content-Encoding answered, the bytes that travelled and the body.
    static func conditional(_ url: String, headers: [String] = []) throws
        -> (status: Int, eTag: String, encoding: String, transferred: Int, body: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        let trailer = "\n%{http_code}\n%header{etag}\n%header{content-encoding}\n%{size_download}"
        process.arguments = ["-s", "-m", "60", "--compressed", "-w", trailer, url] + headers.flatMap { ["-H", $0] }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        let transferred = Int(lines.popLast() ?? "") ?? -1
        let encoding = lines.popLast() ?? ""
        let eTag = lines.popLast() ?? ""
        let status = Int(lines.popLast() ?? "") ?? 0
        return (status, eTag, encoding, transferred, lines.joined(separator: "\n"))
    }
}
