import ArgumentParser
import EntrustCore
import EntrustBench
import EntrustDemo
import EntrustStore
import EntrustStoreEngines
import Foundation

/// `entrust bench --scale district|province|national`: the options of EntrustBench's `ScaleBenchmark`, and its table
/// on stdout (results.json and results.md in --out). BENCHMARKS.md records the runs.
struct BenchScaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Generate a district, province or national data set and time import, evaluation, planning, delivery and HTTP against baselines.",
        discussion: """
            Stages, each beside a baseline from the same run on the same data:
              import      `entrust import loans` of the month's extract   vs `sqlite3` .import (or `psql` \\copy) of the same CSV into a bare table
              evaluation  `entrust evaluate` (six criteria, classes, stored) vs one hand-written SQL aggregate in `sqlite3` (or `psql`)
              planning    `entrust reminders plan` for 30 days, twice (the second run must add nothing)
              delivery    `entrust deliver --once` of N webhooks to a local sink vs `wrk` posting to the same sink
              http        /dashboard (bank staff) and /week (officer) under 50 clients vs /healthz, all with `wrk`
            --engine postgres runs the same stages on PostgreSQL, in the database --postgres names (wiped first: its \
            public schema is dropped), with psql for the baselines.
            Needs wrk, sqlite3, /usr/bin/time and curl (and psql for PostgreSQL): `make bench-deps`. Build in release mode first (`make bench` does both).
            Targets are for the national scale on a 2-core machine; a missed target is reported, never hidden.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "district (213 groups, 8,000 loans), province (4,500 / 210,000) or national (170,000 / 6.8 million).")
    var scale: BenchScale = .district
    @Option(help: "The seed the data set follows from.") var seed: UInt64 = 1
    @Option(help: "Folder for the data set, logs and results (default: bench-results/SCALE).") var out: String?
    @Option(help: "Webhooks delivered in the delivery stage.", transform: Bounds.int(Bounds.benchCount)) var deliveries: Int = 50_000
    @Option(help: "Seconds each wrk run lasts.", transform: Bounds.int(Bounds.seconds)) var duration: Int = 10
    @Option(help: "Concurrent HTTP clients.", transform: Bounds.int(Bounds.threads)) var clients: Int = 50
    @Option(help: "The worker's transfer threads in the delivery stage.", transform: Bounds.int(Bounds.threads)) var concurrency: Int = 8
    @Flag(help: "Keep the database and the CSV (they are large at national scale).") var keepData = false
    @Option(help: "The stages to run, comma-separated: import, evaluation, planning, delivery, http (default: all).")
    var stages: BenchStages = BenchStages(BenchStage.allCases)
    @Flag(help: "Use the data set a --keep-data run left in --out instead of generating one: for evaluation and http only.")
    var reuse = false
    @Option(help: "The engine to measure: sqlite (bench.sqlite in --out) or postgres (the database --postgres names).")
    var engine: Dialect = .sqlite
    @Option(help: ArgumentHelp("With --engine postgres: the URL of a database the benchmark may wipe (its public schema is dropped first).",
                               valueName: "url"))
    var postgres: String?

    func run() throws {
        try guarded {
            if engine == .postgres {
                guard let postgres, case .postgres = StoreLocation(postgres) else {
                    throw StoreError.invalid(field: "--postgres", value: postgres ?? "",
                                             reason: "--engine postgres needs the postgres:// URL of a database the benchmark may wipe")
                }
            }
            var benchmark = ScaleBenchmark(folder: URL(fileURLWithPath: out ?? "bench-results/\(scale.rawValue)"),
                                           template: try global.benchTemplate(), holidays: try global.holidays().calendar,
                                           contractsFolder: global.contractsFolder.path,
                                           command: CommandLine.arguments.dropFirst().joined(separator: " "), wiring: .live)
            benchmark.scale = scale
            benchmark.seed = seed
            benchmark.deliveries = deliveries
            benchmark.duration = duration
            benchmark.clients = clients
            benchmark.concurrency = concurrency
            benchmark.keepData = keepData
            benchmark.stages = stages
            benchmark.reuse = reuse
            benchmark.engine = engine
            benchmark.postgres = postgres
            let result = try benchmark.run(progress: { printNow($0) })
            print("")
            print(result.report.title)
            printTable(BenchReport.header, result.report.rows)
            print("\nresults: \(result.markdown.path), \(result.json.path); logs: \(result.logs.path)")
        }
    }
}

/// `entrust bench data`: only the data set, kept, for a look or for measuring something by hand.
struct BenchDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Generate the benchmark's synthetic data set (bench.sqlite and last month's loans.csv) and keep it.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "district, province or national.") var scale: BenchScale = .district
    @Option(help: "The seed the data set follows from.") var seed: UInt64 = 1
    @Option(help: "Folder for bench.sqlite and loans.csv (default: bench-data/SCALE); replaced if it exists.") var out: String?

    func run() throws {
        try guarded {
            let folder = URL(fileURLWithPath: out ?? "bench-data/\(scale.rawValue)")
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            _ = try ScaleBenchmark.generate(scale: scale, seed: seed, location: folder.appendingPathComponent("bench.sqlite").path,
                                            csv: folder.appendingPathComponent("loans.csv"), template: try global.benchTemplate(),
                                            holidays: try global.holidays().calendar, wiring: .live, webhookURL: "http://127.0.0.1:9/hook", step: { printNow($0) })
            let today = ScaleBenchmark.today
            print("\(folder.path)/bench.sqlite (today is \(today.iso): ENTRUST_TODAY=\(today.iso)), "
                  + "\(folder.path)/loans.csv (month \(today.yearMonth.adding(months: -1).iso))")
        }
    }
}

extension BenchScale: ExpressibleByArgument {}
extension Dialect: ExpressibleByArgument {}
extension BenchStages: ExpressibleByArgument {}

extension GlobalOptions {
    /// The commune entrustment template the benchmark's contracts follow.
    func benchTemplate() throws -> ContractTemplate {
        guard let template = try templates().first(where: { $0.kind == .communeEntrustment }) else {
            throw StoreError.rule("the benchmark needs a commune_entrustment template in \(contractsFolder.path)/templates")
        }
        return template
    }
}
