import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import EntrustStoreSQLite
import Foundation
import Testing

@Suite struct AuditLogTests {
    @Test(arguments: TestEngine.enabled) func everyChangeIsAuditedAndTheChainVerifies(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let number = try Fixtures.activeContract(database)
        let audit = AuditStore(database)
        let result = try audit.verify()
        #expect(result.isIntact)
        #expect(result.rowsChecked == Fixtures.batch().count + 4)  // org rows, then create, submit, approve, date obligations
        let history = try audit.entries(entity: "contract", key: number)
        #expect(history.map(\.action) == ["create", "submit", "approve activate", "date obligations"])
        #expect(history[2].actor == "KB-GD")
        #expect(history[2].beforeJSON?.contains("\"state\":\"pending_approval\"") == true)
        #expect(history[2].afterJSON?.contains("\"state\":\"active\"") == true)
    }

    @Test(arguments: TestEngine.enabled) func anEditedRowIsNamed(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        _ = try Fixtures.activeContract(database)
        try database.backend.write { db in
            try db.execute(sql: "UPDATE audit_log SET actor = 'someone else' WHERE id = 5")
        }
        let result = try AuditStore(database).verify()
        #expect(result.problem == "row 5 was altered (its content no longer matches its hash)")
        #expect(result.rowsChecked == 4)
    }

    @Test(arguments: TestEngine.enabled) func aRowWhoseHashWasRecomputedBreaksTheNextLink(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        _ = try Fixtures.activeContract(database)
        try database.backend.write { db in
            try db.execute(sql: "UPDATE audit_log SET hash = 'ab' || substr(hash, 3) WHERE id = 3")
        }
        let problem = try AuditStore(database).verify().problem ?? ""
        #expect(problem.contains("row 3"))
    }

    @Test(arguments: TestEngine.enabled) func aDeletedRowIsNamed(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        _ = try Fixtures.activeContract(database)
        try database.backend.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE id = 7") }
        #expect(try AuditStore(database).verify().problem == "row 7 was removed (the chain jumps from row 6 to row 8)")
    }

    @Test(arguments: TestEngine.enabled) func removingTheNewestRowsIsNamedToo(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        _ = try Fixtures.activeContract(database)
        let last = try AuditStore(database).entries(limit: 1).last!.id
        try database.backend.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE id >= ?", arguments: [last - 1]) }
        #expect(try AuditStore(database).verify().problem == "rows \(last - 1)…\(last) were removed from the end of the log")
    }

    @Test(arguments: TestEngine.enabled) func aFailedChangeLeavesNoAuditRow(engine: TestEngine) throws {
        let database = try Fixtures.database(engine)
        let before = try AuditStore(database).verify().rowsChecked
        #expect(throws: StoreError.self) {
            _ = try ContractStore(database).create(Fixtures.draft(association: "NO-SUCH"), actor: Principal("KB-CB01"))
        }
        #expect(try AuditStore(database).verify().rowsChecked == before)
    }

    @Test func fileDatabaseIsWALWithForeignKeys() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("test.sqlite").path
        let database = try AppDatabase.open(path: path, clock: FixedClock(Fixtures.today))
        #expect(try database.journalMode() == "wal")
        try OrganisationStore(database).load(Fixtures.batch(), actor: Principal("setup"))
        let reopened = try AppDatabase.open(path: path)
        #expect(try OrganisationStore(reopened).associations().count == 3)
        #expect(throws: (any Error).self) {
            try reopened.backend.write { db in try db.execute(sql: "INSERT INTO association (code, kind, level, name, parent_id) VALUES ('X', 'youth', 'commune', 'X', 999)") }
        }
    }
}
