import EntrustCore
import Foundation

/// Named leases (table `service_lease`, migration `v10-replica-state`): which replica runs a job that must run in
/// one place at a time, such as the reminder planner, and until when. A holder renews its lease before it expires;
/// if it dies, the lease expires and the next replica to ask takes it over.
///
/// One statement decides, on both engines: the row is inserted, or updated only when we already hold it or it has
/// expired (`ON CONFLICT … DO UPDATE … WHERE`), so two replicas asking at once cannot both win.
public struct ServiceLeaseStore: Sendable {
    public let database: AppDatabase

    public init(_ database: AppDatabase) { self.database = database }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Takes or renews the lease `name` for `holder` until `now + ttl`; true when `holder` holds it afterwards,
    /// false when another holder's lease has not expired.
    public func acquire(name: String, holder: String, ttl: TimeInterval, now: Date) throws -> Bool {
        let nowMs = Self.milliseconds(now)
        let expires = nowMs + Int64((ttl * 1000).rounded(.down))
        return try database.backend.write { db in
            try db.execute(sql: """
                INSERT INTO service_lease (name, holder, expires_ms) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_ms = excluded.expires_ms
                WHERE service_lease.holder = excluded.holder OR service_lease.expires_ms < ?
                """, arguments: [name, holder, expires, nowMs])
            return try db.fetchString(sql: "SELECT holder FROM service_lease WHERE name = ?", arguments: [name]) == holder
        }
    }

    /// Gives the lease up if `holder` holds it, so that another replica may take it at once (a graceful shutdown).
    public func release(name: String, holder: String) throws {
        try database.backend.write { db in
            try db.execute(sql: "DELETE FROM service_lease WHERE name = ? AND holder = ?", arguments: [name, holder])
        }
    }

    /// Who holds the lease `name` at `now`, or nil when nobody does (never taken, released or expired).
    public func holder(name: String, now: Date) throws -> String? {
        try database.backend.read { db in
            try db.fetchString(sql: "SELECT holder FROM service_lease WHERE name = ? AND expires_ms >= ?",
                               arguments: [name, Self.milliseconds(now)])
        }
    }
}
