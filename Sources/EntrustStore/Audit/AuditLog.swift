import Crypto
import EntrustCore
import Foundation

/// One row of the audit log, as shown to a person.
public struct AuditEntry: Codable, Sendable, StoreRecord {
    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var entity: String
    public var entityKey: String
    public var beforeJSON: String?
    public var afterJSON: String?
    public var prevHash: String
    public var hash: String

    enum CodingKeys: String, CodingKey {
        case id, at, actor, action, entity
        case entityKey = "entity_key", beforeJSON = "before_json", afterJSON = "after_json"
        case prevHash = "prev_hash", hash
    }
}

/// The result of walking the hash chain.
public struct AuditVerification: Sendable {
    public var rowsChecked: Int
    /// The first problem found, or nil when the chain is intact.
    public var problem: String?
    public var isIntact: Bool { problem == nil }
}

/// The tamper-evident audit log: each row stores SHA-256(previous hash ‖ its own content).
///
/// Rows are written inside the same transaction as the change they describe, so a change and its
/// audit row commit or roll back together.
public enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)

    /// Appends a row. `before`/`after` are encoded as JSON with sorted keys so that the hash is stable.
    public static func record(_ db: any StoreSession, at instant: Date, actor: Principal, action: String, entity: String,
                              key: String, before: (any Encodable)? = nil, after: (any Encodable)? = nil) throws {
        let beforeJSON = try before.map(encode)
        let afterJSON = try after.map(encode)
        // The head row is taken by an UPDATE, so on PostgreSQL a second replica's append waits here until this
        // transaction ends, then reads the head it left: one unbroken chain, without REPEATABLE READ's retries.
        guard let head = try db.fetchOne(sql: """
            UPDATE audit_head SET last_id = last_id + 1 WHERE id = 1 RETURNING last_id, last_hash
            """) else { throw StoreError.database("the audit log has no chain head (audit_head); the database is damaged") }
        let nextID: Int64 = head["last_id"]
        let prev: String = head["last_hash"]
        let at = VietnamTime.iso8601(instant)
        // The id is part of the content, so a row moved to another position no longer verifies.
        let hash = digest(prev: prev, id: nextID, at: at, actor: actor.name, action: action, entity: entity,
                          key: key, before: beforeJSON, after: afterJSON)
        try db.execute(sql: """
            INSERT INTO audit_log (id, at, actor, action, entity, entity_key, before_json, after_json, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [nextID, at, actor.name, action, entity, key, beforeJSON, afterJSON, prev, hash])
        try db.execute(sql: "UPDATE audit_head SET last_hash = ? WHERE id = 1", arguments: [hash])
    }

    static func encode(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func digest(prev: String, id: Int64, at: String, actor: String, action: String, entity: String,
                       key: String, before: String?, after: String?) -> String {
        // Fields are length-prefixed so that moving text between fields changes the hash.
        var content = prev
        for field in [String(id), at, actor, action, entity, key, before ?? "∅", after ?? "∅"] {
            content += "|\(field.utf8.count):\(field)"
        }
        // Lower-case hex by hand: String(format:) per byte was a large share of bulk-write time (see `entrust bench`).
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(content.utf8)) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Recomputes the chain and names the first row that was altered or removed; then the chains of the districts
    /// moved in by `import district`, kept in `audit_archive` as they were, each up to the head its export recorded.
    public static func verify(_ db: any StoreSession) throws -> AuditVerification {
        let main = try walk(db, sql: "SELECT * FROM audit_log ORDER BY id", arguments: [])
        if let problem = main.problem { return AuditVerification(rowsChecked: main.checked, problem: problem) }
        // The head remembers the highest id ever used, so removing the newest rows is visible too.
        let highest = try db.fetchOne(Int64.self, sql: "SELECT last_id FROM audit_head WHERE id = 1") ?? 0
        if highest > main.lastID {
            let missing = highest == main.lastID + 1 ? "row \(highest) was" : "rows \(main.lastID + 1)…\(highest) were"
            return AuditVerification(rowsChecked: main.checked, problem: "\(missing) removed from the end of the log")
        }
        var checked = main.checked
        for district in try db.fetchAll(sql: "SELECT export_id, file, audit_last_id, audit_last_hash FROM district_import ORDER BY imported_at, export_id") {
            let name = "the audit log of \(district["file"] as String) (district import \(district["export_id"] as String))"
            let archived = try walk(db, sql: "SELECT * FROM audit_archive WHERE import_id = ? ORDER BY id", arguments: [district["export_id"] as String])
            checked += archived.checked
            if let problem = archived.problem { return AuditVerification(rowsChecked: checked, problem: "\(name): \(problem)") }
            let recorded: Int64 = district["audit_last_id"]
            if archived.lastID != recorded || archived.lastHash != district["audit_last_hash"] as String {
                return AuditVerification(rowsChecked: checked, problem: "\(name): it ends at row \(archived.lastID), its export ended at row \(recorded)")
            }
        }
        return AuditVerification(rowsChecked: checked, problem: nil)
    }

    /// Walks one chain in id order from the genesis hash: the rows checked, the first problem, the last row's id and hash.
    static func walk(_ db: any StoreSession, sql: String, arguments: StoreArguments) throws
        -> (checked: Int, problem: String?, lastID: Int64, lastHash: String) {
        var expectedPrev = genesis
        var expectedID: Int64 = 1
        var checked = 0
        var problem: String?
        // The first problem is the verdict; the rest of the scan only skips rows.
        try db.forEach(sql: sql, arguments: arguments) { raw in
            guard problem == nil else { return }
            let row = try AuditEntry(row: raw)
            if row.id != expectedID {
                let missing = row.id - 1 == expectedID ? "row \(expectedID) was" : "rows \(expectedID)…\(row.id - 1) were"
                problem = "\(missing) removed (the chain jumps from row \(expectedID - 1) to row \(row.id))"
                return
            }
            if row.prevHash != expectedPrev {
                problem = "row \(row.id) does not follow row \(row.id - 1): row \(row.id - 1) was altered or replaced"
                return
            }
            let recomputed = digest(prev: row.prevHash, id: row.id, at: row.at, actor: row.actor, action: row.action,
                                    entity: row.entity, key: row.entityKey, before: row.beforeJSON, after: row.afterJSON)
            if recomputed != row.hash {
                problem = "row \(row.id) was altered (its content no longer matches its hash)"
                return
            }
            expectedPrev = row.hash
            expectedID += 1
            checked += 1
        }
        return (checked, problem, expectedID - 1, expectedPrev)
    }

    /// History, newest last, optionally for one entity kind and key.
    public static func entries(_ db: any StoreSession, entity: String?, key: String?, limit: Int) throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: StoreArguments = []
        if let entity { conditions.append("entity = ?"); arguments += [entity] }
        if let key { conditions.append("entity_key = ?"); arguments += [key] }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try db.fetchAll(AuditEntry.self, sql: """
            SELECT * FROM (SELECT * FROM audit_log \(filter) ORDER BY id DESC LIMIT ?) AS recent ORDER BY id
            """, arguments: arguments + [limit])
    }
}
