import EntrustCore
import EntrustDemo
import EntrustStore
import Foundation

/// `entrust bench meetings`: a year of monthly meetings for N groups, expanded in Core and written in batches, on a
/// throwaway database.
public struct MeetingsBenchmark {
    public var groups = 10_000
    /// Series per transaction.
    public var batch = 1_000
    public var holidays: HolidayCalendar
    public var wiring: DemoWiring

    public init(holidays: HolidayCalendar, wiring: DemoWiring) {
        self.holidays = holidays
        self.wiring = wiring
    }

    /// Runs it and returns the one line of its result.
    public func run() throws -> String {
        guard groups >= 1, batch >= 1 else { throw CoreError.invalidValue(field: "--groups", value: String(groups), expected: "at least 1") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try wiring.openDatabase(folder.appendingPathComponent("bench.sqlite").path, FixedClock(LocalDate(year: 2024, month: 1, day: 1)!))
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
        return String(format: "%d groups, %d occurrences (holiday policy applied) in %.1f s: %.0f occurrences/s",
                     groups, occurrences, seconds, Double(occurrences) / max(seconds, 0.001))
    }
}
