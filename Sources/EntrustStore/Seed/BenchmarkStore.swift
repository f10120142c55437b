import EntrustCore
import Foundation

/// Synthetic data for `entrust bench`, written straight into a throwaway database (never a real one): the
/// benchmark measures meeting expansion and writes, so its groups are made in one statement without audit rows.
public struct BenchmarkStore: Sendable {
    public let database: AppDatabase
    public init(_ database: AppDatabase) { self.database = database }

    /// One commune, one association, and `count` active groups `BENCH-G1…`, in one statement.
    public func makeGroups(_ count: Int) throws -> [String] {
        try database.backend.write { db in
            try db.execute(sql: """
                INSERT INTO admin_unit (code, kind, name) VALUES ('BENCHP', 'province', 'Bench');
                INSERT INTO admin_unit (code, kind, name, parent_id) VALUES ('BENCHC', 'commune', 'Bench', (SELECT id FROM admin_unit WHERE code = 'BENCHP'));
                INSERT INTO association (code, kind, level, name, admin_unit_id)
                    VALUES ('BENCH-HND', 'farmers', 'commune', 'Bench', (SELECT id FROM admin_unit WHERE code = 'BENCHC'));
                """)
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                INSERT INTO savings_group (code, name, commune_id, association_id, founded_on)
                SELECT 'BENCH-G' || i, 'Tổ ' || i, (SELECT id FROM admin_unit WHERE code = 'BENCHC'),
                       (SELECT id FROM association WHERE code = 'BENCH-HND'), '2020-01-01' FROM n
                """, arguments: [count])
            return (1...count).map { "BENCH-G\($0)" }
        }
    }

    public func occurrenceCount() throws -> Int {
        try database.backend.read { db in try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM meeting") ?? 0 }
    }

    /// Makes `count` webhook messages due at `now` for `entrust bench --scale`'s delivery stage: the earliest planned
    /// webhooks first, then copies of them under new occurrence keys (new webhook-ids) when planning made fewer. They are
    /// marked urgent so that quiet hours, if the bench runs at night, do not hold them. Returns how many were planned ones.
    public func makeWebhooksDue(_ count: Int, now: Date) throws -> Int {
        let nowMs = OutboxStore.milliseconds(now)
        return try database.backend.write { db in
            try db.execute(sql: """
                UPDATE outbox_message SET state = 'available', next_attempt_ms = ?, urgent = TRUE
                WHERE id IN (SELECT id FROM outbox_message WHERE channel = 'webhook' AND state IN ('scheduled', 'available')
                             ORDER BY next_attempt_ms, id LIMIT ?)
                """, arguments: [nowMs, count])
            let planned = db.changesCount
            guard planned > 0 else {
                throw StoreError.rule("planning made no webhook messages to deliver (is an endpoint subscribed?)")
            }
            if planned < count {
                let sources = try db.fetchAll(Int64.self, sql: "SELECT id FROM outbox_message WHERE channel = 'webhook' AND state = 'available' AND next_attempt_ms = ?",
                                                 arguments: [nowMs])
                let copy = try db.prepare(sql: """
                    INSERT INTO outbox_message (public_id, channel, recipient, endpoint_id, rule, subject, occurrence, event_type,
                                                payload_json, urgent, state, attempts, next_attempt_ms, created_at, created_ms)
                    SELECT ?, channel, recipient, endpoint_id, rule, subject, occurrence || ' #' || ?, event_type, payload_json, TRUE,
                           'available', 0, ?, created_at, ? FROM outbox_message WHERE id = ?
                    """)
                for index in 0..<(count - planned) {
                    try copy.execute(arguments: [OutboxStore.newMessageID(), index + 1, nowMs, nowMs, sources[index % sources.count]])
                }
            }
            return planned
        }
    }

    /// Messages per state and channel, for the bench's checks.
    public func outboxCounts(channel: String) throws -> [String: Int] {
        try database.backend.read { db in
            var result: [String: Int] = [:]
            for row in try db.fetchAll(sql: "SELECT state, COUNT(*) AS n FROM outbox_message WHERE channel = ? GROUP BY state",
                                        arguments: [channel]) {
                result[row["state"]] = row["n"]
            }
            return result
        }
    }
}
