import EntrustCore
import Foundation

/// What an export holds, written into the copy itself (table `entrust_export`) and printed by `entrust export`: the
/// schema it was made with, every table's row count and the audit chain's head, so that an import can tell a complete,
/// untouched copy from anything else.
public struct DistrictManifest: Codable, Sendable, Equatable {
    public var exportID: String
    public var exportedAt: String
    public var source: String
    /// The migrations applied, in order: an import needs exactly the ones it knows.
    public var schema: [String]
    public var rows: [String: Int]
    public var auditLastID: Int64
    public var auditLastHash: String

    enum CodingKeys: String, CodingKey {
        case exportID = "export_id", exportedAt = "exported_at", source, schema, rows
        case auditLastID = "audit_last_id", auditLastHash = "audit_last_hash"
    }
}

/// Moving a district from its SQLite file into the cluster (issue 11): the export's manifest, and the import that
/// copies every table with new ids.
///
/// The export file is SQLite by construction (an online backup of a district's file), so reading its tables, columns,
/// foreign keys and unique indexes uses SQLite's own `PRAGMA`s; what is written goes through the store session of the
/// target, whichever engine that is.
public enum DistrictTransfer {
    /// Tables an import does not copy: the engine's own bookkeeping, what belongs to the cluster (its secret, its
    /// lease and rate-limit rows, its imports), the sessions (dropped: people sign in again) and the audit chain,
    /// which goes to `audit_archive` instead, unchanged. Plan marks only save work: the cluster's planner plans the
    /// district's subjects again, and finds its outbox rows already there.
    static let notCopied: Set<String> = [
        "grdb_migrations", "sqlite_sequence", "sqlite_stat1", "entrust_export", "audit_log", "audit_head", "audit_archive",
        "district_import", "user_session", "server_secret", "meta", "login_failure", "service_lease", "plan_mark",
    ]

    /// The manifest of the database `db` (a SQLite session), for an export made now.
    static func manifest(_ db: any StoreSession, source: String, now: Date, migrations: [String]) throws -> DistrictManifest {
        var rows: [String: Int] = [:]
        for table in try tables(db) {
            rows[table] = try db.fetchInt(sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0
        }
        let head = try db.fetchOne(sql: "SELECT last_id, last_hash FROM audit_head WHERE id = 1")
        return DistrictManifest(exportID: UUID().uuidString.lowercased(), exportedAt: VietnamTime.iso8601(now), source: source,
                                schema: migrations, rows: rows, auditLastID: head?["last_id"] ?? 0,
                                auditLastHash: head?["last_hash"] ?? AuditLog.genesis)
    }

    /// The user tables of a SQLite database, by name.
    static func tables(_ db: any StoreSession) throws -> [String] {
        try db.fetchAll(String.self, sql: """
            SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'entrust_export' ORDER BY name
            """)
    }

    /// Writes `manifest` into the export copy.
    static func writeManifest(_ db: any StoreSession, _ manifest: DistrictManifest) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try db.execute(sql: "CREATE TABLE entrust_export (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        try db.execute(sql: "INSERT INTO entrust_export (key, value) VALUES ('manifest', ?)",
                       arguments: [String(decoding: try encoder.encode(manifest), as: UTF8.self)])
    }

    /// The manifest inside an export file, or a sentence saying why the file is not one.
    static func readManifest(_ db: any StoreSession, file: String) throws -> DistrictManifest {
        let hasTable = try db.fetchBool(sql: "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'entrust_export')") ?? false
        guard hasTable, let text = try db.fetchString(sql: "SELECT value FROM entrust_export WHERE key = 'manifest'"),
              let manifest = try? JSONDecoder().decode(DistrictManifest.self, from: Data(text.utf8)) else {
            throw StoreError.invalid(field: "FILE", value: file, reason: "is not an export made by `entrust export` (it has no manifest)")
        }
        return manifest
    }

    /// One table of the export as the import sees it.
    struct Table {
        var name: String
        var columns: [String]
        /// Whether rows are identified by an integer `id` the target assigns anew.
        var hasID: Bool
        /// Column → referenced table.
        var references: [String: String]
        /// Single text columns with a unique index: they must not exist in the target already.
        var uniqueColumns: [String]
    }

    /// The export's tables with their columns, references and unique columns, parents before children.
    static func describe(_ db: any StoreSession) throws -> [Table] {
        var described: [String: Table] = [:]
        for name in try tables(db) where !notCopied.contains(name) {
            let info = try db.fetchAll(sql: "SELECT name, pk, type FROM pragma_table_info(?) ORDER BY cid", arguments: [name])
            let columns = info.map { $0["name"] as String }
            let hasID = info.contains { ($0["name"] as String) == "id" && ($0["pk"] as Int) == 1 }
            var references: [String: String] = [:]
            for row in try db.fetchAll(sql: "SELECT \"from\" AS column_name, \"table\" AS target FROM pragma_foreign_key_list(?)", arguments: [name]) {
                references[row["column_name"]] = row["target"]
            }
            var unique: [String] = []
            for index in try db.fetchAll(sql: "SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1", arguments: [name]) {
                let parts = try db.fetchAll(String.self, sql: "SELECT name FROM pragma_index_info(?)", arguments: [index["name"] as String])
                if parts.count == 1, parts[0] != "id", references[parts[0]] == nil { unique.append(parts[0]) }
            }
            described[name] = Table(name: name, columns: columns, hasID: hasID, references: references, uniqueColumns: unique)
        }
        // Parents first (a table's own rows may point at each other: those are fixed up after its rows are in).
        var ordered: [Table] = []
        var placed: Set<String> = []
        while ordered.count < described.count {
            let ready = described.values
                .filter { !placed.contains($0.name) && Set($0.references.values).subtracting([$0.name]).allSatisfy { placed.contains($0) || described[$0] == nil } }
                .sorted { $0.name < $1.name }
            guard !ready.isEmpty else {
                throw StoreError.database("the export's tables refer to each other in a circle; this entrust cannot import it")
            }
            for table in ready { ordered.append(table); placed.insert(table.name) }
        }
        return ordered
    }

    /// Rows that every district shares with the cluster, matched by code instead of copied: the province, the head
    /// office and provincial branch, and associations above the district. Any other code already in the cluster is a
    /// collision (commune names recur across the country; their codes must not collide silently).
    static func isShared(table: String, row: StoreRow) -> Bool {
        switch table {
        case "admin_unit": return (row["kind"] as String?) == AdminUnitKind.province.rawValue
        case "bank_unit": return [BankUnitKind.headOffice.rawValue, BankUnitKind.provincialBranch.rawValue].contains(row["kind"] as String? ?? "")
        case "association": return [AssociationLevel.central.rawValue, AssociationLevel.province.rawValue].contains(row["level"] as String? ?? "")
        default: return false
        }
    }

    /// The PostgreSQL schema's BOOLEAN columns (SQLite keeps flags as 0 and 1), read from the schema text itself.
    static let booleanColumns: Set<String> = {
        var names: Set<String> = []
        for migration in PostgresSchema.migrations {
            for line in migration.sql.split(separator: "\n") {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "(" })
                if words.count >= 2, words[1] == "BOOLEAN" { names.insert(String(words[0])) }
            }
        }
        return names
    }()
}
