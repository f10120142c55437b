import EntrustConfig
import EntrustCore
import EntrustServer
import EntrustStore
import Foundation

/// Loan extracts for January and February 2024, imported and evaluated with the shipped scorecards.
///
/// Every group is clean in January. In February Tân Sơn's group has half its outstanding overdue, collected nothing and
/// did not transact: its class drops. Văn Xá and Yên Bắc stay as they were.
extension ServerFixture {
    static let january = YearMonth(year: 2024, month: 1)!
    static let february = YearMonth(year: 2024, month: 2)!

    static let feeSchedules: [FeeSchedule] = {
        try! FeeScheduleLoader.load(file: packageRoot.appendingPathComponent("contracts/fees/entrustment.yaml"))
    }()

    static func loanRow(_ id: String, group: String, _ overrides: [String: String] = [:]) -> String {
        var values: [String: String] = [
            "loan_id": id, "borrower_id": "B-\(id)", "borrower_name": "Hộ \(id)", "group_code": group,
            "programme_code": "1", "disbursed_on": "2021-03-15", "maturity_on": "2026-03-15", "disbursed_amount": "50000000",
            "outstanding_performing": "40000000", "outstanding_overdue": "0", "outstanding_frozen": "0", "principal_due": "1000000",
            "principal_collected": "1000000", "interest_due": "220000", "interest_collected": "220000", "interest_arrears": "0",
            "savings_balance": "2000000", "last_transaction_on": "2024-01-14",
        ]
        for (key, value) in overrides { values[key] = value }
        return LoanColumn.allCases.map { values[$0.rawValue]! }.joined(separator: ",")
    }

    /// Imports both months and evaluates them with the shipped scorecards.
    func importAndEvaluateLoans() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-server-loans-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let groups = [tanson.group, vanxa.group, yenbac.group]
        for month in [Self.january, Self.february] {
            var lines = [LoanColumn.headerLine]
            for (index, group) in groups.enumerated() {
                for number in 1...5 {
                    let id = "L\(index)\(number)"
                    var overrides = ["last_transaction_on": "\(month.iso)-14", "savings_balance": month == Self.january ? "2000000" : "2100000"]
                    if month == Self.february && group == tanson.group {
                        overrides = ["outstanding_performing": "20000000", "outstanding_overdue": "20000000", "interest_collected": "0",
                                     "principal_collected": "0", "savings_balance": "1000000", "last_transaction_on": "2023-12-14"]
                    }
                    lines.append(Self.loanRow(id, group: group, overrides))
                }
            }
            let file = folder.appendingPathComponent("loans-\(month.iso).csv")
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
            _ = try LoanImportStore(database).importFile(file.path, month: month, actor: Principal("setup"))
        }
        let root = Self.packageRoot.appendingPathComponent("contracts/scorecards")
        let scorecards = try ScorecardLoader.load(file: root.appendingPathComponent("group.yaml"))
        let associations = try AssociationScorecardLoader.load(file: root.appendingPathComponent("association.yaml"))
        for month in [Self.january, Self.february] {
            _ = try EvaluationStore(database).evaluate(month: month, scorecards: scorecards, associationScorecards: associations,
                                                       actor: Principal("setup"))
        }
    }
}
