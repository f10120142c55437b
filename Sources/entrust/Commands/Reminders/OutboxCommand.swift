import ArgumentParser
import EntrustCore
import EntrustStore
import Foundation

struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Messages waiting, sent, retrying or dead: list, show with attempts, retry by hand, cancel, prune.",
        subcommands: [List.self, Show.self, Retry.self, Cancel.self, Prune.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List messages, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "scheduled, available, sending, sent, retrying, dead or cancelled.") var state: String?
        @Option(help: "At most this many rows.", transform: Bounds.int(Bounds.rows)) var limit: Int = 100
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let store = OutboxStore(try global.openDatabase())
                let list = try store.list(state: try parseEnum(state, "--state", as: OutboxState.self), limit: limit)
                if format == .json { return try printJSON(list) }
                printTable(["id", "state", "tries", "channel", "recipient", "event", "next attempt", "last error"], list.map {
                    [$0.id, $0.state, String($0.attempts), $0.channel, $0.recipient, $0.eventType,
                     ["sent", "dead", "cancelled"].contains($0.state) ? ($0.finishedAt ?? "") : $0.nextAttemptText,
                     String(($0.lastError ?? "").prefix(60))]
                })
                let counts = try store.counts()
                print(OutboxState.allCases.compactMap { state in counts[state].map { "\(state.rawValue) \($0)" } }.joined(separator: ", "))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One message and every attempt.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message id, msg_….") var id: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        struct Shown: Encodable {
            var message: OutboxMessage
            var attempts: [OutboxAttempt]
        }

        func run() throws {
            try guarded {
                let (message, attempts) = try OutboxStore(try global.openDatabase()).show(id)
                if format == .json { return try printJSON(Shown(message: message, attempts: attempts)) }
                printFields([
                    ("id (webhook-id)", message.id), ("state", message.state), ("channel", message.channel),
                    ("endpoint", message.endpoint), ("recipient", message.recipient), ("event", message.eventType),
                    ("rule", message.rule), ("subject", message.subject), ("occurrence", message.occurrence),
                    ("urgent", message.urgent ? "yes" : "no"), ("attempts", String(message.attempts)),
                    ("next attempt", message.nextAttemptText), ("created", message.createdAt), ("finished", message.finishedAt),
                    ("last error", message.lastError),
                ])
                print("")
                printTable(["#", "started", "ms", "code", "outcome", "reply / error"], attempts.map {
                    [String($0.number), $0.startedAt, String($0.durationMs), $0.responseCode.map(String.init) ?? "", $0.outcome,
                     [$0.reply, $0.error].compactMap { $0 }.joined(separator: " | ")]
                })
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a dead or cancelled message again (same id, fresh retry schedule).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message id.") var id: String

        func run() throws {
            try guarded {
                let message = try OutboxStore(try global.openDatabase()).retry(id, actor: global.actor)
                print(global.language == .vi ? "\(message.id) sẽ được gửi lại" : "\(message.id) will be sent again")
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a message that has not been sent.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message id.") var id: String

        func run() throws {
            try guarded {
                let message = try OutboxStore(try global.openDatabase()).cancel(id, actor: global.actor)
                print(global.language == .vi ? "đã hủy \(message.id)" : "cancelled \(message.id)")
            }
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete sent and cancelled messages, with their attempts, older than the retention.",
            discussion: """
                A message goes when both its scheduled time and its finish are older than --days. Messages still to \
                send, being sent, retrying or dead are never deleted: a dead letter stays until it is retried or \
                cancelled. Runs in transactions of --batch messages, so a server using the same database keeps \
                answering; `entrust serve` prunes by itself after each planner pass (--retention-days).
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Keep finished messages this many days (at least 7; default 90).", transform: Bounds.int(7...36_500))
        var days: Int = 90
        @Option(help: "Messages deleted per transaction.", transform: Bounds.int(1...100_000)) var batch: Int = 1000

        func run() throws {
            try guarded {
                let vi = global.language == .vi
                let terminal = isatty(STDERR_FILENO) == 1
                let pruned = try OutboxStore(try global.openDatabase()).prune(retentionDays: days, batchSize: batch, actor: global.actor) { done in
                    if terminal { FileHandle.standardError.write(Data("\r\(vi ? "đã xóa" : "pruned") \(NumberText.grouped(Int64(done), global.language))".utf8)) }
                }
                if terminal && pruned > 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                let count = NumberText.grouped(Int64(pruned), global.language)
                print(vi ? "đã xóa \(count) tin đã gửi hoặc đã hủy quá \(days) ngày" : "pruned \(count) sent or cancelled messages older than \(days) days")
            }
        }
    }
}
