import Foundation
import Logging

/// Where servers started inside the test process log: `.build/test-output/server-<pid>.log`, so that `make test`
/// prints the test runner's own lines and not thousands of request lines. A test with the `.serverLogOnFailure` trait
/// shows its own server's last lines when it fails (`ServerLogs`).
public enum TestLog {
    /// The folder for everything tests write beside their results.
    public static let outputDirectory: URL = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../.build/test-output").standardized
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }()

    public static let serverLogPath = outputDirectory.appendingPathComponent("server-\(getpid()).log").path

    /// A logger that appends to `serverLogPath`, and keeps the last lines for the running test's failure message.
    public static func logger(_ label: String = "entrust.server") -> Logger {
        let test = ServerLogs.current
        return Logger(label: label) { label in FileLogHandler(label: label, file: shared, test: test) }
    }

    static let shared = LogFile(path: serverLogPath)
}

/// One append-only file shared by every logger of the process, written a whole line at a time.
final class LogFile: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle?

    init(path: String) {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        handle = FileHandle(forWritingAtPath: path)
        handle?.seekToEndOfFile()
    }

    func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        handle?.write(Data(line.utf8))
    }
}

/// swift-log's handlers write to stdout or stderr only; this one writes the same lines to a file (hand-written: no
/// mirrored package offers a file handler).
struct FileLogHandler: LogHandler {
    let label: String
    let file: LogFile
    /// The logs of the test that made the server, when it has any.
    let test: ServerLogs?
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let fields = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "\(Date().ISO8601Format()) \(event.level) \(label):\(fields) [\(event.source)] \(event.message)\n"
        file.write(line)
        test?.append(line)
    }
}
