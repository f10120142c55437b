import EntrustCore
import Foundation

/// Failed sign-ins, counted in the database (table `login_failure`, migration `v10-replica-state`) so that every
/// replica on one database sees the same count: an attacker who spreads attempts over several replicas behind a load
/// balancer is refused as soon as one replica would have refused them.
///
/// Keys are the caller's (`user:<name>`, `addr:<address>`); times are milliseconds since 1970 from the caller's clock.
/// Every call does bounded work: counts read at most `limit` rows of one key through the (key, at_ms) index, and each
/// recorded failure deletes the expired rows of its own keys and at most `pruneBatch` expired rows of other keys.
public struct LoginFailureStore: Sendable {
    public let database: AppDatabase

    /// Expired rows of other keys removed per recorded failure: more than the two rows each failure adds, so the
    /// table shrinks back to the window's failures.
    public static let pruneBatch = 64

    public init(_ database: AppDatabase) { self.database = database }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Seconds until another attempt is allowed under any of `keys`, or nil when one is allowed now: a key is blocked
    /// while it has `limit` or more failures newer than `window` before `now`, until the oldest of its latest `limit`
    /// failures leaves the window.
    public func blockedSeconds(keys: [String], limit: Int, window: TimeInterval, now: Date) throws -> Int? {
        guard limit > 0 else { return nil }
        let nowMs = Self.milliseconds(now)
        let windowMs = Int64((window * 1000).rounded(.down))
        let since = nowMs - windowMs
        return try database.backend.read { db in
            var waitMs: Int64?
            for key in keys {
                // The limit-th most recent failure still in the window: while it is there, the key has `limit` of them.
                guard let edge = try db.fetchInt64(sql: """
                    SELECT at_ms FROM login_failure WHERE key = ? AND at_ms > ? ORDER BY at_ms DESC LIMIT 1 OFFSET ?
                    """, arguments: [key, since, limit - 1]) else { continue }
                waitMs = max(waitMs ?? 0, edge + windowMs - nowMs)
            }
            return waitMs.map { max(1, Int((Double($0) / 1000).rounded(.up))) }
        }
    }

    /// Records one failed sign-in under each of `keys` at `now`, and prunes failures older than `window`.
    public func recordFailure(keys: [String], window: TimeInterval, now: Date) throws {
        let nowMs = Self.milliseconds(now)
        let expired = nowMs - Int64((window * 1000).rounded(.down))
        try database.backend.write { db in
            for key in keys {
                try db.execute(sql: "DELETE FROM login_failure WHERE key = ? AND at_ms <= ?", arguments: [key, expired])
                try db.execute(sql: "INSERT INTO login_failure (key, at_ms) VALUES (?, ?)", arguments: [key, nowMs])
            }
            try db.execute(sql: """
                DELETE FROM login_failure WHERE id IN (SELECT id FROM login_failure WHERE at_ms <= ? ORDER BY at_ms LIMIT ?)
                """, arguments: [expired, Self.pruneBatch])
        }
    }

    /// Forgets every failure under `key` (a successful sign-in clears the account's count).
    public func clear(key: String) throws {
        try database.backend.write { db in
            try db.execute(sql: "DELETE FROM login_failure WHERE key = ?", arguments: [key])
        }
    }

    /// Failures under `key` newer than `window` before `now` (for tests and diagnostics).
    public func count(key: String, window: TimeInterval, now: Date) throws -> Int {
        let since = Self.milliseconds(now) - Int64((window * 1000).rounded(.down))
        return try database.backend.read { db in
            try db.fetchInt(sql: "SELECT COUNT(*) FROM login_failure WHERE key = ? AND at_ms > ?", arguments: [key, since]) ?? 0
        }
    }
}
