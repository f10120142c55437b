import EntrustCore
import EntrustStore
import Foundation

/// Kim Bang's loan extracts for January and August 2023, generated one loan per member household and imported through
/// the real import path (CSV files written, then `LoanImportStore`), with the 2023 plan. Nothing here stores a total:
/// `entrust evaluate --month 2023-08` and `entrust report district --month 2023-08` sum and score these rows into the
/// figures of the seed article (DOMAIN.md): 213 groups, 206 good, 5 fair, 2 average; 7,970 households; outstanding
/// 512,143 million, 39,894 million more than in January, 98.41% of plan; bad debt 0.12%; 15 of 18 communes without
/// overdue debt; Tân Sơn 47,162, Văn Xá 43,370, Đồng Hóa 42,275, Lê Hồ 35,339 million; savings 24,085 million; Tân Sơn's
/// 807 members, 798 of them saving (98.9%).
///
/// How the rows are shaped (all deterministic):
/// - each commune's August outstanding is split over its groups and members by fixed weights, in thousands of đồng;
/// - five Fair groups have a small overdue (0.5%: 20 of 30 points) and collect 96% of interest (10 of 20): 80 points;
///   two Average groups have 2.5% overdue (5 points) and did not transact in August (0 of 20): 55 points;
///   every other group scores 100, or 98 in Tân Sơn where one household of nine groups does not save;
/// - frozen debt in the three communes with overdue brings overdue + frozen to 614 million (0.12%);
/// - January holds 212 groups (one group was founded in April) and 472,249 million, spread in proportion to August;
///   one loan in eleven was repaid and renewed between February and August, which records a disbursement.
extension KimBangDemo {
    static let augustMillions: [String: Int64] = ["Tân Sơn": 47_162, "Văn Xá": 43_370, "Đồng Hóa": 42_275, "Lê Hồ": 35_339]
    static let augustTotalMillions: Int64 = 512_143
    static let januaryTotalMillions: Int64 = 472_249
    static let planMillions: Int64 = 520_418
    static let savingsMillions: Int64 = 24_085
    static let badDebt: Int64 = 614_000_000
    /// Communes with overdue debt, and their Fair and Average groups (by number within the commune).
    static let troubled: [String: (fair: [Int], average: [Int])] = ["Thụy Lôi": ([3, 7], [10]), "Khả Phong": ([2, 9], []), "Liên Sơn": ([5], [8])]
    /// The group founded in 2023 (the last of Thi Sơn): in August's extract only.
    static let newGroupCommune = "Thi Sơn"

    /// Whether the demo's today is late enough for the August 2023 extract.
    static func loansEnabled(today: LocalDate) -> Bool { today >= LocalDate(year: 2023, month: 8, day: 31)! }

    public struct LoanResult: Sendable {
        public var rows = 0, disbursements = 0
    }

    /// Every commune's August outstanding in đồng: the article's four, the others spread below Lê Hồ to the district total.
    static func communeTargets() -> [Int64] {
        let others = communes.indices.filter { augustMillions[communes[$0].name] == nil }
        var millions = [Int64](repeating: 0, count: communes.count)
        var left = augustTotalMillions - augustMillions.values.reduce(0, +)
        for (order, index) in others.enumerated() {
            let value = order == others.count - 1 ? left : Int64(21_000 + (order * 3_391) % 9_000)
            millions[index] = augustMillions[communes[index].name] ?? value
            left -= value
        }
        for (name, value) in augustMillions { millions[communes.firstIndex { $0.name == name }!] = value }
        return millions.map { $0 * 1_000_000 }
    }

