import EntrustConfig
import EntrustCore
import EntrustServer
import EntrustStore
import EntrustEngineTestSupport
import EntrustStoreSQLite
import EntrustTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization

/// Two transaction offices on one real database of the test's engine (SQLite in memory, or PostgreSQL):
/// - office KB with communes Tân Sơn (Farmers' Association TANSON-HND) and Văn Xá (Women's Union VANXA-HPN);
/// - office DT with commune Yên Bắc (Farmers' Association YENBAC-HND).
/// Each association has an active contract from the shipped template, a group with five members and a board, a
/// monthly group meeting and a training. One account per role, with known passwords.
struct ServerFixture {
    static let today = LocalDate(year: 2024, month: 3, day: 15)!
    static let password = "correct horse battery"
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let templates: [ContractTemplate] = {
        TemplateLoader.loadAll(directory: packageRoot.appendingPathComponent("contracts/templates")).templates
    }()

    static let holidays: HolidayCalendar = {
        try! HolidayCalendarLoader.load(file: packageRoot.appendingPathComponent("contracts/calendars/vn-holidays.yaml")).calendar
    }()

    /// Usernames by role, and whose objects each one sees.
    static let accounts: [(username: String, role: UserRole, person: String?)] = [
        ("admin", .admin, nil),
        ("kb.staff", .bankStaff, "KB-CB01"),
        ("kb.approver", .approver, "KB-GD"),
        ("tanson.officer", .associationOfficer, "TANSON-HND-CB"),
        ("vanxa.officer", .associationOfficer, "VANXA-HPN-CB"),
        ("viewer", .viewer, nil),
    ]

    /// The objects of one association, found after building.
    struct Objects: Sendable {
        var association: String
        var contract: String
        var group: String
        var meeting: String
        var obligation: String
        var training: String
    }

    let database: AppDatabase
    let clock: TestClock
    let tanson: Objects
    let vanxa: Objects
    let yenbac: Objects

    init(engine: TestEngine, clock: TestClock = TestClock(ServerFixture.today, hour: 9)) throws {
        self.clock = clock
        let database = try engine.database(clock: clock)
        self.database = database
        try OrganisationStore(database).load(Self.batch(), actor: Principal("setup"))
        guard let template = Self.templates.first(where: { $0.kind == .communeEntrustment }) else { throw ServerError.notFound("template") }
        var found: [Objects] = []
        for (association, office, commune, maker, checker) in [("TANSON-HND", "KB", "TANSON", "KB-CB01", "KB-GD"),
                                                               ("VANXA-HPN", "KB", "VANXA", "KB-CB01", "KB-GD"),
                                                               ("YENBAC-HND", "DT", "YENBAC", "DT-CB01", "DT-GD")] {
            let contracts = ContractStore(database)
            let contract = try contracts.create(ContractStore.Draft(template: template, office: office, association: association,
                                                                    start: LocalDate(year: 2024, month: 1, day: 1)!,
                                                                    end: LocalDate(year: 2026, month: 12, day: 31)!), actor: Principal(maker))
            _ = try contracts.submit(contract.number, actor: Principal(maker))
            _ = try contracts.approve(contract.number, note: nil, actor: Principal(checker))
            let groups = GroupStore(database)
            let group = try groups.add(GroupDraft(name: "Tổ TK&VV \(commune)", village: "Thôn 1", communeCode: commune, associationCode: association,
                                                  foundedOn: LocalDate(year: 2015, month: 3, day: 1)!), actor: Principal("setup"))
            var members: [String] = []
            for number in 1...5 {
                members.append(try groups.addMember(MemberDraft(groupCode: group, name: "Hộ \(commune) \(number)",
                                                                nationalID: String(format: "0350%02d%06d", found.count, number),
                                                                category: .poor, joinedOn: LocalDate(year: 2015, month: 3, day: 1)!),
                                                    actor: Principal("setup")))
            }
            try groups.setBoard(group: group, seats: [
                GroupStore.BoardSeat(role: .leader, memberCode: members[0], termStart: LocalDate(year: 2023, month: 1, day: 1)!,
                                     termEnd: LocalDate(year: 2025, month: 12, day: 31)!),
            ], actor: Principal("setup"))
            let meetings = MeetingStore(database)
            let scheduled = try meetings.schedule(MeetingStore.SeriesDraft(
                kind: .groupMeeting, group: group, start: try LocalDateTime.parse("2024-03-20T08:00"),
                recurrence: try MeetingRecurrence.parse(rrule: "FREQ=MONTHLY;COUNT=6", lunar: nil)), holidays: Self.holidays, actor: Principal("setup"))
            let training = try TrainingStore(database).add([TrainingStore.Draft(
                association: association, topic: "Nghiệp vụ ủy thác", trainer: "PGD", audience: .associationOfficers, capacity: 30,
                start: try LocalDateTime.parse("2024-03-22T08:00"))], holidays: Self.holidays, actor: Principal("setup"))[0]
            let obligation = try ScopeStore(database).obligations(scope: .association(association), status: "open", limit: 1).items[0].ref
            found.append(Objects(association: association, contract: contract.number, group: group,
                                 meeting: "\(scheduled.code)@2024-03-20", obligation: obligation, training: training))
        }
        (tanson, vanxa, yenbac) = (found[0], found[1], found[2])
        let users = UserStore(database)
        let hash = Passwords.hash(Self.password)
        for account in Self.accounts {
            _ = try users.add(username: account.username, displayName: nil, role: account.role, person: account.person, passwordHash: hash,
                              actor: Principal("setup"))
        }
    }

