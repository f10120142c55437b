import ArgumentParser
import EntrustCore
import EntrustStore
import Foundation

/// `entrust report district|commune|association|group --month M`: the monthly reports, summed from the loan rows and
/// the stored evaluations. Amounts in millions of đồng (`512.143` in vi, `512,143` in en), percentages with two decimals.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Monthly reports: district (transaction office), commune, association and group.",
        subcommands: [District.self, Commune.self, Association.self, Group.self])

    struct Options: ParsableArguments {
        @Option(help: "The month, YYYY-MM.") var month: String
        @Option(help: "The transaction office (default: the only one, else every office).") var office: String?
        @Option(help: "table, csv or json.") var format: ReportFormat = .table
    }

    /// Money and percentages as the chosen format wants them: exact đồng and plain percentages in CSV.
    struct Style {
        let lang: Language
        let format: ReportFormat
        func millions(_ dong: Int64) -> String { format == .csv ? String(dong) : NumberText.millions(dong, lang) }
        func percent(_ text: String) -> String {
            format == .csv ? text : (lang == .vi ? text.replacingOccurrences(of: ".", with: ",") : text) + "%"
        }
        func percent(_ part: Int64, _ whole: Int64) -> String {
            percent(whole > 0 ? (Ratio(max(part, 0), whole)?.percent(decimals: 2) ?? "0.00") : "0.00")
        }
        func count(_ value: Int) -> String { format == .csv ? String(value) : NumberText.grouped(Int64(value), lang) }
        var moneyUnit: String { format == .csv ? say(lang, "đồng", "đồng") : say(lang, "triệu đồng", "million đồng") }
    }

    struct District: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The district report: classes, outstanding, overdue, communes, savings, plan.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: Options
        @Option(help: "How many top communes by outstanding to list.", transform: Bounds.int(1...1000)) var top: Int = 4

        func run() throws {
            try guarded {
                let report = try ReportStore(try global.openDatabase()).district(month: try global.month(options.month), office: options.office, top: top)
                let lang = global.language, s = Style(lang: lang, format: options.format)
                switch options.format {
                case .json:
                    try printJSON(report)
                case .csv:
                    var rows: [[String]] = []
                    rows += report.byClass.map { ["groups_by_class", $0.groupClass, String($0.count), $0.percent] }
                    rows.append(["groups", "", String(report.groups), ""])
                    rows.append(["outstanding", "", String(report.outstanding), ""])
                    rows.append(["households", "", String(report.households), ""])
                    rows.append(["overdue", "", String(report.overdue), report.overdueRatio])
                    rows.append(["bad_debt", "", String(report.overdue + report.frozen), report.badDebtRatio])
                    rows.append(["communes_without_overdue", "", String(report.communesWithoutOverdue), String(report.communes)])
                    rows.append(["savings_through_groups", "", String(report.savings), ""])
                    rows += report.topCommunes.map { ["top_commune", $0.name, String($0.outstanding), $0.percent] }
                    rows += report.byKind.map { ["outstanding_by_kind", $0.code, String($0.outstanding), $0.percent] }
                    if let p = report.previousMonth { rows.append(["change_since_previous_month", p.month, String(p.change), ""]) }
                    if let y = report.startOfYear { rows.append(["change_since_start_of_year", y.month, String(y.change), ""]) }
                    if let plan = report.plan { rows.append(["plan", String(options.month.prefix(4)), String(plan), report.planAttainment ?? ""]) }
                    CSVExport.print(["figure", "key", "value", "percent"], rows)
                case .table:
                    Self.printTable(report, s)
                }
            }
        }

        static func printTable(_ r: DistrictReport, _ s: Style) {
            let lang = s.lang
            let title = say(lang, "Báo cáo tháng \(r.month)", "Report for \(r.month)") + (r.scopeName.isEmpty ? "" : " — \(r.scopeName) (\(r.scope))")
            print(title)
            print(String(repeating: "=", count: title.count))
            if r.evaluationStale {
                print(say(lang, "Lưu ý: sao kê dư nợ đã được nạp lại sau khi chấm điểm; hãy chạy lại `entrust evaluate`.",
                          "Note: the loan extract was imported again after the evaluation; run `entrust evaluate` again."))
            }
            print(say(lang, "Tổ TK&VV theo xếp loại (\(r.groups) tổ):", "Groups by class (\(r.groups) groups):"))
            printTableRows(r.byClass.map { [GroupClass(rawValue: $0.groupClass)?.label.text(lang) ?? $0.groupClass, s.count($0.count), s.percent($0.percent)] })
            print("")
            let unit = s.moneyUnit
            var fields: [(String, String?)] = [
                (say(lang, "Dư nợ (\(unit))", "Outstanding (\(unit))"), s.millions(r.outstanding)),
                (say(lang, "Hộ còn dư nợ", "Borrowing households"), s.count(r.households)),
                (say(lang, "Tỷ lệ nợ quá hạn", "Overdue ratio"), s.percent(r.overdueRatio)),
                (say(lang, "Tỷ lệ nợ xấu (quá hạn và khoanh)", "Bad-debt ratio (overdue and frozen)"), s.percent(r.badDebtRatio)),
                (say(lang, "Xã không có nợ quá hạn", "Communes with no overdue debt"),
                 say(lang, "\(r.communesWithoutOverdue)/\(r.communes)", "\(r.communesWithoutOverdue) of \(r.communes)")),
                (say(lang, "Tiền gửi tiết kiệm qua tổ (\(unit))", "Savings through groups (\(unit))"), s.millions(r.savings)),
            ]
            let previous = r.month.isEmpty ? "" : YearMonth(iso: r.month).map { $0.adding(months: -1).iso } ?? ""
            fields.append((say(lang, "Tăng/giảm so với tháng trước (\(r.previousMonth?.month ?? previous))",
                               "Change since the previous month (\(r.previousMonth?.month ?? previous))"),
                           r.previousMonth.map { NumberText.signedMillions($0.change, lang) } ?? say(lang, "— (chưa nạp tháng trước)", "— (not imported)")))
            fields.append((say(lang, "Tăng/giảm từ đầu năm", "Change since the start of the year") + (r.startOfYear.map { " (\($0.month))" } ?? ""),
                           r.startOfYear.map { NumberText.signedMillions($0.change, lang) } ?? "—"))
            if let start = r.startOfYear {
                fields.append((say(lang, "Số tổ đầu năm", "Groups at the start of the year"), s.count(start.groups)))
            }
            fields.append((say(lang, "Kế hoạch dư nợ năm (\(unit))", "The year's outstanding plan (\(unit))"),
                           r.plan.map { s.millions($0) } ?? say(lang, "chưa đặt (entrust plan set)", "not set (entrust plan set)")))
            if let attainment = r.planAttainment { fields.append((say(lang, "Tỷ lệ hoàn thành kế hoạch", "Plan attainment"), s.percent(attainment))) }
            printFields(fields)
            print("")
            print(say(lang, "Xã có dư nợ cao nhất (\(unit)):", "Top communes by outstanding (\(unit)):"))
            printTableRows(r.topCommunes.map { [$0.name, s.millions($0.outstanding), s.percent($0.percent)] })
            print("")
            print(say(lang, "Dư nợ theo hội nhận ủy thác (\(unit)):", "Outstanding by association kind (\(unit)):"))
            printTableRows(r.byKind.map { [AssociationKind(rawValue: $0.code)?.label.text(lang) ?? $0.code, s.millions($0.outstanding), s.percent($0.percent)] })
        }
    }

    struct Commune: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per commune: groups, members, savers, outstanding, overdue, savings, classes.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: Options

        func run() throws {
            try guarded {
                let rows = try ReportStore(try global.openDatabase()).communes(month: try global.month(options.month), office: options.office)
                if options.format == .json { return try printJSON(rows) }
                let lang = global.language, s = Style(lang: lang, format: options.format)
                let header = [say(lang, "xã", "commune"), say(lang, "tổ", "groups"), say(lang, "thành viên", "members"),
                              say(lang, "tỷ lệ gửi tiết kiệm", "saving"), say(lang, "hộ vay", "households"),
                              say(lang, "dư nợ (\(s.moneyUnit))", "outstanding (\(s.moneyUnit))"), say(lang, "nợ quá hạn", "overdue"),
                              say(lang, "nợ xấu", "bad debt"), say(lang, "tiết kiệm (\(s.moneyUnit))", "savings (\(s.moneyUnit))"),
                              say(lang, "tốt/khá/TB/yếu", "good/fair/avg/weak")]
                let body = rows.map { r in
                    [r.name, s.count(r.groups), s.count(r.members), s.percent(Int64(r.membersWithSavings), Int64(r.members)), s.count(r.households),
                     s.millions(r.outstanding), s.percent(r.overdue, r.outstanding), s.percent(r.overdue + r.frozen, r.outstanding),
                     s.millions(r.savings), "\(r.good)/\(r.fair)/\(r.average)/\(r.weak)"]
                }
                if options.format == .csv { return CSVExport.print(header, body) }
                printTable(header, body)
            }
        }
    }

    struct Association: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Commune associations' evaluations, with roll-ups by office, province and association kind.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: Options

        func run() throws {
            try guarded {
                let (rows, rollUps) = try ReportStore(try global.openDatabase()).associations(month: try global.month(options.month), office: options.office)
                if options.format == .json {
                    struct Shown: Encodable { var associations: [AssociationEvaluationView]; var rollUps: [RollUp] }
                    return try printJSON(Shown(associations: rows, rollUps: rollUps))
                }
                let lang = global.language, s = Style(lang: lang, format: options.format)
                let header = [say(lang, "hội", "association"), say(lang, "loại", "kind"), say(lang, "xã", "commune"),
                              say(lang, "dư nợ (\(s.moneyUnit))", "outstanding (\(s.moneyUnit))"), say(lang, "hộ vay", "households"),
                              say(lang, "nợ quá hạn", "overdue"), say(lang, "nợ xấu", "bad debt"), say(lang, "thu lãi", "interest collected"),
                              say(lang, "tổ tốt/khá/TB/yếu", "groups good/fair/avg/weak"), say(lang, "việc đúng hạn", "obligations on time"),
                              say(lang, "tập huấn", "training"), say(lang, "điểm", "points"), say(lang, "xếp loại", "class")]
                let body = rows.map { r in
                    [r.code, AssociationKind(rawValue: r.kind)?.label.text(lang) ?? r.kind, r.commune, s.millions(r.outstanding), s.count(r.households),
                     s.percent(r.overdue, r.outstanding), s.percent(r.overdue + r.frozen, r.outstanding),
                     r.interestDue > 0 ? s.percent(r.interestCollected, r.interestDue) : "—",
                     "\(r.groupsGood)/\(r.groupsFair)/\(r.groupsAverage)/\(r.groupsWeak)",
                     r.obligationsDue > 0 ? "\(r.obligationsOnTime)/\(r.obligationsDue)" : "—",
                     r.trainingTarget > 0 ? "\(r.trainingDone)/\(r.trainingTarget)" : "—",
                     String(r.total), GroupClass(rawValue: r.associationClass)?.label.text(lang) ?? r.associationClass]
                }
                let total = rollUps.filter { $0.level == "kind" }.reduce(Int64(0)) { $0 + $1.outstanding }
                let rollHeader = [say(lang, "cấp", "level"), say(lang, "mã", "code"), say(lang, "tên", "name"), say(lang, "số hội", "associations"),
                                  say(lang, "dư nợ (\(s.moneyUnit))", "outstanding (\(s.moneyUnit))"), say(lang, "tỷ trọng", "share"),
                                  say(lang, "nợ quá hạn", "overdue"), say(lang, "tốt/khá/TB/yếu", "good/fair/avg/weak")]
                let rollBody = rollUps.map { r in
                    [Self.levelName(r.level, lang), r.code, r.level == "kind" ? (AssociationKind(rawValue: r.code)?.label.text(lang) ?? r.code) : r.name,
                     s.count(r.associations), s.millions(r.outstanding), s.percent(r.outstanding, total), s.percent(r.overdue, r.outstanding),
                     "\(r.good)/\(r.fair)/\(r.average)/\(r.weak)"]
                }
                if options.format == .csv {
                    CSVExport.print(header, body)
                    return CSVExport.print(rollHeader, rollBody)
                }
                printTable(header, body)
                print("")
                print(say(lang, "Tổng hợp theo phòng giao dịch, tỉnh và loại hội:", "Roll-ups by transaction office, province and association kind:"))
                printTable(rollHeader, rollBody)
            }
        }

        static func levelName(_ level: String, _ lang: Language) -> String {
            switch level {
            case "office": return say(lang, "phòng giao dịch", "office")
            case "province": return say(lang, "chi nhánh tỉnh", "province")
            default: return say(lang, "loại hội", "kind")
            }
        }
    }

    struct Group: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Groups' evaluations (worst first); with --group, one group's inputs, ratios and points per criterion.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: Options
        @Option(help: "Show one group in full.") var group: String?

        func run() throws {
            try guarded {
                let store = ReportStore(try global.openDatabase())
                let month = try global.month(options.month)
                let lang = global.language, s = Style(lang: lang, format: options.format)
                if let code = group {
                    let view = try store.group(code, month: month)
                    if options.format == .json { return try printJSON(view) }
                    return Self.printOne(view, s)
                }
                let rows = try store.groups(month: month, office: options.office)
                if options.format == .json { return try printJSON(rows) }
                let header = ["code", say(lang, "xã", "commune"), say(lang, "hội", "association"), say(lang, "dư nợ (\(s.moneyUnit))", "outstanding (\(s.moneyUnit))"),
                              say(lang, "quá hạn", "overdue"), say(lang, "giao dịch", "transacting"), say(lang, "thu lãi", "interest"),
                              say(lang, "thu gốc", "principal"), say(lang, "tăng tiết kiệm", "savings growth"), say(lang, "gửi tiết kiệm", "savers"),
                              say(lang, "tổng", "total"), say(lang, "xếp loại", "class")]
                let body = rows.map { r in
                    [r.code, r.commune, r.association, s.millions(r.outstanding), String(r.pointsOverdueRatio), String(r.pointsTransactionAttendance),
                     String(r.pointsInterestCollection), String(r.pointsPrincipalCollection), String(r.pointsSavingsGrowth),
                     String(r.pointsSaversShare), String(r.total), GroupClass(rawValue: r.groupClass)?.label.text(lang) ?? r.groupClass]
                }
                if options.format == .csv { return CSVExport.print(header, body) }
                print(say(lang, "Điểm theo tiêu chí (tối đa theo bảng điểm):", "Points per criterion (maximum as in the scorecard):"))
                printTable(header, body)
            }
        }

        static func printOne(_ v: GroupEvaluationView, _ s: Style) {
            let lang = s.lang
            let ratios = v.inputs.ratios
            func pct(_ criterion: ScorecardCriterion) -> String { NumberText.percent(ratios[criterion], lang) }
            print("\(v.code) — \(v.name), \(v.commune) (\(v.association))")
            printFields([
                (say(lang, "Xếp loại", "Class"), "\(GroupClass(rawValue: v.groupClass)?.label.text(lang) ?? v.groupClass), \(v.total) " + say(lang, "điểm", "points")),
                (say(lang, "Bảng điểm áp dụng từ", "Scorecard from"), v.scorecardFrom),
            ])
            print("")
            let source = v.attendanceSource == "attendance" ? say(lang, "điểm danh phiên giao dịch", "transaction-day attendance")
                                                            : say(lang, "ngày giao dịch cuối của khoản vay", "loans' last transaction dates")
            printTable([say(lang, "tiêu chí", "criterion"), say(lang, "số liệu", "inputs"), say(lang, "tỷ lệ", "ratio"), say(lang, "điểm", "points")], [
                [say(lang, "Nợ quá hạn / dư nợ", "Overdue / outstanding"), "\(NumberText.grouped(v.overdue, lang)) / \(NumberText.grouped(v.outstanding, lang))",
                 pct(.overdueRatio), String(v.pointsOverdueRatio)],
                [say(lang, "Giao dịch tại điểm xã", "Transacted at the commune point"), "\(v.sessionsTransacted) / \(v.sessionsHeld) (\(source))",
                 pct(.transactionAttendance), String(v.pointsTransactionAttendance)],
                [say(lang, "Thu lãi", "Interest collected / due"), "\(NumberText.grouped(v.interestCollected, lang)) / \(NumberText.grouped(v.interestDue, lang))",
                 pct(.interestCollection), String(v.pointsInterestCollection)],
                [say(lang, "Thu nợ gốc đến hạn", "Principal collected / due"),
                 "\(NumberText.grouped(v.principalCollected, lang)) / \(NumberText.grouped(v.principalDue, lang))", pct(.principalCollection),
                 String(v.pointsPrincipalCollection)],
                [say(lang, "Tăng trưởng tiết kiệm", "Savings growth"),
                 "\(NumberText.grouped(v.savingsBalance, lang)) / \(NumberText.grouped(v.previousSavingsBalance, lang))" + (v.comparedMonth.map { " (\($0))" } ?? ""),
                 pct(.savingsGrowth), String(v.pointsSavingsGrowth)],
                [say(lang, "Thành viên gửi tiết kiệm", "Members who save"), "\(v.membersWithSavings) / \(v.activeMembers)", pct(.saversShare),
                 String(v.pointsSaversShare)],
            ])
        }
    }
}

/// A table without a header, for the district report's small lists.
func printTableRows(_ rows: [[String]]) {
    var widths: [Int] = []
    for row in rows { for (index, cell) in row.enumerated() { if index >= widths.count { widths.append(0) }; widths[index] = max(widths[index], cell.count) } }
    for row in rows {
        print("  " + row.enumerated().map { index, cell in
            // Names left-aligned, figures right-aligned.
            index == 0 ? cell + String(repeating: " ", count: widths[index] - cell.count)
                       : String(repeating: " ", count: widths[index] - cell.count) + cell
        }.joined(separator: "  "))
    }
}
