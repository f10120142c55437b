@testable import EntrustTestSupport
import EntrustConfig
import EntrustCore
import EntrustDelivery
import EntrustGateways
import EntrustStore
import EntrustEngineTestSupport
import EntrustStoreSQLite
import Foundation

/// A database with a small district, the shipped notifications, and a worker wired to real gateways.
struct DeliveryFixture {
    static let today = LocalDate(year: 2024, month: 3, day: 15)!
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let notifications = packageRoot.appendingPathComponent("notifications")

    let database: AppDatabase
    let clock: TestClock
    let directory: TemporaryDirectory

    init(engine: TestEngine, clock: TestClock = TestClock(DeliveryFixture.today, hour: 10)) throws {
        self.clock = clock
        directory = try TemporaryDirectory("delivery")
        database = try engine.fileDatabase(in: directory.url, name: "outbox.sqlite", clock: clock)
        try OrganisationStore(database).load(Self.batch(), actor: Principal("setup"))
    }

    static func batch() -> OrganisationBatch {
        var batch = OrganisationBatch()
        batch.adminUnits = [
            AdminUnitDraft(code: "HANAM", kind: .province, name: "Hà Nam"),
            AdminUnitDraft(code: "KIMBANG", kind: .district, name: "Kim Bang", parentCode: "HANAM"),
            AdminUnitDraft(code: "TANSON", kind: .commune, name: "Tân Sơn", parentCode: "KIMBANG"),
        ]
        batch.bankUnits = [
            BankUnitDraft(code: "VBSP", kind: .headOffice, name: "NHCSXH"),
            BankUnitDraft(code: "HNA", kind: .provincialBranch, name: "Chi nhánh Hà Nam", parentCode: "VBSP"),
            BankUnitDraft(code: "KB", kind: .transactionOffice, name: "Phòng giao dịch Kim Bang", parentCode: "HNA"),
            BankUnitDraft(code: "KB-TANSON", kind: .transactionPoint, name: "Điểm Tân Sơn", parentCode: "KB", communeCode: "TANSON", fixedDay: 14),
        ]
        batch.associations = [
            AssociationDraft(code: "TANSON-HND", kind: .farmers, level: .commune, name: "Hội Nông dân xã Tân Sơn", adminUnitCode: "TANSON"),
        ]
        batch.people = [
            PersonDraft(code: "KB-GD", name: "Nguyễn Văn Hùng", email: "gd@example.vn", bankUnitCode: "KB", position: .director, approver: true),
            PersonDraft(code: "KB-CB01", name: "Lê Minh Tuấn", email: "cb01@example.vn", bankUnitCode: "KB", position: .creditOfficer),
            PersonDraft(code: "TANSON-HND-CT", name: "Vũ Thị Hoa", phone: "0912 345 678", email: "hoa@example.vn",
                        associationCode: "TANSON-HND", position: .chair, standingCommittee: true),
            PersonDraft(code: "TANSON-HND-CB", name: "Đặng Thu Hương", email: "huong@example.vn", language: .en,
                        associationCode: "TANSON-HND", position: .officer),
        ]
        return batch
    }

    /// One monthly obligation due on the 20th, with two days' grace.
    static let template = ContractTemplate(
        code: "commune-entrustment", version: "test.1", kind: .communeEntrustment,
        title: LocalizedText(vi: "Hợp đồng ủy thác", en: "Entrustment contract"),
        parties: [.transactionOffice, .communeAssociation], termMonths: 60, tasks: [], clauses: [:],
        obligations: [
            ObligationTemplate(code: "giao-ban", title: LocalizedText(vi: "Giao ban hằng tháng với ngân hàng", en: "Monthly meeting with the bank"),
                               responsible: .communeAssociation, schedule: .monthly(every: 1, day: 20),
                               evidence: LocalizedText(vi: "Biên bản", en: "Minutes"), graceDays: 2),
        ])

