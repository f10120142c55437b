import ArgumentParser
import EntrustConfig
import EntrustCore
import EntrustStore
import Foundation

// MARK: - Administrative units

struct AdminUnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin-units",
        abstract: "Administrative units: province → (district, before July 2025) → commune → village.",
        subcommands: [Add.self, List.self, Show.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an administrative unit.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Its code, e.g. TANSON.") var code: String
        @Option(help: "province, district, commune or village.") var kind: String
        @Option(help: "Its name, e.g. \"Tân Sơn\".") var name: String
        @Option(help: "The code of the unit it belongs to.") var parent: String?
        @Option(name: .customLong("valid-until"), help: "For districts: the last day it existed (YYYY-MM-DD).") var validUntil: String?

        func run() throws {
            try guarded {
                let draft = AdminUnitDraft(code: code, kind: try parseEnum(kind, "--kind", as: AdminUnitKind.self)!, name: name,
                                           parentCode: parent, validUntil: try parseDate(validUntil, "--valid-until"))
                let database = try global.openDatabase()
                try OrganisationStore(database).load(single(draft), actor: global.actor)
                print("added \(draft.kind.rawValue) \(code) (\(name))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List administrative units.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this kind.") var kind: String?
        @Option(help: "Only the children of this unit.") var parent: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let units = try OrganisationStore(try global.openDatabase())
                    .adminUnits(kind: try parseEnum(kind, "--kind", as: AdminUnitKind.self), parent: parent)
                if format == .json { return try printJSON(units) }
                printTable(["code", "kind", "name", "parent"], units.map { [$0.code, $0.kind, $0.name, $0.parent ?? ""] })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one administrative unit.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its code.") var code: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let store = OrganisationStore(try global.openDatabase())
                let unit = try store.adminUnit(code)
                if format == .json { return try printJSON(unit) }
                printFields([("code", unit.code), ("kind", unit.kind), ("name", unit.name), ("parent", unit.parent),
                             ("valid until", unit.validUntil),
                             ("children", String(try store.adminUnits(parent: code).count)),
                             ("associations", String(try store.associations(adminUnit: code).count))])
            }
        }
    }
}

// MARK: - Bank units

struct BankUnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bank-units",
        abstract: "Bank units: head office → provincial branch → transaction office → commune transaction point.",
        subcommands: [Add.self, List.self, Show.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a bank unit.",
            discussion: "A transaction point serves one commune (--commune) on a fixed day of the month (--fixed-day 1-31; 31 means the last day in shorter months).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Its code, e.g. KB.") var code: String
        @Option(help: "head_office, provincial_branch, transaction_office or transaction_point.") var kind: String
        @Option(help: "Its name.") var name: String
        @Option(help: "The code of the unit above it.") var parent: String?
        @Option(help: "For a transaction point: the commune it serves.") var commune: String?
        @Option(name: .customLong("fixed-day"), help: "For a transaction point: its fixed day of the month.", transform: Bounds.int(Bounds.dayOfMonth)) var fixedDay: Int?

        func run() throws {
            try guarded {
                let draft = BankUnitDraft(code: code, kind: try parseEnum(kind, "--kind", as: BankUnitKind.self)!, name: name,
                                          parentCode: parent, communeCode: commune, fixedDay: fixedDay)
                try OrganisationStore(try global.openDatabase()).load(single(draft), actor: global.actor)
                print("added \(draft.kind.rawValue) \(code) (\(name))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List bank units.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this kind.") var kind: String?
        @Option(help: "Only the units under this one.") var parent: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let units = try OrganisationStore(try global.openDatabase())
                    .bankUnits(kind: try parseEnum(kind, "--kind", as: BankUnitKind.self), parent: parent)
                if format == .json { return try printJSON(units) }
                printTable(["code", "kind", "name", "parent", "commune", "day"],
                           units.map { [$0.code, $0.kind, $0.name, $0.parent ?? "", $0.communeName ?? "", $0.fixedDay.map(String.init) ?? ""] })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one bank unit.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its code.") var code: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let store = OrganisationStore(try global.openDatabase())
                let unit = try store.bankUnit(code)
                if format == .json { return try printJSON(unit) }
                printFields([("code", unit.code), ("kind", unit.kind), ("name", unit.name), ("parent", unit.parent),
                             ("commune", unit.communeName.map { "\($0) (\(unit.commune ?? ""))" }),
                             ("fixed day", unit.fixedDay.map(String.init)),
                             ("units under it", String(try store.bankUnits(parent: code).count)),
                             ("staff", String(try store.people(bankUnit: code).count))])
            }
        }
    }
}

