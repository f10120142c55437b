import EntrustCore
import EntrustStore
import Foundation

/// The sizes `entrust bench --scale` works at (issue 7): a district (Kim Bang's real counts), a province, the nation.
public enum BenchScale: String, CaseIterable, Sendable {
    case district, province, national

    public var groups: Int { switch self { case .district: 213; case .province: 4_500; case .national: 170_000 } }
    public var loans: Int { switch self { case .district: 8_000; case .province: 210_000; case .national: 6_800_000 } }
    public var contracts: Int { switch self { case .district: 72; case .province: 1_000; case .national: 40_000 } }
    public var points: Int { switch self { case .district: 18; case .province: 300; case .national: 10_000 } }
}

/// SplitMix64: Swift's standard library has no seedable generator, and the data set must follow from `--seed` alone.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A synthetic country, district or province for the benchmark, deterministic from the seed and independent of the
/// demo's hand-made data. Everything goes through the stores' own paths (organisation batch load, contract
/// create → submit → approve with its obligations, group load, meeting scheduling), so the benchmark measures a
/// database shaped as production would shape it.
///
/// Shape: one transaction point per commune, 18 communes per district (each district a transaction office with a
/// director who approves and a credit officer per three communes), 12 districts per province; four commune
/// associations per commune, each with a chair and an officer (both with email); the commune contracts go to
/// associations commune by commune, kind by kind; groups are spread over the contracted associations, each with a
/// monthly meeting series; every point has its monthly transaction day. Households are not registered as members:
/// the evaluation counts a group's borrowing households instead (its documented fallback), and the loan extract
/// carries them.
public struct SyntheticDataSet {
    public let scale: BenchScale
    public let seed: UInt64
    public let database: AppDatabase
    public let template: ContractTemplate
    public let holidays: HolidayCalendar
    public let wiring: DemoWiring
    public var progress: (String) -> Void = { _ in }

    public init(scale: BenchScale, seed: UInt64, database: AppDatabase, template: ContractTemplate, holidays: HolidayCalendar,
                wiring: DemoWiring) {
        self.scale = scale
        self.seed = seed
        self.database = database
        self.template = template
        self.holidays = holidays
        self.wiring = wiring
    }

    static let communesPerDistrict = 18
    static let districtsPerProvince = 12

    public struct Counts: Codable, Sendable {
        public init() {}
        public var points = 0, associations = 0, people = 0, contracts = 0, obligations = 0, groups = 0, meetingSeries = 0, meetings = 0
    }

    /// Accounts the HTTP stage signs in with.
    public struct Accounts {
        public var staff: (username: String, password: String)
        public var officer: (username: String, password: String)
    }

    static func commune(_ index: Int) -> String { String(format: "X%05d", index + 1) }
    static func office(_ district: Int) -> String { String(format: "PGD%04d", district + 1) }
    static func association(commune: Int, kind: AssociationKind) -> String { "\(Self.commune(commune))-\(kind.abbreviation)" }

    /// Contract `index` goes to commune `index % points`, kind `index / points` (every commune's farmers first).
    func contractAssociation(_ index: Int) -> (commune: Int, kind: AssociationKind) {
        (index % scale.points, AssociationKind.allCases[(index / scale.points) % 4])
    }

    /// Group `g` belongs to the association of contract `g % contracts` and is its group number `g / contracts + 1`.
    func groupCode(_ index: Int) -> String {
        let (commune, kind) = contractAssociation(index % scale.contracts)
        return GroupRules.groupCode(prefix: Self.association(commune: commune, kind: kind), number: index / scale.contracts + 1)
    }

