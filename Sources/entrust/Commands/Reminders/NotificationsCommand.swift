import ArgumentParser
import EntrustConfig
import EntrustCore
import EntrustDelivery
import EntrustStore
import Foundation

struct NotificationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "Reminder rules and message templates (notifications/, or $ENTRUST_NOTIFICATIONS).",
        subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load rules.yaml and every template, render each with sample data, and report problems with file and line.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try guarded {
                let rules = try global.reminderRules()
                _ = try global.notificationTemplates(checking: rules)
                let skipped = rules.eventTypes.filter { !ReminderSourceStore.supportedEvents.contains($0) }
                print(global.language == .vi ? "ổn: \(rules.rules.count) quy tắc, mẫu tin đầy đủ cho vi và en"
                                             : "ok: \(rules.rules.count) rules, templates complete in vi and en")
                if !skipped.isEmpty {
                    print((global.language == .vi ? "chưa có nguồn dữ liệu (sẽ bỏ qua khi lập lịch): " : "no data source yet (skipped when planning): ")
                          + skipped.joined(separator: ", "))
                }
            }
        }
    }
}