// MARK: - Associations

struct AssociationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "associations",
        abstract: "Farmers', Women's, Veterans' and Youth associations at central, province, district and commune level.",
        subcommands: [Add.self, List.self, Show.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an association.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Its code, e.g. TANSON-HND.") var code: String
        @Option(help: "farmers, women, veterans or youth.") var kind: String
        @Option(help: "central, province, district or commune.") var level: String
        @Option(help: "Its name.") var name: String
        @Option(name: .customLong("admin-unit"), help: "The administrative unit it is attached to (not for central).") var adminUnit: String?
        @Option(help: "The association above it (same kind).") var parent: String?

        func run() throws {
            try guarded {
                let draft = AssociationDraft(code: code, kind: try parseEnum(kind, "--kind", as: AssociationKind.self)!,
                                             level: try parseEnum(level, "--level", as: AssociationLevel.self)!, name: name,
                                             adminUnitCode: adminUnit, parentCode: parent)
                try OrganisationStore(try global.openDatabase()).load(single(draft), actor: global.actor)
                print("added \(draft.level.rawValue) \(draft.kind.rawValue) association \(code) (\(name))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List associations.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this kind.") var kind: String?
        @Option(help: "Only this level.") var level: String?
        @Option(name: .customLong("admin-unit"), help: "Only those attached to this unit.") var adminUnit: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let list = try OrganisationStore(try global.openDatabase()).associations(
                    kind: try parseEnum(kind, "--kind", as: AssociationKind.self),
                    level: try parseEnum(level, "--level", as: AssociationLevel.self), adminUnit: adminUnit)
                if format == .json { return try printJSON(list) }
                printTable(["code", "kind", "level", "name", "unit", "parent"],
                           list.map { [$0.code, $0.kind, $0.level, $0.name, $0.adminUnitName ?? "", $0.parent ?? ""] })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one association, its officers and contracts.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its code.") var code: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let database = try global.openDatabase()
                let store = OrganisationStore(database)
                let association = try store.association(code)
                let officers = try store.people(association: code)
                let contracts = try ContractStore(database).list(.init(association: code))
                if format == .json {
                    struct Detail: Encodable { var association: AssociationView; var officers: [PersonView]; var contracts: [ContractSummary] }
                    return try printJSON(Detail(association: association, officers: officers, contracts: contracts))
                }
                printFields([("code", association.code), ("kind", association.kind), ("level", association.level),
                             ("name", association.name), ("attached to", association.adminUnitName), ("parent", association.parent)])
                print("\nofficers:")
                printTable(["code", "name", "position", "phone"], officers.map { [$0.code, $0.name, $0.position ?? "", $0.phone ?? ""] })
                print("\ncontracts:")
                printTable(["number", "state", "start", "end"], contracts.map { [$0.number, $0.state, $0.startDate, $0.endDate] })
            }
        }
    }
}

// MARK: - People

