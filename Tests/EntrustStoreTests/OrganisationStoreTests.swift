import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import Foundation
import Testing

@Suite struct OrganisationStoreTests {
    @Test(arguments: TestEngine.enabled) func loadsBothTreesAndLists(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let store = OrganisationStore(database)
        #expect(try store.bankUnits(kind: .transactionPoint).map(\.code) == ["KB-TANSON", "KB-VANXA"])
        #expect(try store.bankUnit("KB-TANSON").fixedDay == 31)
        #expect(try store.bankUnit("KB-TANSON").communeName == "Tân Sơn")
        #expect(try store.adminUnits(parent: "KIMBANG").map(\.name) == ["Tân Sơn", "Văn Xá"])
        #expect(try store.association("TANSON-HND").parent == "KIMBANG-HND")
        #expect(try store.people(association: "TANSON-HND").first?.standingCommittee == true)
        #expect(try store.person("KB-GD").approver)
    }

    @Test(arguments: TestEngine.enabled) func aBatchWithBadRowsWritesNothingAndNamesEveryRow(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let store = OrganisationStore(database)
        var batch = OrganisationBatch()
        let file = "orgs.yaml"
        batch.adminUnits = [
            AdminUnitDraft(code: "NEWCOMMUNE", kind: .commune, name: "Xã Mới", parentCode: "KIMBANG", source: SourceLocation(file: file, line: 2)),
            AdminUnitDraft(code: "BAD", kind: .village, name: "Thôn", parentCode: "HANAM", source: SourceLocation(file: file, line: 3)),
        ]
        batch.bankUnits = [
            BankUnitDraft(code: "KB-NEW", kind: .transactionPoint, name: "Điểm mới", parentCode: "KB", communeCode: "NEWCOMMUNE",
                          fixedDay: 32, source: SourceLocation(file: file, line: 5)),
        ]
        batch.associations = [
            AssociationDraft(code: "NEW-HND", kind: .farmers, level: .commune, name: "Hội", adminUnitCode: "NOWHERE",
                             source: SourceLocation(file: file, line: 7)),
            AssociationDraft(code: "NEW-HPN", kind: .women, level: .commune, name: "Hội", adminUnitCode: "NEWCOMMUNE",
                             parentCode: "KIMBANG-HND", source: SourceLocation(file: file, line: 8)),
        ]
        batch.people = [
            PersonDraft(code: "KB-GD", name: "Duplicate", bankUnitCode: "KB", source: SourceLocation(file: file, line: 10)),
            PersonDraft(code: "P1", name: "Both", associationCode: "TANSON-HND", bankUnitCode: "KB", source: SourceLocation(file: file, line: 11)),
            PersonDraft(code: "P2", name: "Bad mail", email: "not-an-address", associationCode: "TANSON-HND", source: SourceLocation(file: file, line: 12)),
        ]
        let auditRows = try AuditStore(database).verify().rowsChecked
        do {
            try store.load(batch, actor: Principal("test"))
            Issue.record("the load should have failed")
        } catch let StoreError.rows(issues, total) {
            #expect(total == 7)
            #expect(issues.map(\.location.line) == [3, 5, 7, 8, 10, 11, 12])
            #expect(issues[0].field == "parent" && issues[0].reason.contains("must be a commune"))
            #expect(issues[1].field == "fixed_day")
            #expect(issues[2].reason == "unknown admin unit 'NOWHERE'")
            #expect(issues[3].reason.contains("same kind"))
            #expect(issues[4].reason == "already exists")
            #expect(issues[6].field == "email")
        }
        #expect(try store.adminUnits(kind: .commune).count == 2, "the good row of the batch must not be kept either")
        #expect(try AuditStore(database).verify().rowsChecked == auditRows)
    }

    @Test(arguments: TestEngine.enabled) func aDryRunChecksEverythingAndWritesNothing(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        var batch = OrganisationBatch()
        batch.adminUnits = [AdminUnitDraft(code: "NEWCOMMUNE", kind: .commune, name: "Xã Mới", parentCode: "KIMBANG")]
        let summary = try OrganisationStore(database).load(batch, actor: Principal("test"), dryRun: true)
        #expect(summary.adminUnits == 1)
        #expect(try OrganisationStore(database).adminUnits(kind: .commune).count == 2)
    }

    @Test(arguments: TestEngine.enabled) func csvRowsReportLineAndColumn(engine: TestEngine) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("points.csv")
        try "\u{FEFF}code,kind,name,parent,commune,fixed_day\nKB-A,transaction_point,\"Điểm A, thôn 1\",KB,TANSON,5\nKB-B,transaction_pont,Điểm B,KB,TANSON,5\nKB-C,transaction_point,Điểm C,KB,TANSON,abc\n"
            .write(to: url, atomically: true, encoding: .utf8)
        #expect {
            _ = try OrganisationCSV.read(url, kind: .bankUnits)
        } throws: { error in
            guard case let StoreError.rows(issues, _) = error else { return false }
            return issues.count == 2 && issues[0].location.line == 3 && issues[0].field == "kind"
                && issues[1].location.line == 4 && issues[1].field == "fixed_day"
        }
        try "code,kind,name,parent,commune,fixed_day\nKB-A,transaction_point,\"Điểm A, thôn 1\",KB,TANSON,5\n".write(to: url, atomically: true, encoding: .utf8)
        let batch = try OrganisationCSV.read(url, kind: .bankUnits)
        #expect(batch.bankUnits.first?.name == "Điểm A, thôn 1")
        let database = try Fixtures.database(engine)
        try OrganisationStore(database).load(batch, actor: Principal("test"))
        #expect(try OrganisationStore(database).bankUnit("KB-A").fixedDay == 5)
    }

    @Test func csvHeaderWithUnknownOrMissingColumn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("people.csv")
        try "code,nmae,phone\nP1,Ann,0912345678\n".write(to: url, atomically: true, encoding: .utf8)
        #expect {
            _ = try OrganisationCSV.read(url, kind: .people)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("unknown column") && text.contains("nmae") && text.contains("missing column 'name'")
        }
    }
}
