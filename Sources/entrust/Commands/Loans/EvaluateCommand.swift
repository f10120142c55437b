import ArgumentParser
import EntrustCore
import EntrustStore
import Foundation

/// `entrust evaluate --month 2023-08`: scores every group and commune association of the month.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score every group (and commune association) of a month from its loan extract; re-running replaces the month's results.",
        discussion: """
            The scorecards are read from <contracts>/scorecards/group.yaml and association.yaml at run time: editing them \
            and evaluating again changes the results, without a rebuild. See a group's inputs and points with \
            `entrust report group --month M --group CODE`.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "The month, YYYY-MM.") var month: String
    @Option(help: "table or json.") var format: OutputFormat = .table

    func run() throws {
        try guarded {
            let month = try global.month(month)
            let scorecards = try global.groupScorecards(), associations = try global.associationScorecards()
            let summary = try EvaluationStore(try global.openDatabase())
                .evaluate(month: month, scorecards: scorecards, associationScorecards: associations, actor: global.actor)
            if format == .json { return try printJSON(summary) }
            let lang = global.language
            let classes = GroupClass.allCases.map { "\(summary.byClass[$0.rawValue] ?? 0) \($0.label.text(lang).lowercased())" }.joined(separator: ", ")
            let associationClasses = GroupClass.allCases.map { "\(summary.associationsByClass[$0.rawValue] ?? 0) \($0.label.text(lang).lowercased())" }
                .joined(separator: ", ")
            print(say(lang, "Đã chấm điểm \(summary.groups) tổ tháng \(summary.month) (bảng điểm từ \(summary.scorecardFrom)): \(classes)",
                      "Scored \(summary.groups) groups for \(summary.month) (scorecard from \(summary.scorecardFrom)): \(classes)"))
            print(say(lang, "\(summary.associations) hội cấp xã: \(associationClasses)", "\(summary.associations) commune associations: \(associationClasses)"))
            let compared = summary.comparedWith.map { say(lang, "so với tháng \($0)", "against \($0)") } ?? say(lang, "chưa có tháng trước", "no earlier month")
            print(say(lang, "Tăng trưởng tiết kiệm \(compared); \(summary.fromAttendance) tổ tính giao dịch theo điểm danh phiên giao dịch, các tổ khác theo ngày giao dịch cuối của khoản vay",
                      "Savings growth \(compared); \(summary.fromAttendance) groups' transacting from transaction-day attendance, the others from their loans' last transaction dates"))
            if summary.replaced { print(say(lang, "(kết quả cũ của tháng đã được thay)", "(the month's earlier results were replaced)")) }
        }
    }
}

/// `entrust plan set --year 2023 --outstanding 520418000000`: the year's planned outstanding of a transaction office.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "The year's plan of outstanding per transaction office, for plan attainment in the district report.",
        subcommands: [Set.self, List.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set (or replace) a year's planned outstanding.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The year.", transform: Bounds.int(Bounds.year)) var year: Int
        @Option(help: "Planned outstanding at the year's end in whole đồng (digits only), or in millions with an M suffix: 520418M.")
        var outstanding: String
        @Option(help: "The transaction office (default: the only one).") var office: String?

        func run() throws {
            try guarded {
                let amount = try Self.amount(outstanding)
                let plan = try PlanStore(try global.openDatabase()).set(year: year, office: office, outstanding: amount, actor: global.actor)
                let lang = global.language
                print(say(lang, "Kế hoạch dư nợ \(plan.year) của \(plan.office): \(NumberText.millions(plan.outstanding, lang)) triệu đồng",
                          "Outstanding plan \(plan.year) of \(plan.office): \(NumberText.millions(plan.outstanding, lang)) million đồng"))
            }
        }

        static func amount(_ text: String) throws -> Int64 {
            let millions = text.hasSuffix("M") || text.hasSuffix("m")
            let digits = millions ? String(text.dropLast()) : text
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else {
                throw StoreError.invalid(field: "--outstanding", value: text, reason: "write whole đồng with digits only (520418000000) or millions with M (520418M)")
            }
            let (result, overflow) = value.multipliedReportingOverflow(by: millions ? 1_000_000 : 1)
            guard !overflow else { throw StoreError.invalid(field: "--outstanding", value: text, reason: "is too large") }
            return result
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List plans.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this year.", transform: Bounds.int(Bounds.year)) var year: Int?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let plans = try PlanStore(try global.openDatabase()).list(year: year)
                if format == .json { return try printJSON(plans) }
                let lang = global.language
                printTable([say(lang, "năm", "year"), say(lang, "phòng giao dịch", "office"), say(lang, "dư nợ kế hoạch (triệu đồng)", "planned outstanding (million đồng)"),
                            say(lang, "người đặt", "set by")],
                           plans.map { [String($0.year), $0.office, NumberText.millions($0.outstanding, lang), $0.setBy] })
            }
        }
    }
}