    /// An active contract of TANSON-HND from 2024-01-01 to `end`.
    @discardableResult
    func activeContract(end: String = "2024-12-31") throws -> String {
        let store = ContractStore(database, horizonMonths: 3)
        let draft = ContractStore.Draft(template: Self.template, office: "KB", association: "TANSON-HND", point: "KB-TANSON",
                                        start: LocalDate(iso: "2024-01-01")!, end: LocalDate(iso: end)!)
        let contract = try store.create(draft, actor: Principal("KB-CB01"))
        _ = try store.submit(contract.number, actor: Principal("KB-CB01"))
        _ = try store.approve(contract.number, note: nil, actor: Principal("KB-GD"))
        return contract.number
    }

    static func rules() throws -> ReminderRuleSet {
        try ReminderRulesLoader.load(file: notifications.appendingPathComponent("rules.yaml"))
    }

    static func templates() throws -> NotificationTemplates {
        try NotificationTemplates.load(folder: notifications)
    }

    /// Registers an endpoint; returns its code and secret.
    func endpoint(url: String, events: String = "*", template: String? = nil) throws -> (code: String, secret: WebhookSecret) {
        let secret = WebhookSecret.generate()
        let view = try EndpointStore(database).add(url: url, events: try EventPattern.list(events), description: nil, templateName: nil,
                                                   template: template, secret: secret.encoded, actor: Principal("KB-GD"))
        return (view.code, secret)
    }

    /// Puts one reminder for TANSON-HND-CB into the outbox, through `channel`.
    @discardableResult
    func enqueue(channel: ReminderChannel, endpoint: String? = nil, recipient: ReminderRecipient = DeliveryFixture.officer,
                 occurrence: String = "0d@2024-03-20") throws -> String {
        let now = clock.now()
        return try database.backend.write { db in
            try OutboxStore.enqueue(db, OutboxDraft(
                channel: channel, recipient: endpoint.map { "\($0)/\(recipient.code)" } ?? recipient.code, endpoint: endpoint,
                rule: "obligation-due", subject: "obligation:KB-TANSON-HND:giao-ban:2024-03", occurrence: occurrence,
                eventType: "obligation.due",
                payload: OutboxPayload(template: "obligation-due", language: recipient.language, recipient: recipient, data: Self.data),
                urgent: false, notBefore: now), now: now)!
        }
    }

    static let officer = ReminderRecipient(code: "TANSON-HND-CB", name: "Đặng Thu Hương", email: "huong@example.vn", language: .vi)

    static let data: [String: String] = [
        "ref": "KB-TANSON-HND:giao-ban:2024-03", "contract": "KB-TANSON-HND", "obligation": "giao-ban",
        "title_vi": "Giao ban hằng tháng với ngân hàng", "title_en": "Monthly meeting with the bank",
        "association": "TANSON-HND", "association_name": "Hội Nông dân xã Tân Sơn", "office_name": "Phòng giao dịch Kim Bang",
        "responsible": "commune_association", "due_date": "2024-03-20", "due_date_display": "20/03/2024",
        "late_after": "2024-03-22", "days_late": "0",
    ]

    /// A worker on real libcurl gateways; `smtp` when email is to be sent.
    func worker(pool: TransferPool, smtp: SMTPConfig? = nil, timeout: Duration = .seconds(15),
                backoff: BackoffSchedule = .standard, quietHours: QuietHours? = nil, concurrency: Int = 2) throws -> DeliveryWorker {
        try CurlRuntime.initialize()
        return DeliveryWorker(
            outbox: OutboxStore(database), endpoints: EndpointStore(database),
            webhook: WebhookSender(pool: pool, options: WebhookOptions(connectTimeout: .seconds(5), totalTimeout: timeout), clock: clock),
            mail: smtp.map { SMTPSender(config: $0, pool: pool, clock: clock) },
            templates: try Self.templates(), clock: clock, jitter: FixedJitter(),
            configuration: .init(batchSize: 10, concurrency: concurrency, lease: .seconds(60), backoff: backoff, workerID: "test-worker",
                                 quietHours: quietHours))
    }

    func message(_ id: String) throws -> (message: OutboxMessage, attempts: [OutboxAttempt]) {
        try OutboxStore(database).show(id)
    }
}
