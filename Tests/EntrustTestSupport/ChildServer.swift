import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real server process (a Python script) on 127.0.0.1 for the duration of one test.
///
/// The script prints its ephemeral port on stdout; we wait for that line. It exits when its
/// stdin closes, so even a crashed test run leaves no server behind; `stop()` (also run by
/// `deinit`) terminates it explicitly.
final class ChildServer {
    let port: Int
    private let process: Process
    private let stdin: Pipe
    private let stderrFile: URL
    private var stopped = false

    static let python = "/usr/bin/python3"

    /// The folder of helper scripts next to the tests.
    static var supportDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support")
    }

    init(script: String, arguments: [String], in directory: TemporaryDirectory, startupTimeout: Duration = .seconds(20)) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.supportDirectory.appendingPathComponent(script).path] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderrFile = directory.url.appendingPathComponent("\(script)-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        self.process = process
        self.stdin = stdin
        self.stderrFile = stderrFile

        // Read the first line without blocking a cooperative thread: poll, then sleep briefly.
        let fd = stdout.fileHandleForReading.fileDescriptor
        var collected: [UInt8] = []
        let deadline = ContinuousClock.now + startupTimeout
        var port: Int?
        while port == nil {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 0) > 0 {
                var buffer = [UInt8](repeating: 0, count: 256)
                let count = read(fd, &buffer, buffer.count)
                if count > 0 {
                    collected += buffer[0..<count]
                    if let newline = collected.firstIndex(of: UInt8(ascii: "\n")) {
                        port = Int(String(decoding: collected[..<newline], as: UTF8.self).trimmingCharacters(in: .whitespaces))
                        if port == nil { break }
                        continue
                    }
                } else if count == 0 {
                    break // EOF: the script died
                }
            }
            if !process.isRunning || ContinuousClock.now > deadline { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        guard let port else {
            let log = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            process.terminate()
            process.waitUntilExit()
            throw ChildServerError(message: "\(script) did not report a port; stdout: \(String(decoding: collected, as: UTF8.self)) stderr: \(log)")
        }
        self.port = port
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        try? stdin.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
        }
        process.waitUntilExit()
    }

    /// What the script wrote to stderr (for failure messages).
    var errorOutput: String {
        (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
    }

    deinit {
        stop()
    }
}

struct ChildServerError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
