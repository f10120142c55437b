import EntrustStore
import Dispatch
import Logging
import NIOCore
import PostgresNIO

/// One PostgreSQL connection lent to one store closure (`StoreSession`), blocking on each statement.
///
/// Call it only from a thread that is not one of NIO's event loops (the stores run on a thread pool): every method
/// waits for the server's answer on the calling thread. Placeholders `?` and `?NNN` are rewritten to `$n` (`SQLText`).
/// Statement failures are thrown as `EngineError` (SQLSTATE as the code); a broken connection as
/// `PostgresError.connectionLost`, after which the backend drops the connection instead of reusing it.
public final class PostgresSession: StoreSession {
    public var dialect: Dialect { .postgres }
    public private(set) var changesCount = 0

    let connection: PostgresConnection
    let url: PostgresURL
    let logger: Logger
    /// Set when the connection failed mid-use: its state is unknown, so it must not go back to the pool.
    private(set) var isBroken = false
    /// Set when a session-level advisory lock was taken: the pool releases them before reusing the connection.
    var holdsSessionLocks = false
    private var cursorCount = 0
    /// Whether a `BEGIN` of this session is open (cursors need one).
    var inTransaction = false

    init(connection: PostgresConnection, url: PostgresURL, logger: Logger) {
        self.connection = connection
        self.url = url
        self.logger = logger
    }

    // MARK: - StoreSession

    public func execute(sql: String, arguments: StoreArguments) throws {
        if arguments.isEmpty {
            var changes = 0
            for statement in SQLText.statements(sql) {
                changes = try run(statement, []).metadata.rows ?? 0
            }
            changesCount = changes
        } else {
            changesCount = try run(sql, arguments.values).metadata.rows ?? 0
        }
    }

    public func fetchAll(sql: String, arguments: StoreArguments) throws -> [StoreRow] {
        try run(sql, arguments.values).rows.map(PostgresValueCoding.row)
    }

    public func fetchOne(sql: String, arguments: StoreArguments) throws -> StoreRow? {
        // The whole result is read; store SQL that wants one row of many says LIMIT 1, as on SQLite.
        try run(sql, arguments.values).rows.first.map(PostgresValueCoding.row)
    }

    /// A server-side cursor (`DECLARE … CURSOR` / `FETCH`), so that a scan of a whole table holds one batch of rows
    /// at a time. Outside a transaction it opens and closes one of its own, as a cursor lives only inside one.
    public func forEach(sql: String, arguments: StoreArguments, body: (StoreRow) throws -> Void) throws {
        guard inTransaction else {
            try run("BEGIN", [])
            inTransaction = true
            defer { inTransaction = false }
            do {
                try forEach(sql: sql, arguments: arguments, body: body)
                try run("COMMIT", [])
            } catch {
                rollbackQuietly()
                throw error
            }
            return
        }
        cursorCount += 1
        let name = "entrust_cursor_\(cursorCount)"
        try run("DECLARE \(name) NO SCROLL CURSOR FOR \(sql)", arguments.values)
        do {
            while true {
                let rows = try run("FETCH FORWARD \(Self.cursorBatch) FROM \(name)", []).rows
                for row in rows { try body(try PostgresValueCoding.row(row)) }
                if rows.count < Self.cursorBatch { break }
            }
        } catch {
            // The transaction may be aborted already; the cursor goes with it then.
            _ = try? run("CLOSE \(name)", [])
            throw error
        }
        try run("CLOSE \(name)", [])
    }

    static let cursorBatch = 500

    public func insertReturningID(sql: String, arguments: StoreArguments) throws -> Int64 {
        var statement = Substring(sql)
        while let last = statement.last, last == ";" || last.isWhitespace { statement.removeLast() }
        let result = try run(statement + " RETURNING id", arguments.values)
        changesCount = result.metadata.rows ?? 0
        guard let row = result.rows.first, case let .integer(id) = try PostgresValueCoding.row(row).values.first ?? .null else {
            throw EngineError(kind: .other, code: "returning", detail: "the INSERT returned no integer id")
        }
        return id
    }

    public func prepare(sql: String) throws -> any StoreStatement {
        PostgresStatement(session: self, sql: sql)
    }

    public func compileOnly(sql: String) throws {
        var statement = Substring(sql)
        while let last = statement.last, last == ";" || last.isWhitespace { statement.removeLast() }
        try run("PREPARE entrust_compile_only AS " + statement, [])
        try run("DEALLOCATE entrust_compile_only", [])
    }

    public func makeLoanWriter(month: String) throws -> any LoanBulkWriter {
        try PostgresLoanWriter(session: self, month: month)
    }

    /// The connection failed outside `run` (a COPY): its state is unknown, so it must not go back to the pool.
    func markBroken() { isBroken = true }

    // MARK: - Running

    /// Sends one statement and waits for all of its rows.
    @discardableResult
    func run(_ sql: some StringProtocol, _ values: [SQLValue]) throws -> PostgresQueryResult {
        guard !isBroken else { throw PostgresError.connectionLost(place: url.place) }
        let text = SQLText.rewritingPlaceholders(String(sql)).sql
        let query = PostgresQuery(unsafeSQL: text, binds: PostgresValueCoding.bindings(values))
        do {
            return try Self.waitWhileOpen(connection.query(query, logger: logger), on: connection)
        } catch {
            if PostgresErrorTranslation.isConnectionFailure(error) || connection.isClosed {
                isBroken = true
                throw PostgresError.connectionLost(place: url.place)
            }
            throw PostgresErrorTranslation.statementFailure(error)
        }
    }

    /// Waits for `future`, but gives up once the connection is closed: a query sent as the server shut down
    /// (`pg_ctl stop -m fast`) was seen never to complete, which left a replica's delivery worker waiting forever.
    static func waitWhileOpen<T: Sendable>(_ future: EventLoopFuture<T>, on connection: PostgresConnection) throws -> T {
        let done = DispatchSemaphore(value: 0)
        future.whenComplete { _ in done.signal() }
        while done.wait(timeout: .now() + .seconds(1)) == .timedOut {
            if connection.isClosed {
                // One more look: the answer may have come with the close.
                if done.wait(timeout: .now() + .milliseconds(100)) == .success { break }
                throw PostgresError.connectionLost(place: "the closed connection")
            }
        }
        return try future.wait()
    }

    func rollbackQuietly() {
        guard !isBroken else { return }
        do { try run("ROLLBACK", []) } catch { isBroken = true }
    }
}
