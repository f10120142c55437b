import EntrustCore

/// Bulk operations used to seed a demonstration database; never used on real data paths.
public struct SeedStore: Sendable {
    public let database: AppDatabase
    public init(_ database: AppDatabase) { self.database = database }

    /// Marks past occurrences done in one statement (one audit row), leaving every `leaveOpenEvery`-th open so
    /// that the demo has some late work. Deterministic: it depends only on row ids.
    public func markHistoryDone(dueBefore: LocalDate, leaveOpenEvery: Int, evidence: String, actor: Principal) throws -> Int {
        let now = database.clock.now()
        return try database.backend.write { db in
            try db.execute(sql: """
                UPDATE obligation SET status = 'done', completed_on = due_date, completed_by = ?, evidence = ?
                WHERE status = 'open' AND due_date < ? AND id % ? <> 0
                """, arguments: [actor.name, evidence, dueBefore.iso, leaveOpenEvery])
            let count = db.changesCount
            try AuditLog.record(db, at: now, actor: actor, action: "seed: mark history done", entity: "obligation", key: dueBefore.iso,
                                after: ["count": String(count)])
            return count
        }
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try database.backend.write { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    /// Whether the database holds any organisation data at all.
    public func isEmpty() throws -> Bool {
        try database.backend.read { db in
            try db.fetchOne(Int.self, sql: "SELECT (SELECT COUNT(*) FROM admin_unit) + (SELECT COUNT(*) FROM bank_unit)") == 0
        }
    }
}
