import EntrustCore
import EntrustStore
import Foundation

/// The seed district of the press articles: Kim Bang, Hà Nam, with its 18 commune-level units (2023).
///
/// Every name and number here is generated deterministically, so two runs build the same database.
public struct KimBangDemo {
    public let database: AppDatabase
    public let templates: [ContractTemplate]
    /// The holiday calendar meetings and trainings are moved by; nil builds the demo without groups and meetings.
    public var holidays: HolidayCalendar? = nil

    public init(database: AppDatabase, templates: [ContractTemplate], holidays: HolidayCalendar? = nil) {
        self.database = database
        self.templates = templates
        self.holidays = holidays
    }

    public struct Result: Sendable {
        public var communes = 0, associations = 0, people = 0, contracts = 0, obligations = 0
        public var groups = GroupResult()
    }

    /// The 18 units and each transaction point's fixed day of the month.
    static let communes: [(name: String, township: Bool, day: Int)] = [
        ("Quế", true, 3), ("Ba Sao", true, 4), ("Nguyễn Úy", false, 5), ("Đại Cương", false, 6), ("Lê Hồ", false, 7),
        ("Tượng Lĩnh", false, 8), ("Nhật Tựu", false, 10), ("Nhật Tân", false, 11), ("Đồng Hóa", false, 12),
        ("Hoàng Tây", false, 13), ("Tân Sơn", false, 14), ("Thụy Lôi", false, 15), ("Văn Xá", false, 17),
        ("Khả Phong", false, 18), ("Ngọc Sơn", false, 19), ("Thanh Sơn", false, 20), ("Liên Sơn", false, 21), ("Thi Sơn", false, 22),
    ]

    static let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
    static let middles = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hồng", "Quang", "Thanh", "Ngọc", "Xuân"]
    static let givens = ["Hùng", "Lan", "Hương", "Dũng", "Hà", "Tuấn", "Mai", "Sơn", "Nga", "Bình", "Hải", "Thủy", "Long",
                         "Phương", "Nam", "Hoa", "Thắng", "Yến", "Cường", "Loan", "Khánh", "Hạnh", "Trung", "Liên"]

    /// A name and phone number that depend only on `seed`.
    static func person(_ seed: Int) -> (name: String, phone: String) {
        let name = "\(families[seed % families.count]) \(middles[(seed / 3) % middles.count]) \(givens[(seed * 7 + 3) % givens.count])"
        let phone = String(format: "09%02d %03d %03d", 12 + seed % 80, (seed * 37) % 1000, (seed * 91 + 17) % 1000)
        return (name, phone)
    }

    static func associationName(_ kind: AssociationKind, place: String) -> String {
        "\(kind.label.vi) \(place)"
    }

