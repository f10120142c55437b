import ArgumentParser
import EntrustCore
import EntrustServer
import EntrustBench
import Foundation

/// Speed claims live here, not in timed unit tests (DESIGN.md): their numbers go in the README.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: a whole month at district, province or national scale (default), meetings, the loan import.",
        subcommands: [BenchScaleCommand.self, BenchDataCommand.self, Meetings.self, BenchImportCommand.self, Sink.self],
        defaultSubcommand: BenchScaleCommand.self)
}

extension BenchCommand {
  struct Meetings: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A year of monthly meetings for N groups, expanded in Core and written in batches, on a throwaway database.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "How many groups.", transform: Bounds.int(Bounds.benchCount)) var groups: Int = 10_000
    @Option(help: "Series per transaction.", transform: Bounds.int(Bounds.rows)) var batch: Int = 1_000

    func run() throws {
        try guarded {
            var benchmark = MeetingsBenchmark(holidays: try global.holidays().calendar, wiring: .live)
            benchmark.groups = groups
            benchmark.batch = batch
            print(try benchmark.run())
        }
    }
}
}

extension BenchCommand {
    /// The webhook receiver of the delivery stage, as its own process (so that it does not share the worker's threads).
    struct Sink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A webhook sink for the delivery benchmark: answers 204 to every POST, counts at GET /stats.", shouldDisplay: false)
        @Option(help: "The port on 127.0.0.1 (0: any free port).", transform: Bounds.int(Bounds.port)) var port: Int = 0

        func run() async throws {
            try await guardedAsync {
                try await runWebhookSink(host: "127.0.0.1", port: port, counter: WebhookSinkCounter()) { port in
                    printNow("listening on http://127.0.0.1:\(port)")
                }
            }
        }
    }
}
