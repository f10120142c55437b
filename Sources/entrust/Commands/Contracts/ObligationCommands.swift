import ArgumentParser
import EntrustCore
import EntrustStore
import Foundation

struct ObligationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "obligations",
        abstract: "Dated obligations of active contracts: list, complete with evidence, waive, extend the horizon.",
        discussion: """
            An occurrence is named CONTRACT:OBLIGATION:PERIOD, e.g. KB-TANSON-HND-2023:giao-ban:2024-03. \
            Its status is open, late (open past its due date plus the template's grace days), done or waived.
            """,
        subcommands: [List.self, Complete.self, Waive.self, Extend.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List obligation occurrences, earliest due first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this association's.") var association: String?
        @Option(help: "Only this contract's.") var contract: String?
        @Option(help: "Only this transaction office's.") var office: String?
        @Option(name: .customLong("due-after"), help: "Due on or after this day.") var dueAfter: String?
        @Option(name: .customLong("due-before"), help: "Due on or before this day.") var dueBefore: String?
        @Option(help: "open, late, done or waived.") var status: String?
        @Option(help: "At most this many rows.", transform: Bounds.int(Bounds.rows)) var limit: Int = 200
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let list = try ObligationStore(try global.openDatabase()).list(.init(
                    association: association, contract: contract, office: office, dueAfter: try parseDate(dueAfter, "--due-after"),
                    dueBefore: try parseDate(dueBefore, "--due-before"), status: try parseEnum(status, "--status", as: ObligationStatus.self),
                    limit: limit))
                if format == .json { return try printJSON(list) }
                let language = global.language
                printTable(Words.columns(["due", "status", "association", "obligation", "ref"], language),
                           list.map { [$0.dueDate, Words.text("status." + $0.status, language), $0.associationName ?? "", $0.title(language), $0.ref] })
            }
        }
    }

    struct Complete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark an occurrence done, with the evidence.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "CONTRACT:OBLIGATION:PERIOD") var ref: String
        @Option(help: "What shows it was done: a note, a form number, a reference to a scan.") var evidence: String
        @Option(help: "The day it was done (default: today).") var on: String?

        func run() throws {
            try guarded {
                let done = try ObligationStore(try global.openDatabase()).complete(ref, evidence: evidence, on: try parseDate(on, "--on"), actor: global.actor)
                print("done: \(done.title(global.language)) (\(done.ref)), due \(done.dueDate), completed \(done.completedOn ?? "")")
            }
        }
    }

    struct Waive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Waive an occurrence that no longer applies.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "CONTRACT:OBLIGATION:PERIOD") var ref: String
        @Option(help: "Why.") var reason: String

        func run() throws {
            try guarded {
                let waived = try ObligationStore(try global.openDatabase()).waive(ref, reason: reason, actor: global.actor)
                print("waived: \(waived.title(global.language)) (\(waived.ref))")
            }
        }
    }

    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Date obligations of every active contract up to N months ahead, and expire contracts past their end.",
            discussion: "Safe to run any number of times: existing occurrences are never duplicated.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "How many months ahead of today.", transform: Bounds.int(Bounds.months)) var months: Int = 12

        func run() throws {
            try guarded {
                guard (1...120).contains(months) else {
                    throw StoreError.invalid(field: "--months", value: String(months), reason: "expected 1 to 120")
                }
                let result = try ContractStore(try global.openDatabase()).extendHorizon(months: months, actor: global.actor)
                print("dated \(result.created) new obligations for \(result.contracts) contracts through \(result.through.iso)"
                      + (result.expired.isEmpty ? "" : "; expired: \(result.expired.joined(separator: ", "))"))
            }
        }
    }
}

struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Record events that start obligations (a disbursement starts the 30-day loan-use check).",
        subcommands: [Record.self])

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an event for an association.",
            discussion: "Kinds: \(EventKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The kind of event.") var kind: String
        @Option(help: "The association concerned.") var association: String
        @Option(help: "The day it happened (YYYY-MM-DD).") var date: String
        @Option(help: "Its reference: a loan id, a minutes number.") var ref: String
        @Option(help: "A note.") var note: String?

        func run() throws {
            try guarded {
                let kind = try parseEnum(kind, "kind", as: EventKind.self)!
                let outcome = try ObligationStore(try global.openDatabase()).recordEvent(
                    kind, association: association, on: try parseDate(date, "--date")!, reference: ref, note: note, actor: global.actor)
                print("recorded \(kind.rawValue) \(ref) under \(outcome.contract); \(outcome.created.count) obligation(s) created")
                for obligation in outcome.created {
                    print("  due \(obligation.dueDate): \(obligation.title(global.language)) (\(obligation.ref))")
                }
            }
        }
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The tamper-evident audit log (a SHA-256 hash chain).",
        subcommands: [Verify.self, Log.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute the hash chain and name the first altered or removed row.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try guarded {
                let result = try AuditStore(try global.openDatabase()).verify()
                if let problem = result.problem {
                    FileHandle.standardError.write(Data("error: audit log broken after \(result.rowsChecked) good rows: \(problem)\n".utf8))
                    throw ExitCode.failure
                }
                print("audit log intact: \(result.rowsChecked) rows verified")
            }
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the history of changes, newest last.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this kind of entity: admin_unit, bank_unit, association, person, contract, obligation, event.") var entity: String?
        @Option(help: "Only this entity (its code, number or reference).") var key: String?
        @Option(help: "At most this many rows.", transform: Bounds.int(Bounds.rows)) var limit: Int = 50
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let entries = try AuditStore(try global.openDatabase()).entries(entity: entity, key: key, limit: limit)
                if format == .json { return try printJSON(entries) }
                printTable(["#", "at", "who", "what", "entity"],
                           entries.map { ["\($0.id)", $0.at, $0.actor, $0.action, "\($0.entity) \($0.entityKey)"] })
            }
        }
    }
}
