import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import EntrustStoreSQLite
import Foundation

/// A small district: one office, two communes with transaction points, associations and people.
enum Fixtures {
    static let today = LocalDate(year: 2024, month: 3, day: 15)!

    /// The small district loaded into a fresh database of `engine`.
    static func database(_ engine: TestEngine, today: LocalDate = today) throws -> AppDatabase {
        let database = try engine.database(clock: FixedClock(today))
        try OrganisationStore(database).load(batch(), actor: Principal("setup"))
        return database
    }

    static func batch() -> OrganisationBatch {
        var batch = OrganisationBatch()
        batch.adminUnits = [
            AdminUnitDraft(code: "HANAM", kind: .province, name: "Hà Nam"),
            AdminUnitDraft(code: "KIMBANG", kind: .district, name: "Kim Bang", parentCode: "HANAM"),
            AdminUnitDraft(code: "TANSON", kind: .commune, name: "Tân Sơn", parentCode: "KIMBANG"),
            AdminUnitDraft(code: "VANXA", kind: .commune, name: "Văn Xá", parentCode: "KIMBANG"),
        ]
        batch.bankUnits = [
            BankUnitDraft(code: "VBSP", kind: .headOffice, name: "NHCSXH"),
            BankUnitDraft(code: "HNA", kind: .provincialBranch, name: "Chi nhánh Hà Nam", parentCode: "VBSP"),
            BankUnitDraft(code: "KB", kind: .transactionOffice, name: "PGD Kim Bang", parentCode: "HNA"),
            BankUnitDraft(code: "DB", kind: .transactionOffice, name: "PGD Duy Tiên", parentCode: "HNA"),
            BankUnitDraft(code: "KB-TANSON", kind: .transactionPoint, name: "Điểm Tân Sơn", parentCode: "KB", communeCode: "TANSON", fixedDay: 31),
            BankUnitDraft(code: "KB-VANXA", kind: .transactionPoint, name: "Điểm Văn Xá", parentCode: "KB", communeCode: "VANXA", fixedDay: 17),
        ]
        batch.associations = [
            AssociationDraft(code: "KIMBANG-HND", kind: .farmers, level: .district, name: "Hội Nông dân huyện Kim Bang", adminUnitCode: "KIMBANG"),
            AssociationDraft(code: "TANSON-HND", kind: .farmers, level: .commune, name: "Hội Nông dân xã Tân Sơn", adminUnitCode: "TANSON", parentCode: "KIMBANG-HND"),
            AssociationDraft(code: "VANXA-HPN", kind: .women, level: .commune, name: "Hội Phụ nữ xã Văn Xá", adminUnitCode: "VANXA"),
        ]
        batch.people = [
            PersonDraft(code: "KB-GD", name: "Nguyễn Văn Hùng", bankUnitCode: "KB", position: .director, approver: true),
            PersonDraft(code: "KB-PGD", name: "Trần Thị Lan", bankUnitCode: "KB", position: .deputyDirector, approver: true),
            PersonDraft(code: "KB-CB01", name: "Lê Minh Tuấn", bankUnitCode: "KB", position: .creditOfficer),
            PersonDraft(code: "HNA-GD", name: "Phạm Quang Hải", bankUnitCode: "HNA", position: .director, approver: true),
            PersonDraft(code: "DB-GD", name: "Đỗ Văn Nam", bankUnitCode: "DB", position: .director, approver: true),
            PersonDraft(code: "TANSON-HND-CT", name: "Vũ Thị Hoa", phone: "0912 345 678", email: "hoa@example.vn",
                        associationCode: "TANSON-HND", position: .chair, standingCommittee: true),
        ]
        return batch
    }

    static func obligation(_ code: String, _ schedule: ObligationSchedule, grace: Int = 0) -> ObligationTemplate {
        ObligationTemplate(code: code, title: LocalizedText(vi: "Việc \(code)", en: "Task \(code)"), responsible: .communeAssociation,
                           schedule: schedule, evidence: LocalizedText(vi: "Biên bản", en: "Minutes"), graceDays: grace)
    }

    /// Monthly transaction day, monthly statistics on the 10th, a yearly quota and the 30-day loan-use check.
    static let template = ContractTemplate(
        code: "commune-entrustment", version: "test.1", kind: .communeEntrustment,
        title: LocalizedText(vi: "Hợp đồng ủy thác", en: "Entrustment contract"),
        parties: [.transactionOffice, .communeAssociation], termMonths: 60, tasks: [],
        clauses: [:],
        obligations: [
            obligation("transaction-day", .transactionDay, grace: 0),
            obligation("statistics", .monthly(every: 1, day: 10), grace: 2),
            obligation("inspect-groups", .yearlyQuota(targets: [QuotaTarget(subject: .groups, percent: 100)], month: 12, day: 31), grace: 0),
            obligation("loan-use-check", .afterEvent(.disbursement, days: 30), grace: 5),
        ])

    static func draft(number: String? = nil, association: String = "TANSON-HND", point: String? = nil, start: String = "2024-01-01",
                      end: String? = "2024-12-31") -> ContractStore.Draft {
        ContractStore.Draft(template: template, number: number, office: "KB", association: association, point: point,
                            start: LocalDate(iso: start)!, end: end.map { LocalDate(iso: $0)! })
    }

    /// Creates, submits and approves a contract; returns its number.
    static func activeContract(_ database: AppDatabase, _ draft: ContractStore.Draft = draft()) throws -> String {
        let store = ContractStore(database)
        let contract = try store.create(draft, actor: Principal("KB-CB01"))
        _ = try store.submit(contract.number, actor: Principal("KB-CB01"))
        _ = try store.approve(contract.number, note: nil, actor: Principal("KB-GD"))
        return contract.number
    }
}
