/// One connection inside one transaction (or one read), handed to a store's closure by `StoreBackend`.
///
/// A session is valid only inside the closure it was given to; do not keep it. Every method is synchronous: the
/// server calls the stores off its cooperative pool, and each backend blocks on its own connection.
///
/// Implementations translate their engine's failures into `EngineError` so that `StoreError.from` and
/// `StoreError.isBusy` can read them; errors thrown by the store's own code pass through unchanged.
public protocol StoreSession {
    /// The SQL dialect of this session's engine, for the few statements that differ (`Dialect`).
    var dialect: Dialect { get }

    /// Runs a statement that returns no rows. Without arguments, `sql` may hold several statements separated by `;`.
    func execute(sql: String, arguments: StoreArguments) throws

    /// Every row of a query, loaded at once.
    func fetchAll(sql: String, arguments: StoreArguments) throws -> [StoreRow]

    /// The first row of a query, or nil when it has none.
    func fetchOne(sql: String, arguments: StoreArguments) throws -> StoreRow?

    /// Calls `body` with each row in turn without loading them all (a cursor): for scans over a whole table.
    func forEach(sql: String, arguments: StoreArguments, body: (StoreRow) throws -> Void) throws

    /// Runs an `INSERT` of one row and answers the new row's `id`. SQLite reads `last_insert_rowid()`; PostgreSQL
    /// appends `RETURNING id`, so `sql` must be a plain `INSERT … VALUES …` into a table with an `id` column.
    func insertReturningID(sql: String, arguments: StoreArguments) throws -> Int64

    /// Rows changed by the latest `execute` (of the session or of one of its statements).
    var changesCount: Int { get }

    /// A statement prepared once and run many times with different arguments, for loops that write or read row by row.
    /// Backends may cache it for the life of the connection.
    func prepare(sql: String) throws -> any StoreStatement

    /// Compiles one statement as the engine would run it, without running it: SQLite prepares it; PostgreSQL parses,
    /// analyses and plans it as a named prepared statement whose parameters carry no types (the strictest case: each
    /// `?` must get its type from the SQL around it), then deallocates it. For the test that prepares every statement.
    func compileOnly(sql: String) throws

    /// The engine's bulk writer for loan extract rows (SQLite: multi-row INSERTs bound from the batch's bytes;
    /// PostgreSQL: COPY). Used inside `StoreBackend.bulkWrite` only.
    func makeLoanWriter(month: String) throws -> any LoanBulkWriter
}

extension StoreSession {
    public func execute(sql: String) throws { try execute(sql: sql, arguments: []) }
    public func fetchAll(sql: String) throws -> [StoreRow] { try fetchAll(sql: sql, arguments: []) }
    public func fetchOne(sql: String) throws -> StoreRow? { try fetchOne(sql: sql, arguments: []) }
    public func forEach(sql: String, body: (StoreRow) throws -> Void) throws { try forEach(sql: sql, arguments: [], body: body) }

    // MARK: - Scalars

    /// The first column of the first row, or nil when there is no row or the value is NULL.
    public func fetchOne<T: SQLValueConvertible>(_ type: T.Type, sql: String, arguments: StoreArguments = []) throws -> T? {
        try fetchOne(sql: sql, arguments: arguments).flatMap(Self.first)
    }

    /// The first column of every row; a NULL in it is a programmer error (select a non-NULL expression).
    public func fetchAll<T: SQLValueConvertible>(_ type: T.Type, sql: String, arguments: StoreArguments = []) throws -> [T] {
        try fetchAll(sql: sql, arguments: arguments).map { $0[0] }
    }

    public func fetchInt64(sql: String, arguments: StoreArguments = []) throws -> Int64? { try fetchOne(Int64.self, sql: sql, arguments: arguments) }
    public func fetchInt(sql: String, arguments: StoreArguments = []) throws -> Int? { try fetchOne(Int.self, sql: sql, arguments: arguments) }
    public func fetchString(sql: String, arguments: StoreArguments = []) throws -> String? { try fetchOne(String.self, sql: sql, arguments: arguments) }
    public func fetchBool(sql: String, arguments: StoreArguments = []) throws -> Bool? { try fetchOne(Bool.self, sql: sql, arguments: arguments) }

    // MARK: - Records

    public func fetchOne<T: StoreRecord>(_ type: T.Type, sql: String, arguments: StoreArguments = []) throws -> T? {
        try fetchOne(sql: sql, arguments: arguments).map { try T(row: $0) }
    }

    public func fetchAll<T: StoreRecord>(_ type: T.Type, sql: String, arguments: StoreArguments = []) throws -> [T] {
        try fetchAll(sql: sql, arguments: arguments).map { try T(row: $0) }
    }

    static func first<T: SQLValueConvertible>(_ row: StoreRow) -> T? {
        guard row.count > 0, !row.values[0].isNull else { return nil }
        return row[0] as T
    }
}
