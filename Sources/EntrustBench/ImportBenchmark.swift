import EntrustCore
import EntrustDemo
import EntrustStore
import Foundation

/// `entrust bench import --rows N`: a synthetic loan extract of N rows, imported into a throwaway database, against
/// `sqlite3 .import` of the same file into a bare table; also CSV.swift's stream reader and ours, reading only.
public struct ImportBenchmark {
    public var rows = 1_000_000
    /// How many groups (nil: rows / 40, the national ratio).
    public var groups: Int?
    /// Rows read with yaslab/CSV.swift's stream reader for comparison (0: skip; it is slow).
    public var libraryRows = 200_000
    public var compareWithSQLite3 = true
    public var wiring: DemoWiring

    public init(wiring: DemoWiring) { self.wiring = wiring }

    /// Runs the comparison, giving each result line to `say` as it is measured.
    public func run(say: (String) -> Void) throws {
        guard rows >= 1 else { throw CoreError.invalidValue(field: "--rows", value: String(rows), expected: "at least 1") }
        let groupCount = max(1, groups ?? rows / 40)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("loans.csv").path
        let size = try Self.generate(file, rows: rows, groups: groupCount)
        say("file: \(NumberText.grouped(Int64(rows), .en)) rows, \(NumberText.grouped(Int64(groupCount), .en)) groups, "
              + String(format: "%.1f MiB", Double(size) / 1_048_576))
        let baseline = Self.peakRSS()

        let database = try wiring.openDatabase(folder.appendingPathComponent("bench.sqlite").path, FixedClock(LocalDate(year: 2024, month: 1, day: 15)!))
        _ = try BenchmarkStore(database).makeGroups(groupCount)
        var started = Date()
        let summary = try LoanImportStore(database).importFile(file, month: YearMonth(year: 2023, month: 12)!, actor: Principal("bench"))
        let importSeconds = Date().timeIntervalSince(started)
        let importRSS = Self.peakRSS()
        say(String(format: "entrust import loans: %.1f s, %@ rows/s, peak RSS %@ MiB (%@ MiB before the import)", importSeconds,
                     NumberText.grouped(Int64(Double(summary.rows) / importSeconds), .en), NumberText.grouped(importRSS / 1024, .en),
                     NumberText.grouped(baseline / 1024, .en)))

        started = Date()
        let parsed = try LoanImportStore.countRecords(file)
        let readSeconds = Date().timeIntervalSince(started)
        say(String(format: "entrust reader alone (no database): %.1f s, %@ rows/s", readSeconds,
                     NumberText.grouped(Int64(Double(parsed) / readSeconds), .en)))

        if libraryRows > 0 {
            started = Date()
            let (count, error) = try LoanImportStore.countRecordsWithCSVSwift(file, limit: libraryRows)
            let librarySeconds = Date().timeIntervalSince(started)
            say(String(format: "yaslab/CSV.swift stream reader (first %@ rows, no database): %.1f s, %@ rows/s%@", NumberText.grouped(Int64(count), .en),
                         librarySeconds, NumberText.grouped(Int64(Double(count) / librarySeconds), .en),
                         error.map { "; it reported: \($0)" } ?? ""))
        }

        if compareWithSQLite3 {
            // Through /usr/bin/time when it is there: a forked child's own ru_maxrss starts at this process's size.
            let timer = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: timer ? "/usr/bin/time" : "/usr/bin/env")
            process.arguments = (timer ? ["-f", "%M", "sqlite3"] : ["sqlite3"])
                + [folder.appendingPathComponent("bare.sqlite").path, "-cmd", ".mode csv", ".import \(file) loan"]
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            started = Date()
            do { try process.run() } catch {
                throw StoreError.invalid(field: "sqlite3", value: "", reason: "is not installed (apt install sqlite3), or pass --no-sqlite3")
            }
            let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let seconds = Date().timeIntervalSince(started)
            let rss = output.split(separator: "\n").last.flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
            say(String(format: "sqlite3 .import into a bare table (no checks, no index): %.1f s, %@ rows/s%@", seconds,
                         NumberText.grouped(Int64(Double(rows) / seconds), .en),
                         rss.map { ", peak RSS \(NumberText.grouped($0 / 1024, .en)) MiB" } ?? ""))
        }
    }

    /// Peak resident memory of this process so far, in KiB (Linux `ru_maxrss`).
    public static func peakRSS() -> Int64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int64(usage.ru_maxrss)
    }

    /// Writes the file through `ChunkedFileWriter` (the generator's memory does not grow with it either); returns its size.
    public static func generate(_ path: String, rows: Int, groups: Int) throws -> Int64 {
        var file = try ChunkedFileWriter(path: path, field: "file")
        file.append(LoanColumn.headerLine + "\n")
        for index in 0..<rows {
            let outstanding = 20_000_000 + (index * 7_919) % 80_000_000
            let overdue = index % 97 == 0 ? 1_500_000 : 0
            let interest = outstanding * 55 / 10_000
            file.append("L\(index),B\(index),\"Nguyễn Văn \(index % 1_000), hộ \(index)\",BENCH-G\(1 + index % groups),\(["1", "19", "9", "3"][index % 4]),"
                + "2021-0\(1 + index % 9)-1\(index % 10),2026-0\(1 + index % 9)-1\(index % 10),100000000,\(outstanding - overdue),\(overdue),0,"
                + "\(index % 6 == 0 ? 2_000_000 : 0),\(index % 6 == 0 ? 2_000_000 : 0),\(interest),\(interest),0,\(1_000_000 + index % 5_000_000),2023-12-14\n")
        }
        return try file.finish()
    }
}
