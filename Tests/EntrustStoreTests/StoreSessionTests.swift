import EntrustCore
import EntrustStore
import EntrustStoreSQLite
import Foundation
import Testing

/// The session layer itself, on the SQLite backend: what the stores bind comes back as it went in.
@Suite struct StoreSessionTests {
    struct Probe: Error {}

    enum Colour: String, Codable { case red, green }

    struct ProbeRecord: Codable, StoreRecord {
        var id: Int64
        var label: String
        var colour: Colour
        var note: String?
        var absent: Int?

        enum CodingKeys: String, CodingKey { case id, label = "text_value", colour, note, absent }
    }

    static func database() throws -> AppDatabase {
        let database = try AppDatabase.inMemory(clock: FixedClock(LocalDate(year: 2024, month: 3, day: 15)!))
        try database.backend.write { db in
            try db.execute(sql: """
                CREATE TABLE probe (id INTEGER PRIMARY KEY, int_value INTEGER, real_value REAL, text_value TEXT, blob_value BLOB,
                                    flag INTEGER, colour TEXT, note TEXT);
                """)
        }
        return database
    }

    @Test func everyConvertibleTypeRoundTrips() throws {
        let database = try Self.database()
        let vietnamese = "Hội Liên hiệp Phụ nữ xã Tân Sơn — Đồng Hới, ĐBSCL"
        let bytes: [UInt8] = [0, 1, 0xFE, 0xFF]
        try database.backend.write { db in
            for (index, value) in [Int64.min, -1, 0, Int64.max].enumerated() {
                try db.execute(sql: "INSERT INTO probe (id, int_value) VALUES (?, ?)", arguments: [index + 1, value])
            }
            try db.execute(sql: "INSERT INTO probe (id, real_value, text_value, blob_value, flag) VALUES (10, ?, ?, ?, ?)",
                           arguments: [2.5, vietnamese, bytes, true])
            try db.execute(sql: "INSERT INTO probe (id, int_value, text_value, blob_value, flag) VALUES (11, ?, ?, ?, ?)",
                           arguments: [Int32.min, nil as String?, Data(bytes), false])
        }
        try database.backend.read { db in
            #expect(try db.fetchAll(Int64.self, sql: "SELECT int_value FROM probe WHERE id <= 4 ORDER BY id") == [Int64.min, -1, 0, Int64.max])
            #expect(try db.fetchOne(Int32.self, sql: "SELECT int_value FROM probe WHERE id = 11") == Int32.min)
            #expect(try db.fetchOne(Int.self, sql: "SELECT int_value FROM probe WHERE id = 4") == Int.max)
            let row = try #require(try db.fetchOne(sql: "SELECT * FROM probe WHERE id = ?", arguments: [10]))
            #expect(row["real_value"] as Double == 2.5)
            #expect(row["text_value"] as String == vietnamese)
            #expect((row["text_value"] as String).utf8.count == vietnamese.utf8.count)
            #expect(row["blob_value"] as [UInt8] == bytes)
            #expect(row["blob_value"] as Data == Data(bytes))
            #expect(row["flag"] as Bool == true)
            #expect(row["FLAG"] as Int == 1)
            #expect(row["int_value"] as Int64? == nil)
            #expect(row.value("int_value") == .null)
            let other = try #require(try db.fetchOne(sql: "SELECT * FROM probe WHERE id = 11"))
            #expect(other["flag"] as Bool == false)
            #expect(other["text_value"] as String? == nil)
            #expect(other["not_selected"] as String? == nil)
            #expect(try db.fetchOne(String.self, sql: "SELECT text_value FROM probe WHERE id = 11") == nil)
            #expect(try db.fetchOne(String.self, sql: "SELECT text_value FROM probe WHERE id = 99") == nil)
            #expect(try db.fetchString(sql: "SELECT text_value FROM probe WHERE text_value = ?", arguments: [vietnamese]) == vietnamese)
            #expect(try db.fetchBool(sql: "SELECT EXISTS (SELECT 1 FROM probe WHERE flag = ?)", arguments: [true]) == true)
            #expect(db.dialect == .sqlite)
        }
    }

