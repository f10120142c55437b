import EntrustStore
@testable import EntrustStorePostgres
import Testing

@Suite struct PostgresSessionTests {
    struct Marker: Error {}

    @Test func valuesRoundTrip() throws {
        let (backend, _) = try TestDatabases.empty()
        defer { backend.close() }
        let vietnamese = "Hội Liên hiệp Phụ nữ xã Tân Sơn — Kim Bảng, Hà Nam: ắ ẫ ỹ Đ đ ơ ư 🌾"
        let values: [SQLValue] = [.integer(Int64.min), .integer(Int64.max), .integer(0), .bool(true), .bool(false),
                                  .text(vietnamese), .text(""), .real(-1234.5e300), .real(0.1),
                                  .blob([0, 1, 2, 0xff, 0]), .blob([]), .null]
        try backend.write { session in
            try session.execute(sql: """
                CREATE TABLE v (n BIGSERIAL, i BIGINT, b BOOLEAN, s TEXT, d DOUBLE PRECISION, y BYTEA);
                """)
            for value in values {
                var row: [SQLValue] = [.null, .null, .null, .null, .null]
                switch value {
                case .integer: row[0] = value
                case .bool: row[1] = value
                case .text: row[2] = value
                case .real: row[3] = value
                case .blob: row[4] = value
                case .null: break
                }
                try session.execute(sql: "INSERT INTO v (i, b, s, d, y) VALUES (?, ?, ?, ?, ?)", arguments: StoreArguments(values: row))
            }
        }
        let read = try backend.read { session in
            try session.fetchAll(sql: "SELECT i, b, s, d, y FROM v ORDER BY n")
        }
        #expect(read.count == values.count)
        for (row, value) in zip(read, values) {
            let nonNull = row.values.filter { !$0.isNull }
            #expect(nonNull == (value.isNull ? [] : [value]))
        }
        #expect(read[5]["s"] as String == vietnamese)
        #expect(read[0].columns == ["i", "b", "s", "d", "y"])
    }

    @Test func integersOfEveryWidthAndSumsReadAsInt64() throws {
        let (backend, _) = try TestDatabases.empty()
        defer { backend.close() }
        let row = try backend.read { session in
            try session.fetchOne(sql: """
                SELECT 1 AS one, CAST(2 AS SMALLINT) AS two, COUNT(*) AS n,
                       SUM(x) AS total, SUM(x) / 2.0 AS half, CAST(SUM(x) AS BIGINT) AS cast_total
                FROM (VALUES (CAST(9000000000000000000 AS BIGINT)), (CAST(1 AS BIGINT))) AS t(x)
                """)
        }
        let values = try #require(row)
        #expect(values.value("one") == .integer(1))
        #expect(values.value("two") == .integer(2))
        #expect(values.value("n") == .integer(2))
        #expect(values.value("total") == .integer(9_000_000_000_000_000_001))
        #expect(values.value("cast_total") == .integer(9_000_000_000_000_000_001))
        if case .real? = values.value("half") {} else { Issue.record("a fractional NUMERIC reads as real") }
    }

