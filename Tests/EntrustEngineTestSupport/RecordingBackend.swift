import EntrustStore
import Synchronization

/// A backend that records every query its sessions run (the SQL and its arguments) before handing it to the real
/// backend: the plan test replays each recorded statement under `EXPLAIN`. It is a wrapper a test puts in on purpose,
/// so a database opened the usual way pays nothing for it.
public final class RecordingBackend: StoreBackend {
    /// One statement as the store ran it.
    public struct Statement: Sendable, Hashable {
        public var sql: String
        public var arguments: StoreArguments
    }

    public let inner: any StoreBackend
    private let recorded = Mutex<[Statement]>([])
    private let recording = Mutex(true)

    public init(_ inner: any StoreBackend) { self.inner = inner }

    public var dialect: Dialect { inner.dialect }

    /// The statements recorded since the last call, in the order they ran; recording starts again empty.
    public func take() -> [Statement] { recorded.withLock { all in defer { all = [] }; return all } }

    /// Runs `body` without recording (the test's own queries, such as the EXPLAINs).
    public func unrecorded<T>(_ body: () throws -> T) rethrows -> T {
        recording.withLock { $0 = false }
        defer { recording.withLock { $0 = true } }
        return try body()
    }

    func record(_ sql: String, _ arguments: StoreArguments) {
        guard recording.withLock({ $0 }) else { return }
        recorded.withLock { $0.append(Statement(sql: sql, arguments: arguments)) }
    }

    public func read<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try inner.read { try body(RecordingSession(inner: $0, backend: self)) }
    }

    public func write<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try inner.write { try body(RecordingSession(inner: $0, backend: self)) }
    }

    public func writeWithoutTransaction<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try inner.writeWithoutTransaction { try body(RecordingSession(inner: $0, backend: self)) }
    }

    public func bulkWrite<T>(commit: Bool, _ body: (any StoreSession) throws -> T) throws -> T {
        try inner.bulkWrite(commit: commit) { try body(RecordingSession(inner: $0, backend: self)) }
    }

    public func migrate(_ migrations: [Migration]) throws { try inner.migrate(migrations) }
}

/// A session that records its queries in its `RecordingBackend`; writes pass through unrecorded.
struct RecordingSession: StoreSession {
    let inner: any StoreSession
    let backend: RecordingBackend

    var dialect: Dialect { inner.dialect }
    var changesCount: Int { inner.changesCount }

    func execute(sql: String, arguments: StoreArguments) throws { try inner.execute(sql: sql, arguments: arguments) }

    func fetchAll(sql: String, arguments: StoreArguments) throws -> [StoreRow] {
        backend.record(sql, arguments)
        return try inner.fetchAll(sql: sql, arguments: arguments)
    }

    func fetchOne(sql: String, arguments: StoreArguments) throws -> StoreRow? {
        backend.record(sql, arguments)
        return try inner.fetchOne(sql: sql, arguments: arguments)
    }

    func forEach(sql: String, arguments: StoreArguments, body: (StoreRow) throws -> Void) throws {
        backend.record(sql, arguments)
        try inner.forEach(sql: sql, arguments: arguments, body: body)
    }

    func insertReturningID(sql: String, arguments: StoreArguments) throws -> Int64 { try inner.insertReturningID(sql: sql, arguments: arguments) }

    func prepare(sql: String) throws -> any StoreStatement { RecordingStatement(inner: try inner.prepare(sql: sql), sql: sql, backend: backend) }

    func compileOnly(sql: String) throws { try inner.compileOnly(sql: sql) }

    func makeLoanWriter(month: String) throws -> any LoanBulkWriter { try inner.makeLoanWriter(month: month) }
}

struct RecordingStatement: StoreStatement {
    let inner: any StoreStatement
    let sql: String
    let backend: RecordingBackend

    func execute(arguments: StoreArguments) throws { try inner.execute(arguments: arguments) }

    func fetchAll(arguments: StoreArguments) throws -> [StoreRow] {
        backend.record(sql, arguments)
        return try inner.fetchAll(arguments: arguments)
    }

    func fetchOne(arguments: StoreArguments) throws -> StoreRow? {
        backend.record(sql, arguments)
        return try inner.fetchOne(arguments: arguments)
    }
}
