import ArgumentParser
import EntrustConfig
import EntrustCore
import EntrustStore
import Foundation

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Contract templates in contracts/templates/*.yaml.",
        subcommands: [Check.self, List.self, Show.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate every template and report every error with file, line and field.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try guarded {
                let templates = try global.templates()
                for template in templates {
                    print("ok  \(template.code) \(template.version): \(template.obligations.count) obligations, \(template.tasks.count) tasks")
                }
                print("\(templates.count) templates valid")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List templates.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let templates = try global.templates()
                if format == .json { return try printJSON(templates) }
                printTable(["code", "version", "kind", "term", "obligations", "title"],
                           templates.map { [$0.code, $0.version, $0.kind.rawValue, "\($0.termMonths) months", String($0.obligations.count),
                                            $0.title.text(global.language)] })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a template's tasks and obligations.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The template code.") var code: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let template = try global.template(code)
                if format == .json { return try printJSON(template) }
                let language = global.language
                printFields([("code", template.code), ("version", template.version), ("kind", template.kind.rawValue),
                             ("title", template.title.text(language)), ("parties", template.parties.map(\.rawValue).joined(separator: " ↔ ")),
                             ("term", "\(template.termMonths) months")])
                print("\ntasks:")
                template.tasks.forEach { print("  - [\($0.area)] \($0.title.text(language))") }
                print("\nobligations:")
                printTable(["code", "who", "when", "grace", "title"], template.obligations.map {
                    [$0.code, $0.responsible.rawValue, describe($0.schedule), "\($0.graceDays)d", $0.title.text(language)]
                })
            }
        }

        func describe(_ schedule: ObligationSchedule) -> String {
            switch schedule {
            case .transactionDay: return "each transaction day"
            case let .monthly(every, day): return every == 1 ? "monthly on day \(day)" : "every \(every) months on day \(day)"
            case let .yearly(every, month, day): return (every == 1 ? "yearly" : "every \(every) years") + " on \(day)/\(month)"
            case let .afterEvent(event, days): return days == 0 ? "on \(event.rawValue)" : "\(days) days after \(event.rawValue)"
            case let .yearlyQuota(targets, month, day):
                return "by \(day)/\(month) yearly: " + targets.map { "\($0.percent)% \($0.subject.rawValue)" }.joined(separator: ", ")
            }
        }
    }
}

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "The district dashboard: contracts, obligations due this month, and who is late.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this transaction office.") var office: String?
    @Option(help: "table or json.") var format: OutputFormat = .table

    func run() throws {
        try guarded {
            let database = try global.openDatabase()
            let summary = try DashboardStore(database).summary(office: office)
            if format == .json { return try printJSON(summary) }
            printDashboard(summary, language: global.language)
        }
    }
}

/// The words of the dashboard, in both languages.
enum Words {
    static let table: [String: LocalizedText] = [
        "title": LocalizedText(vi: "Bảng điều khiển — ủy thác cho vay", en: "Dashboard — entrusted lending"),
        "today": LocalizedText(vi: "Hôm nay", en: "Today"),
        "offices": LocalizedText(vi: "Phòng giao dịch", en: "Transaction offices"),
        "points": LocalizedText(vi: "Điểm giao dịch xã", en: "Commune transaction points"),
        "communes": LocalizedText(vi: "Xã được phục vụ", en: "Communes served"),
        "associations": LocalizedText(vi: "Hội đoàn thể nhận ủy thác", en: "Entrusted associations"),
        "people": LocalizedText(vi: "Cán bộ", en: "People"),
        "contracts": LocalizedText(vi: "Hợp đồng ủy thác", en: "Contracts"),
        "due": LocalizedText(vi: "Nghĩa vụ đến hạn trong tháng", en: "Obligations due this month"),
        "done": LocalizedText(vi: "đã hoàn thành", en: "done"),
        "late": LocalizedText(vi: "Nghĩa vụ quá hạn", en: "Late obligations"),
        "most_late": LocalizedText(vi: "Hội có nhiều việc quá hạn nhất", en: "Associations with the most late obligations"),
        "next": LocalizedText(vi: "Sắp đến hạn", en: "Coming up"),
        "status.open": LocalizedText(vi: "chưa làm", en: "open"),
        "status.late": LocalizedText(vi: "quá hạn", en: "late"),
        "status.done": LocalizedText(vi: "đã xong", en: "done"),
        "status.waived": LocalizedText(vi: "được miễn", en: "waived"),
        "col.due": LocalizedText(vi: "hạn", en: "due"),
        "col.status": LocalizedText(vi: "trạng thái", en: "status"),
        "col.association": LocalizedText(vi: "hội", en: "association"),
        "col.obligation": LocalizedText(vi: "nghĩa vụ", en: "obligation"),
        "col.ref": LocalizedText(vi: "mã", en: "ref"),
        "col.number": LocalizedText(vi: "số hợp đồng", en: "number"),
        "col.state": LocalizedText(vi: "tình trạng", en: "state"),
        "col.start": LocalizedText(vi: "bắt đầu", en: "start"),
        "col.end": LocalizedText(vi: "kết thúc", en: "end"),
        "col.version": LocalizedText(vi: "bản", en: "v"),
        "col.pending": LocalizedText(vi: "chờ duyệt", en: "pending"),
    ]

    /// Column headings in the reader's language.
    static func columns(_ keys: [String], _ language: Language) -> [String] {
        keys.map { text("col." + $0, language) }
    }

    static func text(_ key: String, _ language: Language) -> String {
        if key.hasPrefix("state."), let state = ContractState(rawValue: String(key.dropFirst(6))) { return state.label.text(language) }
        return table[key]?.text(language) ?? key
    }
}

func printDashboard(_ summary: DashboardSummary, language: Language) {
    func w(_ key: String) -> String { Words.text(key, language) }
    print(w("title"))
    print(String(repeating: "=", count: w("title").count))
    let states = ["active", "pending_approval", "draft", "suspended", "expired", "terminated"]
        .compactMap { state in summary.contractsByState[state].map { "\($0) \(w("state." + state))" } }
    printFields([(w("today"), summary.today), (w("offices"), String(summary.offices)), (w("points"), String(summary.transactionPoints)),
                 (w("communes"), String(summary.communes)), (w("associations"), String(summary.associations)),
                 (w("people"), String(summary.people)), (w("contracts"), states.isEmpty ? "0" : states.joined(separator: ", ")),
                 (w("due"), "\(summary.dueThisMonth) (\(summary.doneThisMonth) \(w("done")))"), (w("late"), String(summary.late))])
    if !summary.mostLate.isEmpty {
        print("\n" + w("most_late") + ":")
        summary.mostLate.forEach { print("  \($0.late)  \($0.name) (\($0.association))") }
    }
    if !summary.nextDue.isEmpty {
        print("\n" + w("next") + ":")
        summary.nextDue.forEach { print("  \($0.dueDate)  \($0.associationName ?? "")  \($0.title(language))") }
    }
}
