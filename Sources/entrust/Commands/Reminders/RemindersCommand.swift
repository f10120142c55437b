import ArgumentParser
import EntrustCore
import EntrustDelivery
import EntrustStore
import Foundation

struct RemindersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminders",
        abstract: "Plan reminders from current data into the outbox.",
        subcommands: [Plan.self])

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan every reminder firing from today up to --until; planning twice adds nothing new.",
            discussion: "Reminders whose obligation was completed or waived, or whose contract ended, are cancelled if still waiting.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The last day to plan for (default: 7 days ahead).") var until: String?
        @Option(help: "table or json.") var format: OutputFormat = .table
        @Option(name: .customLong("page-size"), help: "Subjects planned per write transaction (default 200): smaller pages keep other writers waiting less.")
        var pageSize = 200
        @Flag(help: "Report progress on stderr even when it is not a terminal (a line per update, for logs).") var progress = false

        func run() throws {
            try guarded {
                let rules = try global.reminderRules()
                _ = try global.notificationTemplates(checking: rules)
                let database = try global.openDatabase()
                let last = try parseDate(until, "--until") ?? database.today.adding(days: 7)
                guard last >= database.today else {
                    throw StoreError.invalid(field: "--until", value: last.iso, reason: "is before today (\(database.today.iso))")
                }
                guard pageSize >= 1 else { throw StoreError.invalid(field: "--page-size", value: String(pageSize), reason: "must be at least 1") }
                let terminal = isatty(STDERR_FILENO) == 1
                let bar = ProgressBar(enabled: (terminal && format == .table) || progress, lines: !terminal)
                defer { bar.finish() }
                let summary = try ReminderPlanStore(database, pageSize: pageSize).plan(rules: rules, until: last, actor: global.actor) {
                    bar.show(fraction: $0.days > 0 ? Double($0.daysDone) / Double($0.days) : 1, count: $0.enqueued, unit: "messages")
                }
                bar.finish()
                if format == .json { return try printJSON(summary) }
                let vi = global.language == .vi
                print(vi ? "đã lập lịch đến \(last.iso): \(summary.enqueued) tin mới (\(summary.emails) email, \(summary.webhooks) webhook), \(summary.alreadyPlanned) đã có, \(summary.cancelled) đã hủy; \(summary.unchanged) đối tượng không đổi, \(summary.planned) đã lập lại"
                         : "planned until \(last.iso): \(summary.enqueued) new (\(summary.emails) email, \(summary.webhooks) webhook), \(summary.alreadyPlanned) already planned, \(summary.cancelled) cancelled; \(summary.unchanged) subjects unchanged, \(summary.planned) planned")
                for (event, count) in summary.skippedEvents.sorted(by: { $0.key < $1.key }) {
                    print(vi ? "bỏ qua \(event) (\(count) quy tắc): chưa có nguồn dữ liệu trong phiên bản này"
                             : "skipped \(event) (\(count) rule\(count == 1 ? "" : "s")): no data source in this version yet")
                }
            }
        }
    }
}