struct PeopleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "Association officers and bank staff.",
        subcommands: [Add.self, List.self, Show.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a person: an association officer (--association) or bank staff (--bank-unit).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Their code, e.g. KB-GD.") var code: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Phone number.") var phone: String?
        @Option(help: "Email address.") var email: String?
        @Option(help: "Preferred language: vi (default) or en.") var language: String = "vi"
        @Option(help: "The association they work for.") var association: String?
        @Option(name: .customLong("bank-unit"), help: "The bank unit they work in.") var bankUnit: String?
        @Option(help: "chair, vice_chair, officer; or director, deputy_director, credit_officer, staff.") var position: String?
        @Flag(name: .customLong("standing-committee"), help: "Sits on the association's standing committee.") var standingCommittee = false
        @Flag(help: "Holds the approver role (maker-checker) for their bank unit.") var approver = false

        func run() throws {
            try guarded {
                let draft = PersonDraft(code: code, name: name, phone: phone, email: email,
                                        language: try parseEnum(language, "--language", as: Language.self)!,
                                        associationCode: association, bankUnitCode: bankUnit,
                                        position: try parseEnum(position, "--position", as: Position.self),
                                        standingCommittee: standingCommittee, approver: approver)
                try OrganisationStore(try global.openDatabase()).load(single(draft), actor: global.actor)
                print("added person \(code) (\(name))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List people.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only officers of this association.") var association: String?
        @Option(name: .customLong("bank-unit"), help: "Only staff of this bank unit.") var bankUnit: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let people = try OrganisationStore(try global.openDatabase()).people(association: association, bankUnit: bankUnit)
                if format == .json { return try printJSON(people) }
                printTable(["code", "name", "works for", "position", "phone", "lang"],
                           people.map { [$0.code, $0.name, $0.association ?? $0.bankUnit ?? "", ($0.position ?? "") + ($0.approver ? " (approver)" : ""),
                                         $0.phone ?? "", $0.language] })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one person.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Their code.") var code: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let person = try OrganisationStore(try global.openDatabase()).person(code)
                if format == .json { return try printJSON(person) }
                printFields([("code", person.code), ("name", person.name), ("phone", person.phone), ("email", person.email),
                             ("language", person.language), ("association", person.association), ("bank unit", person.bankUnit),
                             ("position", person.position), ("standing committee", person.standingCommittee ? "yes" : "no"),
                             ("approver", person.approver ? "yes" : "no")])
            }
        }
    }
}

// MARK: - Bulk load

struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Bulk-load organisations from a YAML or CSV file, all or nothing.",
        discussion: """
            A YAML file may hold the sections admin_units, bank_units, associations and people (loaded in that order). \
            A CSV file holds one kind, named with --kind; its header uses the same field names. Rows may refer to rows \
            earlier in the file or already in the database. Every bad row is reported with its line and field, and nothing \
            is written unless every row is good.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The .yaml or .csv file.") var file: String
    @Option(help: "For CSV: admin-units, bank-units, associations or people.") var kind: String?
    @Flag(name: .customLong("dry-run"), help: "Check the file and report, but write nothing.") var dryRun = false

    func run() throws {
        try guarded {
            let url = URL(fileURLWithPath: file)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw StoreError.invalid(field: "file", value: file, reason: "does not exist")
            }
            let batch: OrganisationBatch
            switch url.pathExtension.lowercased() {
            case "yaml", "yml":
                batch = try OrganisationYAML.read(url)
            case "csv":
                guard let kind = try parseEnum(kind, "--kind", as: OrganisationCSV.Kind.self) else {
                    throw StoreError.invalid(field: "--kind", value: "", reason: "a CSV file holds one kind: give --kind admin-units|bank-units|associations|people")
                }
                batch = try OrganisationCSV.read(url, kind: kind)
            default:
                throw StoreError.invalid(field: "file", value: file, reason: "expected a .yaml, .yml or .csv file")
            }
            let database = try global.openDatabase()
            let store = OrganisationStore(database)
            let summary = try store.load(batch, actor: global.actor, dryRun: dryRun)
            if dryRun {
                print("\(file): all \(summary.total) rows are valid; nothing was written (--dry-run)")
                return
            }
            print("\(file): loaded \(summary.adminUnits) administrative units, \(summary.bankUnits) bank units, \(summary.associations) associations, \(summary.people) people")
        }
    }
}

func single(_ unit: AdminUnitDraft) -> OrganisationBatch { var batch = OrganisationBatch(); batch.adminUnits = [unit]; return batch }
func single(_ unit: BankUnitDraft) -> OrganisationBatch { var batch = OrganisationBatch(); batch.bankUnits = [unit]; return batch }
func single(_ association: AssociationDraft) -> OrganisationBatch { var batch = OrganisationBatch(); batch.associations = [association]; return batch }
func single(_ person: PersonDraft) -> OrganisationBatch { var batch = OrganisationBatch(); batch.people = [person]; return batch }
