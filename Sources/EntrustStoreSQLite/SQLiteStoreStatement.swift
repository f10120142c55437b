import EntrustStore
import GRDB

/// A `StoreStatement` over a GRDB statement of one session's connection.
struct SQLiteStoreStatement: StoreStatement {
    let statement: Statement

    init(_ statement: Statement) { self.statement = statement }

    func execute(arguments: StoreArguments) throws {
        try SQLiteBackend.translate { try statement.execute(arguments: SQLiteSession.arguments(arguments)) }
    }

    func fetchAll(arguments: StoreArguments) throws -> [StoreRow] {
        try SQLiteBackend.translate { try SQLiteSession.rows(statement, arguments) }
    }

    func fetchOne(arguments: StoreArguments) throws -> StoreRow? {
        try SQLiteBackend.translate { try SQLiteSession.first(statement, arguments) }
    }
}