    @Test func numberedPlaceholdersReuseAnArgument() throws {
        let (backend, _) = try TestDatabases.empty()
        defer { backend.close() }
        let row = try #require(try backend.read { session in
            try session.fetchOne(sql: "SELECT '?' AS q, CAST(?1 AS TEXT) AS v, CAST(?1 AS TEXT) || ?2 AS w -- ?",
                                 arguments: ["giá", "!"])
        })
        #expect(row["q"] as String == "?")
        #expect(row["v"] as String == "giá")
        #expect(row["w"] as String == "giá!")
    }

    @Test func aThrowRollsBackTheWholeTransaction() throws {
        let backend = try TestDatabases.migrated()
        defer { backend.close() }
        #expect(throws: Marker.self) {
            try backend.write { session in
                try session.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: ["a", "1"])
                try session.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: ["b", "2"])
                throw Marker()
            }
        }
        #expect(try backend.read { try $0.fetchInt(sql: "SELECT COUNT(*) FROM meta") } == 0)

        try backend.write { session in
            try session.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: ["a", "1"])
        }
        #expect(try backend.read { try $0.fetchInt(sql: "SELECT COUNT(*) FROM meta") } == 1)
    }

    @Test func aConstraintFailureIsAnEngineErrorAndTheConnectionStaysUsable() throws {
        let backend = try TestDatabases.migrated(maxConnections: 1)
        defer { backend.close() }
        try backend.write { try $0.execute(sql: "INSERT INTO meta (key, value) VALUES ('k', 'v')") }
        let error = #expect(throws: EngineError.self) {
            try backend.write { session in
                try session.execute(sql: "INSERT INTO meta (key, value) VALUES ('x', 'y')")
                try session.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: ["k", "again"])
            }
        }
        #expect(error?.kind == .constraint)
        #expect(error?.code == "23505")
        #expect(error?.detail.contains("INSERT") == false)
        // One connection in the pool: it came back clean, and the first insert of the failed transaction is gone.
        #expect(try backend.read { try $0.fetchAll(String.self, sql: "SELECT key FROM meta ORDER BY key") } == ["k"])
    }

    @Test func insertReturningIDAndChangesCount() throws {
        let backend = try TestDatabases.migrated()
        defer { backend.close() }
        try backend.write { session in
            let first = try session.insertReturningID(
                sql: "INSERT INTO admin_unit (code, kind, name) VALUES (?, ?, ?);", arguments: ["HNA", "province", "Hà Nam"])
            let second = try session.insertReturningID(
                sql: "INSERT INTO admin_unit (code, kind, name, parent_id) VALUES (?, ?, ?, ?)",
                arguments: ["KBA", "district", "Kim Bảng", first])
            #expect(first >= 1)
            #expect(second == first + 1)
            try session.execute(sql: "UPDATE admin_unit SET valid_until = ? WHERE id >= ?", arguments: ["2030-01-01", first])
            #expect(session.changesCount == 2)
        }
    }

    @Test func aCursorVisitsEveryRowInBatches() throws {
        let (backend, _) = try TestDatabases.empty()
        defer { backend.close() }
        try backend.write { session in
            try session.execute(sql: "CREATE TABLE n AS SELECT CAST(g AS BIGINT) AS i FROM generate_series(1, 1234) AS g")
        }
        var seen: [Int64] = []
        try backend.read { session in
            try session.forEach(sql: "SELECT i FROM n WHERE i > ? ORDER BY i", arguments: [Int64(10)]) { row in
                seen.append(row["i"])
            }
        }
        #expect(seen == Array(Int64(11)...1234))
        // Outside a transaction the cursor brings its own.
        var count = 0
        try backend.writeWithoutTransaction { session in
            try session.forEach(sql: "SELECT i FROM n") { _ in count += 1 }
        }
        #expect(count == 1234)
    }

    @Test func aThrowInsideACursorStopsItAndRollsBack() throws {
        let (backend, _) = try TestDatabases.empty(maxConnections: 1)
        defer { backend.close() }
        try backend.write { try $0.execute(sql: "CREATE TABLE n AS SELECT g AS i FROM generate_series(1, 2000) AS g") }
        var visited = 0
        #expect(throws: Marker.self) {
            try backend.write { session in
                try session.execute(sql: "DELETE FROM n WHERE i > 1000")
                try session.forEach(sql: "SELECT i FROM n") { _ in
                    visited += 1
                    if visited == 700 { throw Marker() }
                }
            }
        }
        #expect(visited == 700)
        #expect(try backend.read { try $0.fetchInt(sql: "SELECT COUNT(*) FROM n") } == 2000)
    }

    @Test func aPreparedStatementRunsManyTimes() throws {
        let backend = try TestDatabases.migrated()
        defer { backend.close() }
        try backend.write { session in
            let insert = try session.prepare(sql: "INSERT INTO meta (key, value) VALUES (?, ?)")
            for index in 1...20 { try insert.execute(arguments: ["k\(index)", "giá trị \(index)"]) }
            let find = try session.prepare(sql: "SELECT value FROM meta WHERE key = ?")
            #expect(try find.fetchOne(String.self, arguments: ["k7"]) == "giá trị 7")
            #expect(try find.fetchAll(arguments: ["none"]).isEmpty)
        }
    }

    @Test func readsAreReadOnly() throws {
        let backend = try TestDatabases.migrated()
        defer { backend.close() }
        let error = #expect(throws: EngineError.self) {
            try backend.read { try $0.execute(sql: "INSERT INTO meta (key, value) VALUES ('a', 'b')") }
        }
        #expect(error?.kind == .readOnly)
    }
}