    @Test func recordsDecodeByColumnName() throws {
        let database = try Self.database()
        try database.backend.write { db in
            try db.execute(sql: "INSERT INTO probe (id, text_value, colour, note) VALUES (1, 'Tân Sơn', 'green', NULL), (2, 'Kim Bảng', 'red', 'ghi chú')")
        }
        let records = try database.backend.read { db in
            try db.fetchAll(ProbeRecord.self, sql: "SELECT id, text_value, colour, note FROM probe ORDER BY id")
        }
        #expect(records.map(\.label) == ["Tân Sơn", "Kim Bảng"])
        #expect(records.map(\.colour) == [.green, .red])
        #expect(records.map(\.note) == [nil, "ghi chú"])
        #expect(records.allSatisfy { $0.absent == nil })
        #expect(throws: DecodingError.self) {
            try database.backend.read { db in try db.fetchOne(ProbeRecord.self, sql: "SELECT id, colour FROM probe") }
        }
    }

    @Test func aThrowRollsTheTransactionBack() throws {
        let database = try Self.database()
        #expect(throws: Probe.self) {
            try database.backend.write { db in
                try db.execute(sql: "INSERT INTO probe (id) VALUES (1)")
                throw Probe()
            }
        }
        #expect(try database.backend.read { db in try db.fetchInt(sql: "SELECT COUNT(*) FROM probe") } == 0)
    }

    @Test func aBrokenConstraintIsAnEngineErrorWithASentence() throws {
        let database = try Self.database()
        try database.backend.write { db in try db.execute(sql: "INSERT INTO probe (id) VALUES (1)") }
        let error = try #require(throws: EngineError.self) {
            try database.backend.write { db in try db.execute(sql: "INSERT INTO probe (id) VALUES (1)") }
        }
        #expect(error.kind == .constraint)
        #expect(!StoreError.isBusy(error))
        #expect("\(StoreError.from(error))" == "the change conflicts with existing data (a duplicate or a missing reference); nothing was written")
    }

    @Test func theCursorVisitsEveryRowInOrderAndPassesErrorsThrough() throws {
        let database = try Self.database()
        let count = 5_000
        try database.backend.write { db in
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                INSERT INTO probe (id, int_value) SELECT i, i * i FROM n
                """, arguments: [count])
            #expect(db.changesCount == count)
        }
        var seen: [Int64] = []
        try database.backend.read { db in
            try db.forEach(sql: "SELECT id, int_value FROM probe WHERE id > ? ORDER BY id", arguments: [0]) { row in
                #expect(row["int_value"] as Int64 == (row["id"] as Int64) * (row["id"] as Int64))
                seen.append(row[0])
            }
        }
        #expect(seen == Array(1...Int64(count)))
        var visited = 0
        #expect(throws: Probe.self) {
            try database.backend.read { db in
                try db.forEach(sql: "SELECT id FROM probe") { _ in
                    visited += 1
                    if visited == 3 { throw Probe() }
                }
            }
        }
        #expect(visited == 3)
    }

    @Test func insertsAnswerTheirIDsAndStatementsRunAgain() throws {
        let database = try Self.database()
        let ids = try database.backend.write { db in
            let first = try db.insertReturningID(sql: "INSERT INTO probe (text_value) VALUES (?)", arguments: ["một"])
            let second = try db.insertReturningID(sql: "INSERT INTO probe (text_value) VALUES (?)", arguments: ["hai"])
            let insert = try db.prepare(sql: "INSERT INTO probe (text_value) VALUES (?)")
            for word in ["ba", "bốn"] {
                try insert.execute(arguments: [word])
                #expect(db.changesCount == 1)
            }
            let lookup = try db.prepare(sql: "SELECT id FROM probe WHERE text_value = ?")
            return [first, second, try lookup.fetchOne(Int64.self, arguments: ["bốn"]) ?? 0]
        }
        #expect(ids == [1, 2, 4])
        let words = try database.backend.read { db in
            try db.prepare(sql: "SELECT text_value FROM probe ORDER BY id").fetchAll(arguments: []).map { $0["text_value"] as String }
        }
        #expect(words == ["một", "hai", "ba", "bốn"])
    }

    @Test func argumentsCombineInOrder() {
        var arguments: StoreArguments = [1, "a", nil]
        arguments += StoreArguments([Int64(2), 3])
        arguments.append(true)
        #expect(arguments.values == [.integer(1), .text("a"), .null, .integer(2), .integer(3), .bool(true)])
    }
}
