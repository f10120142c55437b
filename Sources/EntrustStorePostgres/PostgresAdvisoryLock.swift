import EntrustStore

/// A named PostgreSQL advisory lock: one 64-bit key that every replica derives from the same name.
///
/// Two kinds of holding: `lock(forTransactionOf:)` waits and holds until the session's transaction ends (the
/// migrator: replicas that start together apply each migration once); `tryLock(_:)` takes a session-level lock
/// without waiting and holds it until `unlock` or until the connection closes, so a replica that dies loses it (a
/// leader lease for the planner). The backend releases session-level locks before a connection goes back to the pool.
public struct PostgresAdvisoryLock: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let key: Int64

    /// The key is the FNV-1a hash of the name's UTF-8 bytes: stable across builds and machines, unlike `hashValue`.
    public init(_ name: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        self.name = name
        self.key = Int64(bitPattern: hash)
    }

    /// Held by the migrator while it checks and applies migrations.
    public static let migrations = PostgresAdvisoryLock("entrust.migrations")
    /// Held by the replica that runs the reminder planner.
    public static let planner = PostgresAdvisoryLock("entrust.planner")

    public var description: String { "advisory lock \(name) (\(key))" }
}

extension PostgresSession {
    /// Waits for `lock` and holds it until this session's transaction commits or rolls back
    /// (`pg_advisory_xact_lock`). Call it inside `write`: outside a transaction it would be released at once.
    public func lock(forTransactionOf lock: PostgresAdvisoryLock) throws {
        try run("SELECT pg_advisory_xact_lock($1)", [.integer(lock.key)])
    }

    /// Takes `lock` if nobody holds it, without waiting (`pg_try_advisory_lock`); answers whether it was taken.
    public func tryLock(_ lock: PostgresAdvisoryLock) throws -> Bool {
        let taken = try fetchOne(Bool.self, sql: "SELECT pg_try_advisory_lock(?)", arguments: [lock.key]) ?? false
        if taken { holdsSessionLocks = true }
        return taken
    }

    /// Releases a lock taken with `tryLock`; answers false when this session did not hold it.
    @discardableResult
    public func unlock(_ lock: PostgresAdvisoryLock) throws -> Bool {
        try fetchOne(Bool.self, sql: "SELECT pg_advisory_unlock(?)", arguments: [lock.key]) ?? false
    }
}
