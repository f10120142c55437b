import EntrustStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The outside programs `entrust bench --scale` runs: entrust's own commands as child processes (timed, with their
/// peak memory, by /usr/bin/time), the `sqlite3` shell for the baselines, and `wrk` for HTTP load.
enum BenchTools {
    struct Missing: Error, CustomStringConvertible {
        var tools: [String]
        var description: String {
            "the benchmark needs \(tools.joined(separator: ", ")): run `make bench-deps` (installs wrk, sqlite3, time and curl)"
        }
    }

    /// Where each tool is, or an error naming every missing one.
    static func check() throws {
        let needed = ["/usr/bin/time": "/usr/bin/time", "sqlite3": "sqlite3", "wrk": "wrk", "curl": "curl"]
        let missing = needed.filter { which($0.value) == nil }.map(\.key).sorted()
        if !missing.isEmpty { throw Missing(tools: missing) }
    }

    static func which(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// This executable, to run entrust's own commands as children.
    static var entrust: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    struct Timed {
        var seconds: Double
        /// Peak resident memory in KiB.
        var peakKiB: Int64
        var output: String
    }

    /// Runs `arguments` through /usr/bin/time, with stdout and stderr in `log`; fails with the log's last lines when the
    /// command fails.
    /// `environment` adds to this process's variables; `unset` removes some (the delivery stage runs on the real clock).
    static func timed(_ arguments: [String], environment: [String: String] = [:], unset: [String] = [], log: URL, input: URL? = nil) throws -> Timed {
        let timeFile = log.deletingPathExtension().appendingPathExtension("time")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "%e %M", "-o", timeFile.path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.filter { !unset.contains($0.key) }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        if let input { process.standardInput = try FileHandle(forReadingFrom: input) }
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let tail = output.split(separator: "\n").suffix(5).joined(separator: "\n")
            throw StoreError.rule("`\(arguments.prefix(3).joined(separator: " "))` failed (exit \(process.terminationStatus)); the end of \(log.path):\n\(tail)")
        }
        let fields = ((try? String(contentsOf: timeFile, encoding: .utf8)) ?? "").split(whereSeparator: \.isWhitespace)
        guard fields.count >= 2, let seconds = Double(fields[fields.count - 2]), let peak = Int64(fields[fields.count - 1]) else {
            throw StoreError.rule("could not read /usr/bin/time's output in \(timeFile.path)")
        }
        return Timed(seconds: seconds, peakKiB: peak, output: output)
    }

    /// A child that keeps running (the webhook sink, the server) until `stop()`.
    final class Background {
        let process = Process()
        let log: URL
        private(set) var port = 0

        /// Starts `arguments` and waits until its log says `listening on http://HOST:PORT`.
        init(_ arguments: [String], environment: [String: String] = [:], log: URL) throws {
            self.log = log
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            try? handle.close()
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if let range = text.range(of: #"listening on http://[^:]+:(\d+)"#, options: .regularExpression),
                   let found = Int(text[range].split(separator: ":").last ?? "") {
                    port = found
                    return
                }
                guard process.isRunning else { break }
                usleep(50_000)
            }
            stop()
            throw StoreError.rule("`\(arguments.dropFirst().prefix(2).joined(separator: " "))` did not start listening; see \(log.path)")
        }

        /// SIGTERM, then waits for the child to finish.
        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    /// What `wrk --latency` reported.
    struct Load: Codable {
        var requestsPerSecond: Double
        var p50Ms: Double
        var p99Ms: Double
        var requests: Int
        var errors: Int
    }

    /// `wrk -t2 -cC -dD --latency`, with extra headers and an optional Lua script; errors and non-2xx answers are counted.
    static func wrk(_ url: String, connections: Int, seconds: Int, headers: [String] = [], script: URL? = nil, log: URL) throws -> Load {
        var arguments = ["wrk", "-t2", "-c\(connections)", "-d\(seconds)s", "--latency", "--timeout", "10s"]
        for header in headers { arguments += ["-H", header] }
        if let script { arguments += ["-s", script.path] }
        let output = try timed(arguments + [url], log: log).output
        func number(_ pattern: String) -> Double? {
            guard let range = output.range(of: pattern, options: .regularExpression) else { return nil }
            return Double(output[range].split(whereSeparator: { $0 == " " || $0 == ":" }).last.map(String.init) ?? "")
        }
        func latency(_ percent: String) -> Double? {
            guard let range = output.range(of: #"\#(percent)%\s+[0-9.]+(us|ms|s)"#, options: .regularExpression) else { return nil }
            let text = output[range].split(whereSeparator: \.isWhitespace).last.map(String.init) ?? ""
            for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(unit) {
                return Double(text.dropLast(unit.count)).map { $0 * factor }
            }
            return nil
        }
        guard let rate = number(#"Requests/sec:\s+[0-9.]+"#), let p50 = latency("50"), let p99 = latency("99") else {
            throw StoreError.rule("could not read wrk's report in \(log.path)")
        }
        let requests = output.range(of: #"[0-9]+ requests in"#, options: .regularExpression)
            .flatMap { Int(output[$0].split(separator: " ").first ?? "") } ?? 0
        var errors = Int(number(#"Non-2xx or 3xx responses:\s+[0-9]+"#) ?? 0)
        if let range = output.range(of: #"Socket errors:[^\n]+"#, options: .regularExpression) {
            errors += output[range].matches(of: /\d+/).compactMap { Int($0.output) }.reduce(0, +)
        }
        return Load(requestsPerSecond: rate, p50Ms: p50, p99Ms: p99, requests: requests, errors: errors)
    }

    /// A free TCP port on 127.0.0.1 (bound, read and released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StoreError.rule("cannot open a socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw StoreError.rule("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The machine, for the report: cores, memory and the CPU's name.
    static func machine() -> [String: String] {
        let cpu = ((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "").split(separator: "\n")
            .first { $0.hasPrefix("model name") }.map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) }
        return ["cores": String(ProcessInfo.processInfo.activeProcessorCount),
                "memory": String(format: "%.1f GiB", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824),
                "cpu": cpu ?? "unknown",
                "os": ProcessInfo.processInfo.operatingSystemVersionString]
    }
}
