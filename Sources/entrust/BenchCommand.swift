import ArgumentParser
import EntrustCore
import EntrustServer
import EntrustStore
import EntrustStoreEngines
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
            guard groups >= 1, batch >= 1 else { throw CoreError.invalidValue(field: "--groups", value: String(groups), expected: "at least 1") }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let database = try AppDatabase.open(.sqlite(path: folder.appendingPathComponent("bench.sqlite").path), clock: FixedClock(LocalDate(year: 2024, month: 1, day: 1)!))
            let holidays = try global.holidays().calendar
            let codes = try BenchmarkStore(database).makeGroups(groups)
            let store = MeetingStore(database)
            let rule = try RecurrenceRule(frequency: .monthly, byMonthDay: [10])
            let started = Date()
            for chunk in stride(from: 0, to: codes.count, by: batch) {
                let drafts = codes[chunk..<min(chunk + batch, codes.count)].map { code in
                    MeetingStore.SeriesDraft(kind: .groupMeeting, group: code, start: LocalDateTime(date: LocalDate(year: 2024, month: 1, day: 10)!, hour: 8, minute: 0)!,
                                             recurrence: .rule(rule), horizon: LocalDate(year: 2024, month: 12, day: 31)!)
                }
                _ = try store.scheduleAll(drafts, holidays: holidays, actor: Principal("bench"))
            }
            let seconds = Date().timeIntervalSince(started)
            let occurrences = try BenchmarkStore(database).occurrenceCount()
            print(String(format: "%d groups, %d occurrences (holiday policy applied) in %.1f s: %.0f occurrences/s",
                         groups, occurrences, seconds, Double(occurrences) / max(seconds, 0.001)))
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
