import EntrustStore

/// A statement of one `PostgresSession`, run many times with different arguments (`StoreStatement`).
///
/// The text is rewritten once; each run is one extended-protocol round trip (parse, bind, execute), which PostgreSQL
/// plans cheaply for the short statements the stores loop over.
final class PostgresStatement: StoreStatement {
    private let session: PostgresSession
    private let sql: String

    init(session: PostgresSession, sql: String) {
        self.session = session
        self.sql = SQLText.rewritingPlaceholders(sql).sql
    }

    func execute(arguments: StoreArguments) throws {
        // Already in `$n` form: the session's rewrite leaves it unchanged, since no `?` remains outside literals.
        try session.execute(sql: sql, arguments: arguments)
    }

    func fetchAll(arguments: StoreArguments) throws -> [StoreRow] {
        try session.fetchAll(sql: sql, arguments: arguments)
    }

    func fetchOne(arguments: StoreArguments) throws -> StoreRow? {
        try session.fetchOne(sql: sql, arguments: arguments)
    }
}