    /// Splits `total` (a multiple of `unit`) by weights, in whole units; the parts add up exactly to `total`.
    static func allocate(_ total: Int64, weights: [Int64], unit: Int64 = 1_000) -> [Int64] {
        let units = total / unit
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return weights.map { _ in 0 } }
        var parts = weights.map { units * $0 / sum }
        var left = units - parts.reduce(0, +)
        var index = 0
        while left > 0 {
            if weights[index % weights.count] > 0 { parts[index % weights.count] += 1; left -= 1 }
            index += 1
        }
        return parts.map { $0 * unit }
    }

    struct DemoLoan {
        var household: Int
        var member: MemberDraft
        var communeIndex: Int
        var groupNumber: Int
        var outstanding: Int64 = 0
        var overdue: Int64 = 0
        var frozen: Int64 = 0
        var savings: Int64 = 0
        var fair = false
        var average = false
        var isNew = false
        var renewed = false
    }

    func buildLoans(groups: [(code: String, commune: Int, association: String)], members: [MemberDraft]) throws -> LoanResult {
        let today = database.today
        guard Self.loansEnabled(today: today) else { return LoanResult() }
        let targets = Self.communeTargets()
        let newGroup = groups.last { Self.communes[$0.commune].name == Self.newGroupCommune }!.code
        var loans: [DemoLoan] = []
        var byGroup: [String: [Int]] = [:]
        let groupInfo = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1.code, (commune: $1.commune, number: $0)) })
        var numberInCommune: [String: Int] = [:]
        var counter: [Int: Int] = [:]
        for group in groups {
            counter[group.commune, default: 0] += 1
            numberInCommune[group.code] = counter[group.commune]!
        }
        for (index, member) in members.enumerated() {
            let info = groupInfo[member.groupCode]!
            var loan = DemoLoan(household: index + 1, member: member, communeIndex: info.commune, groupNumber: numberInCommune[member.groupCode]!)
            let plan = Self.troubled[Self.communes[info.commune].name]
            loan.fair = plan?.fair.contains(loan.groupNumber) ?? false
            loan.average = plan?.average.contains(loan.groupNumber) ?? false
            loan.isNew = member.groupCode == newGroup
            loan.renewed = !loan.isNew && loan.household % 11 == 3
            byGroup[member.groupCode, default: []].append(loans.count)
            loans.append(loan)
        }

        // August outstanding: commune → groups (by size and a fixed variation) → households.
        for (communeIndex, target) in targets.enumerated() {
            let codes = groups.filter { $0.commune == communeIndex }.map(\.code)
            let weights = codes.enumerated().map { Int64(byGroup[$1]!.count * (90 + ($0 * 13) % 21)) }
            for (code, total) in zip(codes, Self.allocate(target, weights: weights)) {
                let members = byGroup[code]!
                let amounts = Self.allocate(total, weights: members.map { Int64(80 + (loans[$0].household * 53) % 41) })
                for (slot, amount) in zip(members, amounts) { loans[slot].outstanding = amount }
                // Overdue in the troubled groups: 2.5% (Average) or 0.5% (Fair) of the group's outstanding.
                let first = loans[members[0]]
                if first.fair || first.average {
                    var left = total * (first.average ? 25 : 5) / 1_000 / 1_000 * 1_000
                    for slot in members where left > 0 {
                        let part = min(left, loans[slot].outstanding - 1_000_000)
                        loans[slot].overdue = part
                        left -= part
                    }
                }
            }
        }
        // Frozen debt on the first loan of each good group of the troubled communes, to 614 million with the overdue.
        let overdue = loans.reduce(Int64(0)) { $0 + $1.overdue }
        let frozenGroups = groups.filter { group in
            Self.troubled[Self.communes[group.commune].name] != nil && !(loans[byGroup[group.code]![0]].fair || loans[byGroup[group.code]![0]].average)
        }.map(\.code)
        for (code, amount) in zip(frozenGroups, Self.allocate(Self.badDebt - overdue, weights: frozenGroups.map { _ in 1 })) {
            loans[byGroup[code]![0]].frozen = amount
        }
        // Savings: 24,085 million over the households; in nine of Tân Sơn's groups one household does not save.
        let tanSon = Self.communes.firstIndex { $0.name == "Tân Sơn" }!
        let nonSavers = Set(groups.filter { $0.commune == tanSon }.prefix(9).map { byGroup[$0.code]![5] })
        let savings = Self.allocate(Self.savingsMillions * 1_000_000,
                                    weights: loans.indices.map { nonSavers.contains($0) ? 0 : Int64(70 + (loans[$0].household * 37) % 61) })
        for (slot, amount) in savings.enumerated() { loans[slot].savings = amount }
        // January: the same households but the new group's, with 472,249 million in proportion to August.
        let januarySlots = loans.indices.filter { !loans[$0].isNew }
        let january = Self.allocate(Self.januaryTotalMillions * 1_000_000, weights: januarySlots.map { loans[$0].outstanding / 1_000 })
        let januaryBySlot = Dictionary(uniqueKeysWithValues: zip(januarySlots, january))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = LoanImportStore(database)
        var result = LoanResult()
        for month in [YearMonth(year: 2023, month: 1)!, YearMonth(year: 2023, month: 8)!] {
            var text = LoanColumn.headerLine + "\n"
            for (slot, loan) in loans.enumerated() {
                if month.month == 1 && loan.isNew { continue }
                text += Self.row(loan, month: month, januaryOutstanding: januaryBySlot[slot] ?? 0) + "\n"
            }
            let file = folder.appendingPathComponent("kimbang-loans-\(month.iso).csv")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let summary = try store.importFile(file.path, month: month, actor: Principal("demo"))
            result.rows += summary.rows
            result.disbursements += summary.newDisbursements
        }
        _ = try PlanStore(database).set(year: 2023, office: "KB", outstanding: Self.planMillions * 1_000_000, actor: Principal("demo"))
        // The loan-use checks of 2023's disbursements were mostly done at the time, like the rest of the history.
        _ = try SeedStore(database).markHistoryDone(dueBefore: min(LocalDate(year: 2023, month: 12, day: 31)!, today.adding(days: -3)),
                                                    leaveOpenEvery: 151, evidence: "Biên bản kiểm tra sử dụng vốn (dữ liệu mẫu)",
                                                    actor: Principal("demo"))
        return result
    }

    /// One CSV row of the extract for `month`.
    static func row(_ loan: DemoLoan, month: YearMonth, januaryOutstanding: Int64) -> String {
        let h = loan.household
        let august = month.month == 8
        let day = communes[loan.communeIndex].day
        let newLoan = loan.isNew || (august && loan.renewed)
        let disbursed: LocalDate
        if loan.isNew {
            disbursed = LocalDate(year: 2023, month: 4, day: 10 + h % 15)!
        } else if newLoan {
            disbursed = LocalDate(year: 2023, month: 2 + h % 7, day: 5 + h % 20)!
        } else if h % 97 == 5 {
            disbursed = LocalDate(year: 2023, month: 1, day: 10 + h % 10)!
        } else {
            disbursed = LocalDate(year: 2019 + h % 4, month: 1 + h % 12, day: 1 + h % 28)!
        }
        let outstanding = august ? loan.outstanding : januaryOutstanding
        let overdue = august ? loan.overdue : 0
        let frozen = august ? loan.frozen : 0
        let performing = outstanding - overdue - frozen
        let disbursedAmount = (outstanding / 5_000_000 + 1) * 5_000_000
        // Interest at 0.55% a month on what accrues (frozen debt does not), in thousands of đồng.
        let interestDue = (performing + overdue) * 55 / 10_000 / 1_000 * 1_000
        let interestCollected = august && loan.fair ? interestDue * 96 / 100 / 1_000 * 1_000 : interestDue
        let arrears = overdue * 3 * 55 / 10_000 / 1_000 * 1_000
        let principalDue: Int64 = h % 6 == 0 ? 2_000_000 : 0
        let savings = august ? loan.savings : loan.savings * 100 / 105 / 1_000 * 1_000
        let lastTransaction = august && loan.average ? LocalDate(year: 2023, month: 7, day: day)! : LocalDate(year: 2023, month: month.month, day: day)!
        let programme: String
        switch loan.member.category {
        case .poor: programme = "1"
        case .nearPoor: programme = "19"
        case .justOutOfPoverty: programme = "9"
        case .otherPolicy: programme = ["3", "6", "7"][h % 3]
        }
        let id = String(format: "KB%05d-%d", h, newLoan ? 2 : 1)
        return [id, loan.member.nationalID, loan.member.name, loan.member.groupCode, programme, disbursed.iso, disbursed.adding(months: 60).iso,
                String(disbursedAmount), String(performing), String(overdue), String(frozen), String(principalDue), String(principalDue),
                String(interestDue), String(interestCollected), String(arrears), String(savings), lastTransaction.iso].joined(separator: ",")
    }
}