    static func batch() -> OrganisationBatch {
        var batch = OrganisationBatch()
        batch.adminUnits = [
            AdminUnitDraft(code: "HANAM", kind: .province, name: "Hà Nam"),
            AdminUnitDraft(code: "KIMBANG", kind: .district, name: "Kim Bang", parentCode: "HANAM"),
            AdminUnitDraft(code: "DUYTIEN", kind: .district, name: "Duy Tiên", parentCode: "HANAM"),
            AdminUnitDraft(code: "TANSON", kind: .commune, name: "Tân Sơn", parentCode: "KIMBANG"),
            AdminUnitDraft(code: "VANXA", kind: .commune, name: "Văn Xá", parentCode: "KIMBANG"),
            AdminUnitDraft(code: "YENBAC", kind: .commune, name: "Yên Bắc", parentCode: "DUYTIEN"),
        ]
        batch.bankUnits = [
            BankUnitDraft(code: "VBSP", kind: .headOffice, name: "NHCSXH"),
            BankUnitDraft(code: "HNA", kind: .provincialBranch, name: "Chi nhánh Hà Nam", parentCode: "VBSP"),
            BankUnitDraft(code: "KB", kind: .transactionOffice, name: "PGD Kim Bang", parentCode: "HNA"),
            BankUnitDraft(code: "DT", kind: .transactionOffice, name: "PGD Duy Tiên", parentCode: "HNA"),
            BankUnitDraft(code: "KB-TANSON", kind: .transactionPoint, name: "Điểm Tân Sơn", parentCode: "KB", communeCode: "TANSON", fixedDay: 14),
            BankUnitDraft(code: "KB-VANXA", kind: .transactionPoint, name: "Điểm Văn Xá", parentCode: "KB", communeCode: "VANXA", fixedDay: 17),
            BankUnitDraft(code: "DT-YENBAC", kind: .transactionPoint, name: "Điểm Yên Bắc", parentCode: "DT", communeCode: "YENBAC", fixedDay: 18),
        ]
        batch.associations = [
            AssociationDraft(code: "TANSON-HND", kind: .farmers, level: .commune, name: "Hội Nông dân xã Tân Sơn", adminUnitCode: "TANSON"),
            AssociationDraft(code: "VANXA-HPN", kind: .women, level: .commune, name: "Hội Phụ nữ xã Văn Xá", adminUnitCode: "VANXA"),
            AssociationDraft(code: "YENBAC-HND", kind: .farmers, level: .commune, name: "Hội Nông dân xã Yên Bắc", adminUnitCode: "YENBAC"),
        ]
        batch.people = [
            PersonDraft(code: "KB-GD", name: "Nguyễn Văn Hùng", bankUnitCode: "KB", position: .director, approver: true),
            PersonDraft(code: "KB-CB01", name: "Lê Minh Tuấn", bankUnitCode: "KB", position: .creditOfficer),
            PersonDraft(code: "DT-GD", name: "Đỗ Văn Nam", bankUnitCode: "DT", position: .director, approver: true),
            PersonDraft(code: "DT-CB01", name: "Bùi Thị Mai", bankUnitCode: "DT", position: .creditOfficer),
            PersonDraft(code: "TANSON-HND-CB", name: "Vũ Thị Hoa", associationCode: "TANSON-HND", position: .officer),
            PersonDraft(code: "VANXA-HPN-CB", name: "Phạm Thu Hà", associationCode: "VANXA-HPN", position: .officer),
            PersonDraft(code: "YENBAC-HND-CB", name: "Ngô Văn Long", associationCode: "YENBAC-HND", position: .officer),
        ]
        return batch
    }

    var repository: StoreRepository {
        StoreRepository(database: database, templates: Self.templates, holidays: Self.holidays, feeSchedules: Self.feeSchedules)
    }

    func application(configuration: ServerConfiguration = ServerConfiguration(port: 0), metrics: ServerMetrics = ServerMetrics()) throws -> some ApplicationProtocol {
        try buildApplication(repositories: repository.repositories, configuration: configuration, clock: clock, metrics: metrics,
                         logger: TestLog.logger())
    }

    /// A session for `username`, made directly in the store: (cookie header value, CSRF token).
    func session(_ username: String) throws -> (cookie: String, csrf: String) {
        let account = try UserStore(database).account(username)
        let session = try UserStore(database).createSession(for: account)
        return ("entrust_session=\(session.token)", session.csrf)
    }

    /// An API token for `username`.
    func token(_ username: String) throws -> String {
        try UserStore(database).createToken(username: username, note: "test", actor: Principal("setup")).secret
    }
}

/// A clock the test moves by hand: the only fake here, as the house rules allow.
final class TestClock: EntrustCore.Clock, Sendable {
    private let instant: Mutex<Date>

    init(_ day: LocalDate, hour: Int) { instant = Mutex(VietnamTime.instant(day, hour: hour, minute: 0)) }

    func now() -> Date { instant.withLock { $0 } }

    func advance(seconds: Double) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    var json: Any? { try? JSONSerialization.jsonObject(with: Data(buffer: body)) }

    var problemField: String? { (json as? [String: Any])?["field"] as? String }
}

/// Header helpers.
enum Headers {
    static func cookie(_ value: String, csrf: String? = nil, json: Bool = false) -> HTTPFields {
        var fields: HTTPFields = [.cookie: value]
        if let csrf { fields[HTTPField.Name("X-CSRF-Token")!] = csrf }
        if json { fields[.contentType] = "application/json" }
        return fields
    }

    static func bearer(_ token: String, json: Bool = true) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(token)"]
        if json { fields[.contentType] = "application/json" }
        return fields
    }

    static func form(_ cookie: String?) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { fields[.cookie] = cookie }
        return fields
    }
}

func formBody(_ fields: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return ByteBuffer(string: fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
        .joined(separator: "&"))
}

func jsonBody(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
