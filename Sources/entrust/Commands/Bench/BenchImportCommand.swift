import ArgumentParser
import EntrustCore
import EntrustBench
import Foundation

/// `entrust bench import --rows N`: the options of EntrustBench's `ImportBenchmark`.
struct BenchImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Benchmark the loan extract import: rows/s and peak memory, against sqlite3 .import of the same file.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "How many loan rows.", transform: Bounds.int(Bounds.benchCount)) var rows: Int = 1_000_000
    @Option(help: "How many groups (default: rows / 40, the national ratio).", transform: Bounds.int(Bounds.benchCount)) var groups: Int?
    @Option(help: "Rows read with yaslab/CSV.swift's stream reader for comparison (0: skip; it is slow).", transform: Bounds.int(0...100_000_000)) var libraryRows: Int = 200_000
    @Flag(help: "Skip the sqlite3 .import comparison.") var noSqlite3 = false

    func run() throws {
        try guarded {
            var benchmark = ImportBenchmark(wiring: .live)
            benchmark.rows = rows
            benchmark.groups = groups
            benchmark.libraryRows = libraryRows
            benchmark.compareWithSQLite3 = !noSqlite3
            try benchmark.run(say: { print($0) })
        }
    }
}
