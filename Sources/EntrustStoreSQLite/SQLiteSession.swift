import EntrustStore
import Foundation
import GRDB

/// A `StoreSession` over one GRDB connection, alive for one `read` or `write` closure.
final class SQLiteSession: StoreSession {
    let db: Database

    init(_ db: Database) { self.db = db }

    var dialect: Dialect { .sqlite }

    func execute(sql: String, arguments: StoreArguments) throws {
        try SQLiteBackend.translate { try db.execute(sql: sql, arguments: Self.arguments(arguments)) }
    }

    func fetchAll(sql: String, arguments: StoreArguments) throws -> [StoreRow] {
        try SQLiteBackend.translate { try Self.rows(try db.makeStatement(sql: sql), arguments) }
    }

    func fetchOne(sql: String, arguments: StoreArguments) throws -> StoreRow? {
        try SQLiteBackend.translate { try Self.first(try db.makeStatement(sql: sql), arguments) }
    }

    func forEach(sql: String, arguments: StoreArguments, body: (StoreRow) throws -> Void) throws {
        // Only GRDB's own failures are translated here; whatever `body` throws passes through untouched.
        let statement = try SQLiteBackend.translate { try db.makeStatement(sql: sql) }
        let columns = statement.columnNames
        let cursor = try SQLiteBackend.translate { try Row.fetchCursor(statement, arguments: Self.arguments(arguments)) }
        while let row = try SQLiteBackend.translate({ try cursor.next() }) {
            try body(Self.row(row, columns))
        }
    }

    func insertReturningID(sql: String, arguments: StoreArguments) throws -> Int64 {
        try SQLiteBackend.translate {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
            return db.lastInsertedRowID
        }
    }

    var changesCount: Int { db.changesCount }

    func prepare(sql: String) throws -> any StoreStatement {
        try SQLiteBackend.translate { SQLiteStoreStatement(try db.cachedStatement(sql: sql)) }
    }

    func compileOnly(sql: String) throws {
        try SQLiteBackend.translate { _ = try db.makeStatement(sql: sql) }
    }

    func makeLoanWriter(month: String) throws -> any LoanBulkWriter {
        try SQLiteBackend.translate {
            SQLiteLoanWriter(many: try db.makeStatement(sql: SQLiteLoanWriter.sql(rows: SQLiteLoanWriter.rowsPerStatement)),
                             one: try db.makeStatement(sql: SQLiteLoanWriter.sql(rows: 1)), month: month)
        }
    }

    // MARK: - Conversions

    static func arguments(_ arguments: StoreArguments) -> StatementArguments {
        StatementArguments(arguments.values.map(databaseValue))
    }

    static func databaseValue(_ value: SQLValue) -> DatabaseValue {
        switch value {
        case .null: return .null
        case let .integer(number): return number.databaseValue
        case let .real(number): return number.databaseValue
        case let .text(text): return text.databaseValue
        case let .blob(bytes): return Data(bytes).databaseValue
        // SQLite has no boolean: a flag is the integer 0 or 1, as the schema's CHECKs and defaults expect.
        case let .bool(flag): return Int64(flag ? 1 : 0).databaseValue
        }
    }

    static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: return .null
        case let .int64(number): return .integer(number)
        case let .double(number): return .real(number)
        case let .string(text): return .text(text)
        case let .blob(data): return .blob([UInt8](data))
        }
    }

    static func row(_ row: Row, _ columns: [String]) -> StoreRow {
        StoreRow(columns: columns, values: row.databaseValues.map(value))
    }

    static func rows(_ statement: Statement, _ arguments: StoreArguments) throws -> [StoreRow] {
        let columns = statement.columnNames
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        var rows: [StoreRow] = []
        while let row = try cursor.next() { rows.append(Self.row(row, columns)) }
        return rows
    }

    static func first(_ statement: Statement, _ arguments: StoreArguments) throws -> StoreRow? {
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        return try cursor.next().map { Self.row($0, statement.columnNames) }
    }
}