    public func build(webhookURL: String) throws -> (counts: Counts, accounts: Accounts) {
        var rng = SeededGenerator(seed: seed)
        let today = database.today
        let actor = Principal("bench")
        var counts = Counts()
        let points = scale.points
        let districts = (points + Self.communesPerDistrict - 1) / Self.communesPerDistrict
        let provinces = (districts + Self.districtsPerProvince - 1) / Self.districtsPerProvince

        // Organisations, in one batch.
        var batch = OrganisationBatch()
        batch.bankUnits.append(BankUnitDraft(code: "VBSP", kind: .headOffice, name: "Ngân hàng Chính sách xã hội"))
        for province in 0..<provinces {
            let code = String(format: "T%02d", province + 1)
            batch.adminUnits.append(AdminUnitDraft(code: code, kind: .province, name: "Tỉnh \(province + 1)"))
            batch.bankUnits.append(BankUnitDraft(code: "CN\(code)", kind: .provincialBranch, name: "Chi nhánh tỉnh \(province + 1)", parentCode: "VBSP"))
        }
        let name = { (seed: Int) in KimBangDemo.person(seed).name }
        var fixedDays: [Int] = []
        for district in 0..<districts {
            let province = String(format: "T%02d", district / Self.districtsPerProvince + 1)
            let code = String(format: "H%04d", district + 1), office = Self.office(district)
            batch.adminUnits.append(AdminUnitDraft(code: code, kind: .district, name: "Huyện \(district + 1)", parentCode: province))
            batch.bankUnits.append(BankUnitDraft(code: office, kind: .transactionOffice, name: "Phòng giao dịch huyện \(district + 1)",
                                                 parentCode: "CN\(province)"))
            batch.people.append(PersonDraft(code: "\(office)-GD", name: name(district * 8), email: "\(office.lowercased())-gd@example.vn",
                                            bankUnitCode: office, position: .director, approver: true))
            let communes = min(Self.communesPerDistrict, points - district * Self.communesPerDistrict)
            for officer in 0..<(communes + 2) / 3 {
                batch.people.append(PersonDraft(code: String(format: "%@-CB%02d", office, officer + 1), name: name(district * 8 + officer + 1),
                                                email: String(format: "%@-cb%02d@example.vn", office.lowercased(), officer + 1),
                                                bankUnitCode: office, position: .creditOfficer))
            }
        }
        for commune in 0..<points {
            let code = Self.commune(commune), district = commune / Self.communesPerDistrict
            fixedDays.append(Int.random(in: 3...25, using: &rng))
            batch.adminUnits.append(AdminUnitDraft(code: code, kind: .commune, name: "Xã \(commune + 1)", parentCode: String(format: "H%04d", district + 1)))
            batch.bankUnits.append(BankUnitDraft(code: "DGD-\(code)", kind: .transactionPoint, name: "Điểm giao dịch xã \(commune + 1)",
                                                 parentCode: Self.office(district), communeCode: code, fixedDay: fixedDays.last))
            for kind in AssociationKind.allCases {
                let association = Self.association(commune: commune, kind: kind)
                batch.associations.append(AssociationDraft(code: association, kind: kind, level: .commune,
                                                           name: "\(kind.label.vi) xã \(commune + 1)", adminUnitCode: code))
                let seedBase = Int.random(in: 0..<1_000_000, using: &rng)
                batch.people.append(PersonDraft(code: "\(association)-CT", name: name(seedBase), email: "\(association.lowercased())-ct@example.vn",
                                                associationCode: association, position: .chair, standingCommittee: true))
                batch.people.append(PersonDraft(code: "\(association)-CB", name: name(seedBase + 1), email: "\(association.lowercased())-cb@example.vn",
                                                language: seedBase % 9 == 0 ? .en : .vi, associationCode: association, position: .officer))
            }
        }
        progress("organisations: \(batch.count)")
        let loaded = try OrganisationStore(database).load(batch, actor: actor)
        counts.points = points
        counts.associations = loaded.associations
        counts.people = loaded.people

        // Commune contracts, signed from the first day of last month; every 25th ends within 60 days (contract.expiring).
        let contracts = ContractStore(database)
        let start = LocalDate(year: today.year, month: today.month, day: 1)!.adding(months: -1)
        for index in 0..<scale.contracts {
            let (commune, kind) = contractAssociation(index)
            let district = commune / Self.communesPerDistrict, office = Self.office(district)
            let end = index % 25 == 0 ? today.adding(days: 20 + index % 40) : start.adding(months: 36).adding(days: -1)
            let draft = ContractStore.Draft(template: template, office: office, association: Self.association(commune: commune, kind: kind),
                                            start: start, end: end, bankSignatory: "Giám đốc \(office)", associationSignatory: nil)
            let maker = String(format: "%@-CB%02d", office, (commune % Self.communesPerDistrict) / 3 + 1)
            let contract = try contracts.create(draft, actor: Principal(maker))
            _ = try contracts.submit(contract.number, actor: Principal(maker))
            counts.obligations += try contracts.approve(contract.number, note: nil, actor: Principal("\(office)-GD")).obligationsCreated
            counts.contracts += 1
            if index % 5_000 == 4_999 { progress("contracts: \(index + 1) of \(scale.contracts)") }
        }
        // Past work: done on time, but one in 97 left open (late).
        _ = try SeedStore(database).markHistoryDone(dueBefore: today, leaveOpenEvery: 97, evidence: "bench", actor: actor)

        // Groups, in batches of 10,000.
        var drafts: [GroupDraft] = []
        for index in 0..<scale.groups {
            let (commune, kind) = contractAssociation(index % scale.contracts)
            drafts.append(GroupDraft(code: groupCode(index), name: "Tổ TK&VV \(index + 1)", communeCode: Self.commune(commune),
                                     associationCode: Self.association(commune: commune, kind: kind),
                                     foundedOn: LocalDate(year: 2005 + Int.random(in: 0...18, using: &rng), month: 1 + index % 12, day: 1 + index % 28)!,
                                     minimumMonthlySaving: VND(Int64(50_000 * (1 + index % 3)))))
            if drafts.count == 10_000 || index == scale.groups - 1 {
                counts.groups += try GroupStore(database).load(groups: drafts, members: [], actor: actor, issueLimit: 5).groups
                drafts.removeAll(keepingCapacity: true)
                progress("groups: \(counts.groups) of \(scale.groups)")
            }
        }

        // A monthly meeting per group and each point's transaction day, for twelve months, in batches of 5,000 series.
        let meetings = MeetingStore(database)
        let horizon = start.adding(months: 12).adding(days: -1)
        var series: [MeetingStore.SeriesDraft] = []
        func flush() throws {
            let scheduled = try meetings.scheduleAll(series, holidays: holidays, actor: actor)
            counts.meetingSeries += scheduled.count
            counts.meetings += scheduled.reduce(0) { $0 + $1.occurrences }
            series.removeAll(keepingCapacity: true)
        }
        for index in 0..<scale.groups {
            let day = Int.random(in: 1...28, using: &rng)
            series.append(MeetingStore.SeriesDraft(kind: .groupMeeting, group: groupCode(index),
                                                   start: LocalDateTime(date: LocalDate(year: start.year, month: start.month, day: day)!,
                                                                        hour: index % 2 == 0 ? 8 : 14, minute: 0)!,
                                                   recurrence: .rule(try RecurrenceRule(frequency: .monthly, byMonthDay: [day])), horizon: horizon))
            if series.count == 5_000 { try flush(); progress("meeting series: \(counts.meetingSeries)") }
        }
        for commune in 0..<points {
            let district = commune / Self.communesPerDistrict
            let day = fixedDays[commune]
            series.append(MeetingStore.SeriesDraft(kind: .transactionDay, point: "DGD-\(Self.commune(commune))", organiser: Self.office(district),
                                                   start: LocalDateTime(date: LocalDate(year: start.year, month: start.month, day: day)!, hour: 7, minute: 30)!,
                                                   durationMinutes: 240, recurrence: .once, horizon: horizon))
            if series.count == 5_000 { try flush() }
        }
        if !series.isEmpty { try flush() }
        progress("meetings: \(counts.meetings) in \(counts.meetingSeries) series")

        // One webhook endpoint for every event; the accounts the HTTP stage signs in with.
        _ = try EndpointStore(database).add(url: webhookURL, events: [try EventPattern("*")], description: "entrust bench",
                                            templateName: nil, template: nil, secret: wiring.newWebhookSecret(), actor: actor)
        let users = UserStore(database)
        let staff = ("bench.staff", "bench-" + String(UserStore.randomToken().prefix(16)))
        let officer = ("bench.officer", "bench-" + String(UserStore.randomToken().prefix(16)))
        _ = try users.add(username: staff.0, displayName: nil, role: .bankStaff, person: "\(Self.office(0))-CB01",
                          passwordHash: wiring.hashPassword(staff.1), actor: actor)
        _ = try users.add(username: officer.0, displayName: nil, role: .associationOfficer,
                          person: "\(Self.association(commune: 0, kind: .farmers))-CB", passwordHash: wiring.hashPassword(officer.1), actor: actor)
        return (counts, Accounts(staff: staff, officer: officer))
    }

