import ArgumentParser
import EntrustCore
import EntrustStore
import Foundation

/// `entrust fees --month 2023-08`: the entrustment fee statements and group commissions of a month.
struct FeesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fees",
        abstract: "Entrustment fee statement per commune association (base, rate, reduction, amount, split by level) and commission per group.",
        discussion: """
            Rules from <contracts>/fees/*.yaml, the version in force for the month. Exact arithmetic, rounded once per \
            statement, half up, to whole đồng; the split by level adds up exactly to the fee (README, "Fees").
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "The month, YYYY-MM.") var month: String
    @Option(help: "Only the communes of this transaction office (default: the only one, else all).") var office: String?
    @Option(help: "table, csv or json.") var format: ReportFormat = .table

    func run() throws {
        try guarded {
            let month = try global.month(month)
            let report = try FeeStore(try global.openDatabase()).report(month: month, schedules: try global.feeSchedules(), office: office)
            let lang = global.language
            let levels = ["commune", "district", "province", "central"]
            let header = [say(lang, "hội", "association"), say(lang, "tên", "name"), say(lang, "cơ sở tính phí (đồng)", "base (đồng)"),
                          say(lang, "mức phí/tháng", "monthly rate"), say(lang, "tỷ lệ nợ quá hạn", "overdue ratio"),
                          say(lang, "tỷ lệ được hưởng", "share paid"), say(lang, "phí trước giảm (đồng)", "fee before reduction (đồng)"),
                          say(lang, "phí (đồng)", "fee (đồng)")]
                + levels.map { say(lang, "cấp \(Self.levelVI[$0]!)", $0) }
            let plain = format == .csv
            func amount(_ value: Int64) -> String { plain ? String(value) : NumberText.grouped(value, lang) }
            func pct(_ text: String) -> String { plain ? text : (lang == .vi ? text.replacingOccurrences(of: ".", with: ",") : text) + "%" }
            let rows = report.statements.map { s -> [String] in
                [s.association, s.name, amount(s.lines.reduce(0) { $0 + $1.base }),
                 s.lines.map { pct(Self.trim($0.rate)) + ($0.programmes == "*" ? "" : " (\($0.programmes))") }.joined(separator: " + "),
                 pct(s.overdueRatio), pct(s.paidShare), amount(s.fullFee), amount(s.fee)] + levels.map { amount(s.split[$0] ?? 0) }
            }
            let commissionHeader = [say(lang, "tổ", "group"), say(lang, "tên", "name"), say(lang, "hội", "association"),
                                    say(lang, "dư nợ trong hạn (đồng)", "performing outstanding (đồng)"), say(lang, "hoa hồng (đồng)", "commission (đồng)")]
            let commissionRows = report.commissions.map { [$0.group, $0.name, $0.association, amount($0.performing), amount($0.commission)] }
            switch format {
            case .json:
                try printJSON(report)
            case .csv:
                CSVExport.print(["section"] + header, rows.map { ["fee"] + $0 })
                CSVExport.print(["section"] + commissionHeader, commissionRows.map { ["commission"] + $0 })
            case .table:
                print(say(lang, "Phí ủy thác tháng \(report.month) (biểu phí từ \(report.scheduleFrom))",
                          "Entrustment fees for \(report.month) (schedule from \(report.scheduleFrom))"))
                print("")
                printTable(header, rows)
                print(say(lang, "Tổng phí: \(NumberText.grouped(report.totalFee, lang)) đồng", "Total fees: \(NumberText.grouped(report.totalFee, lang)) đồng"))
                print("")
                print(say(lang, "Hoa hồng tổ TK&VV:", "Group commissions:"))
                printTable(commissionHeader, commissionRows)
                print(say(lang, "Tổng hoa hồng: \(NumberText.grouped(report.totalCommission, lang)) đồng",
                          "Total commissions: \(NumberText.grouped(report.totalCommission, lang)) đồng"))
                if report.averagedWith == nil {
                    print(say(lang, "Dư nợ bình quân tính theo số cuối tháng (chưa nạp tháng trước).",
                              "Average balances use this month's end only (the previous month was not imported)."))
                }
            }
        }
    }

    static let levelVI = ["commune": "xã", "district": "huyện", "province": "tỉnh", "central": "trung ương"]

    /// `0.0320` → `0.032`.
    static func trim(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var out = text
        while out.hasSuffix("0") { out.removeLast() }
        if out.hasSuffix(".") { out.removeLast() }
        return out
    }
}
