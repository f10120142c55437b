import ArgumentParser
import EntrustCore
import EntrustStore
import Foundation

struct ContractsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract: "Entrustment contracts and their lifecycle (maker-checker on activation, amendment and termination).",
        discussion: """
            States: draft → pending_approval → active ⇄ suspended, then expired or terminated.
            `submit` asks for activation; `amend` and `terminate` file a request. Each waits for `approve` (or `reject`) \
            by a second person holding the approver role in the contract's office, never the maker: pass --as CODE.
            """,
        subcommands: [List.self, Show.self, Create.self, Submit.self, Approve.self, Reject.self, Suspend.self, Resume.self,
                      Terminate.self, Amend.self, Renew.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List contracts.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "draft, pending_approval, active, suspended, expired or terminated.") var state: String?
        @Option(help: "Only this association's contracts.") var association: String?
        @Option(help: "Only this transaction office's contracts.") var office: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let contracts = try ContractStore(try global.openDatabase()).list(
                    .init(state: try parseEnum(state, "--state", as: ContractState.self), association: association, office: office))
                if format == .json { return try printJSON(contracts) }
                let language = global.language
                printTable(Words.columns(["number", "state", "association", "start", "end", "version", "pending"], language),
                           contracts.map { [$0.number, Words.text("state." + $0.state, language), $0.associationName ?? "", $0.startDate,
                                            $0.endDate, String($0.version), $0.pendingChange ?? ""] })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a contract: parties, versions, requests and its next obligations.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contract number.") var number: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let detail = try ContractStore(try global.openDatabase()).show(number)
                if format == .json { return try printJSON(detail) }
                let c = detail.contract
                printFields([("number", c.number), ("kind", c.kind), ("state", c.state + (c.endReason.map { " (\($0))" } ?? "")),
                             ("office", c.office), ("association", c.associationName.map { "\($0) (\(c.association ?? ""))" }),
                             ("transaction point", c.point), ("term", "\(c.startDate) … \(c.endDate)"), ("version", String(c.version)),
                             ("template", "\(c.templateCode) \(c.templateVersion)"), ("renews", c.predecessor), ("succeeded by", c.successor),
                             ("pending", c.pendingChange)])
                print("\nversions:")
                printTable(["v", "term", "reason", "by", "approved by"],
                           detail.versions.map { ["\($0.version)", "\($0.startDate) … \($0.endDate)", $0.reason, $0.createdBy, $0.approvedBy ?? ""] })
                if !detail.changes.isEmpty {
                    print("\nrequests:")
                    printTable(["kind", "reason", "by", "status", "decided by"],
                               detail.changes.map { [$0.kind, $0.reason, $0.requestedBy, $0.status, $0.decidedBy ?? ""] })
                }
                print("\nobligations: " + ["open", "late", "done", "waived"].map { "\($0) \(detail.obligations[$0] ?? 0)" }.joined(separator: ", "))
                if !detail.nextDue.isEmpty {
                    let language = global.language
                    printTable(Words.columns(["due", "status", "obligation", "ref"], language),
                               detail.nextDue.map { [$0.dueDate, Words.text("status." + $0.status, language), $0.title(language), $0.ref] })
                }
            }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a draft contract from a template.",
            discussion: "The number defaults to OFFICE-COMMUNE-ASSOCIATION-YEAR, e.g. KB-TANSON-HND-2024; the end date to the template's term.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The template code (see `entrust templates list`).") var template: String = "commune-entrustment"
        @Option(help: "The signing bank unit (a transaction office).") var office: String
        @Option(help: "The association on the other side.") var association: String
        @Option(help: "The transaction point whose fixed day dates transaction-day obligations (default: the commune's only point).") var point: String?
        @Option(help: "First day of the term (YYYY-MM-DD).") var start: String
        @Option(help: "Last day of the term (YYYY-MM-DD).") var end: String?
        @Option(help: "A contract number of your choice.") var number: String?
        @Option(name: .customLong("bank-signatory"), help: "Who signs for the bank.") var bankSignatory: String?
        @Option(name: .customLong("association-signatory"), help: "Who signs for the association.") var associationSignatory: String?

        func run() throws {
            try guarded {
                let start = try parseDate(start, "--start")!
                let end = try parseDate(end, "--end")
                let template = try global.template(template)
                let contract = try ContractStore(try global.openDatabase()).create(
                    .init(template: template, number: number, office: office, association: association, point: point, start: start, end: end,
                          bankSignatory: bankSignatory, associationSignatory: associationSignatory), actor: global.actor)
                print("created draft contract \(contract.number) (\(contract.startDate) … \(contract.endDate)); next: entrust contracts submit \(contract.number)")
            }
        }
    }

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a draft for approval.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contract number.") var number: String

        func run() throws {
            try guarded {
                let contract = try ContractStore(try global.openDatabase()).submit(number, actor: global.actor)
                print("contract \(contract.number) is \(contract.state); an approver other than you must approve it")
            }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve the pending activation, amendment or termination (checker).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contract number.") var number: String
        @Option(help: "A note kept with the decision.") var note: String?

        func run() throws {
            try guarded {
                let approval = try ContractStore(try global.openDatabase()).approve(number, note: note, actor: global.actor)
                var message = "approved \(approval.change.rawValue) of \(number): now \(approval.contract.state), version \(approval.contract.version)"
                if approval.obligationsCreated > 0 { message += "; \(approval.obligationsCreated) obligations dated" }
                if approval.obligationsWaived > 0 { message += "; \(approval.obligationsWaived) open obligations waived" }
                print(message)
            }
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject the pending request (a rejected activation returns to draft).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contract number.") var number: String
        @Option(help: "Why.") var reason: String

        func run() throws {
            try guarded {
                let contract = try ContractStore(try global.openDatabase()).reject(number, reason: reason, actor: global.actor)
                print("rejected; contract \(contract.number) is \(contract.state)")
            }
        }
    }

    struct Suspend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend an active contract.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contract number.") var number: String
        @Option(help: "Why.") var reason: String

        func run() throws {
            try guarded {
                let contract = try ContractStore(try global.openDatabase()).suspend(number, reason: reason, actor: global.actor)
                print("contract \(contract.number) is \(contract.state)")
            }
        }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a suspended contract.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contract number.") var number: String

        func run() throws {
            try guarded {
                let contract = try ContractStore(try global.openDatabase()).resume(number, actor: global.actor)
                print("contract \(contract.number) is \(contract.state)")
            }
        }
    }

    struct Terminate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask to terminate a contract (takes effect on approval).",
            discussion: "For a commune merger, give --merged-into NEW: the reason becomes `merged` and the old contract links to the new one.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contract number.") var number: String
        @Option(help: "Why.") var reason: String = ""
        @Option(name: .customLong("merged-into"), help: "The contract of the merged commune that replaces this one.") var mergedInto: String?

        func run() throws {
            try guarded {
                if mergedInto == nil && reason.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw StoreError.invalid(field: "--reason", value: "", reason: "a reason is required (or --merged-into for a merger)")
                }
                let contract = try ContractStore(try global.openDatabase()).terminate(number, reason: reason, mergedInto: mergedInto, actor: global.actor)
                print("termination of \(contract.number) requested; it takes effect when an approver approves it")
            }
        }
    }

    struct Amend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask to amend a contract; on approval it becomes a new version and earlier versions are kept.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contract number.") var number: String
        @Option(help: "Why.") var reason: String
        @Option(help: "A new last day of the term.") var end: String?
        @Option(help: "A new transaction point.") var point: String?
        @Option(name: .customLong("bank-signatory")) var bankSignatory: String?
        @Option(name: .customLong("association-signatory")) var associationSignatory: String?
        @Flag(name: .customLong("refresh-template"), help: "Adopt the current version of the contract's template file.") var refreshTemplate = false

        func run() throws {
            try guarded {
                let database = try global.openDatabase()
                let store = ContractStore(database)
                var template: ContractTemplate?
                if refreshTemplate { template = try global.template(try store.show(number).contract.templateCode) }
                let amendment = ContractStore.Amendment(end: try parseDate(end, "--end"), point: point, bankSignatory: bankSignatory,
                                                        associationSignatory: associationSignatory, template: template)
                let contract = try store.amend(number, amendment, reason: reason, actor: global.actor)
                print("amendment of \(contract.number) requested; it takes effect when an approver approves it")
            }
        }
    }

    struct Renew: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the successor of a contract as a draft, linked to it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contract number.") var number: String
        @Option(help: "First day of the new term (default: the day after the old one ends).") var start: String?
        @Option(help: "Last day of the new term (default: the template's term).") var end: String?
        @Option(name: .customLong("number"), help: "The new contract's number.") var newNumber: String?

        func run() throws {
            try guarded {
                let database = try global.openDatabase()
                let store = ContractStore(database)
                let template = try global.template(try store.show(number).contract.templateCode)
                let successor = try store.renew(number, template: template, start: try parseDate(start, "--start"),
                                                end: try parseDate(end, "--end"), newNumber: newNumber, actor: global.actor)
                print("created draft \(successor.number) (\(successor.startDate) … \(successor.endDate)) renewing \(number)")
            }
        }
    }
}