    public func build() throws -> Result {
        let today = database.today
        var batch = OrganisationBatch()
        batch.adminUnits.append(AdminUnitDraft(code: "HANAM", kind: .province, name: "Hà Nam"))
        batch.adminUnits.append(AdminUnitDraft(code: "KIMBANG", kind: .district, name: "Kim Bang", parentCode: "HANAM",
                                               validUntil: LocalDate(year: 2025, month: 6, day: 30)))
        batch.bankUnits.append(BankUnitDraft(code: "VBSP", kind: .headOffice, name: "Ngân hàng Chính sách xã hội"))
        batch.bankUnits.append(BankUnitDraft(code: "HNA", kind: .provincialBranch, name: "Chi nhánh NHCSXH tỉnh Hà Nam", parentCode: "VBSP"))
        batch.bankUnits.append(BankUnitDraft(code: "KB", kind: .transactionOffice, name: "Phòng giao dịch NHCSXH huyện Kim Bang", parentCode: "HNA"))

        // Bank staff: the director and deputy approve; a credit officer looks after every three communes.
        let director = Self.person(1), deputy = Self.person(2)
        batch.people.append(PersonDraft(code: "KB-GD", name: director.name, phone: director.phone, email: "kb-gd@example.vn",
                                        bankUnitCode: "KB", position: .director, approver: true))
        batch.people.append(PersonDraft(code: "KB-PGD", name: deputy.name, phone: deputy.phone, email: "kb-pgd@example.vn",
                                        bankUnitCode: "KB", position: .deputyDirector, approver: true))
        for officer in 1...6 {
            let p = Self.person(10 + officer)
            batch.people.append(PersonDraft(code: String(format: "KB-CB%02d", officer), name: p.name, phone: p.phone,
                                            email: String(format: "kb-cb%02d@example.vn", officer), bankUnitCode: "KB", position: .creditOfficer))
        }

        for kind in AssociationKind.allCases {
            batch.associations.append(AssociationDraft(code: "HANAM-\(kind.abbreviation)", kind: kind, level: .province,
                                                       name: Self.associationName(kind, place: "tỉnh Hà Nam"), adminUnitCode: "HANAM"))
            batch.associations.append(AssociationDraft(code: "KIMBANG-\(kind.abbreviation)", kind: kind, level: .district,
                                                       name: Self.associationName(kind, place: "huyện Kim Bang"), adminUnitCode: "KIMBANG",
                                                       parentCode: "HANAM-\(kind.abbreviation)"))
        }
        var seed = 100
        for commune in Self.communes {
            let code = Slug.compact(commune.name)
            let place = (commune.township ? "thị trấn " : "xã ") + commune.name
            batch.adminUnits.append(AdminUnitDraft(code: code, kind: .commune, name: commune.name, parentCode: "KIMBANG"))
            batch.bankUnits.append(BankUnitDraft(code: "KB-\(code)", kind: .transactionPoint, name: "Điểm giao dịch \(place)",
                                                 parentCode: "KB", communeCode: code, fixedDay: commune.day))
            for kind in AssociationKind.allCases {
                let association = "\(code)-\(kind.abbreviation)"
                batch.associations.append(AssociationDraft(code: association, kind: kind, level: .commune,
                                                           name: Self.associationName(kind, place: place), adminUnitCode: code,
                                                           parentCode: "KIMBANG-\(kind.abbreviation)"))
                seed += 1
                let chair = Self.person(seed * 2), officer = Self.person(seed * 2 + 1)
                batch.people.append(PersonDraft(code: "\(association)-CT", name: chair.name, phone: chair.phone,
                                                email: "\(association.lowercased())-ct@example.vn", associationCode: association,
                                                position: .chair, standingCommittee: true))
                batch.people.append(PersonDraft(code: "\(association)-CB", name: officer.name, phone: officer.phone,
                                                email: "\(association.lowercased())-cb@example.vn",
                                                language: seed % 9 == 0 ? .en : .vi, associationCode: association, position: .officer))
            }
        }
        let loaded = try OrganisationStore(database).load(batch, actor: Principal("demo"))

        guard let commune = templates.first(where: { $0.kind == .communeEntrustment }),
              let district = templates.first(where: { $0.kind == .districtAgreement }) else {
            throw StoreError.rule("the demo needs a commune_entrustment and a district_agreement template in contracts/templates")
        }
        let start = LocalDate(year: 2023, month: 1, day: 1)!
        let end = max(LocalDate(year: 2027, month: 12, day: 31)!, LocalDate(year: today.year + 1, month: 12, day: 31)!)
        let contracts = ContractStore(database)
        var result = Result(communes: Self.communes.count, associations: loaded.associations, people: loaded.people)
        func sign(_ template: ContractTemplate, association: String, maker: String, checker: String) throws {
            let draft = ContractStore.Draft(template: template, office: "KB", association: association, start: start, end: end,
                                            bankSignatory: director.name, associationSignatory: nil)
            let contract = try contracts.create(draft, actor: Principal(maker))
            _ = try contracts.submit(contract.number, actor: Principal(maker))
            result.obligations += try contracts.approve(contract.number, note: "demo", actor: Principal(checker)).obligationsCreated
            result.contracts += 1
        }
        for (index, commune_) in Self.communes.enumerated() {
            let maker = String(format: "KB-CB%02d", index / 3 + 1)
            for kind in AssociationKind.allCases {
                try sign(commune, association: "\(Slug.compact(commune_.name))-\(kind.abbreviation)", maker: maker, checker: "KB-GD")
            }
        }
        for kind in AssociationKind.allCases {
            try sign(district, association: "KIMBANG-\(kind.abbreviation)", maker: "KB-CB01", checker: "KB-PGD")
        }

        // History: most past work was done on time; a few items were missed and are now late.
        _ = try SeedStore(database).markHistoryDone(dueBefore: today.adding(days: -3), leaveOpenEvery: 151,
                                                    evidence: "Biên bản lưu tại hội (dữ liệu mẫu)", actor: Principal("demo"))
        // Recent disbursements start their 30-day loan-use checks.
        let obligations = ObligationStore(database)
        for loan in 0..<12 {
            let commune_ = Self.communes[(loan * 5) % Self.communes.count]
            let kind = AssociationKind.allCases[loan % 4]
            let outcome = try obligations.recordEvent(.disbursement, association: "\(Slug.compact(commune_.name))-\(kind.abbreviation)",
                                                      on: today.adding(days: -(loan * 3 + 1)),
                                                      reference: String(format: "KB-LN-%04d", 2_000 + loan), note: nil,
                                                      actor: Principal(String(format: "KB-CB%02d", (loan * 5) % 18 / 3 + 1)))
            result.obligations += outcome.created.count
        }
        if let holidays { result.groups = try buildGroups(holidays: holidays) }
        return result
    }
}