    /// The month's loan extract: `loans` rows over the groups, deterministic from the seed; written in 1 MiB pieces, so
    /// that the generator's memory does not grow with the file. Returns the file's size.
    public func writeLoanExtract(_ path: String, month: YearMonth) throws -> Int64 {
        var rng = SeededGenerator(seed: seed &+ 1)
        var file = try ChunkedFileWriter(path: path, field: "--out")
        let codes = (0..<scale.groups).map(groupCode)
        let programmes = ["1", "19", "9", "3", "1", "1"]
        let families = KimBangDemo.families, middles = KimBangDemo.middles, givens = KimBangDemo.givens
        let last = month.lastDay
        file.append(LoanColumn.headerLine + "\n")
        for index in 0..<scale.loans {
            let disbursedYear = last.year - Int.random(in: 1...5, using: &rng)
            let term = Int.random(in: 3...7, using: &rng)
            let amount = Int64.random(in: 10...100, using: &rng) * 1_000_000
            let remaining = amount * Int64.random(in: 20...100, using: &rng) / 100
            let overdue = Int.random(in: 0..<50, using: &rng) == 0 ? remaining / 4 : 0
            let frozen = Int.random(in: 0..<400, using: &rng) == 0 ? remaining / 10 : 0
            let principalDue = index % 6 == 0 ? min(remaining, 2_000_000) : 0
            let principalCollected = overdue > 0 ? 0 : principalDue
            let interestDue = remaining * 55 / 10_000
            let interestCollected = Int.random(in: 0..<30, using: &rng) == 0 ? interestDue / 2 : interestDue
            let savings = Int64.random(in: 0...60, using: &rng) * 50_000
            let transacted = Int.random(in: 0..<20, using: &rng) == 0 ? month.adding(months: -1).lastDay : LocalDate(year: last.year, month: last.month, day: 1 + index % 28)!
            let name = "\(families[index % families.count]) \(middles[(index / 7) % middles.count]) \(givens[(index / 3) % givens.count])"
            let disbursed = LocalDate(year: disbursedYear, month: 1 + index % 12, day: 1 + index % 28)!
            file.append("VN\(index + 1),HH\(index + 1),\(name),\(codes[index % codes.count]),\(programmes[index % programmes.count]),"
                + "\(disbursed.iso),\(LocalDate(year: disbursedYear + term, month: disbursed.month, day: disbursed.day)!.iso),\(amount),"
                + "\(remaining - overdue - frozen),\(overdue),\(frozen),\(principalDue),\(principalCollected),\(interestDue),\(interestCollected),"
                + "\(interestDue - interestCollected),\(savings),\(transacted.iso)\n")
        }
        return try file.finish()
    }
}
