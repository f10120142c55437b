import EntrustCore
import Foundation

/// `entrust import district FILE`: an export of a district's SQLite file loaded into another database (the cluster),
/// in one transaction, with new ids.
///
/// Before anything is written the export is checked: its manifest, its schema (exactly this entrust's migrations), its
/// row counts against the manifest and its audit chain. In the target, codes and usernames that already exist are
/// refused, except the rows every district shares (`DistrictTransfer.isShared`), which are matched by code. Outbox
/// messages keep their public ids (webhook-ids stay stable); sessions are dropped; the district's audit rows go to
/// `audit_archive` unchanged, so that their chain still verifies, and one audit row records the import. A second
/// import of the same export is refused. `dryRun` does all of it and rolls back.
public struct DistrictImportStore: Sendable {
    public let database: AppDatabase
    public init(_ database: AppDatabase) { self.database = database }

    public struct Summary: Sendable, Codable, Equatable {
        public var exportID: String
        /// Rows copied, per table.
        public var rows: [String: Int]
        /// Shared rows matched by code instead of copied, per table.
        public var matched: [String: Int]
        public var auditRowsArchived: Int
        public var dryRun: Bool

        enum CodingKeys: String, CodingKey {
            case exportID = "export_id", rows, matched, auditRowsArchived = "audit_rows_archived", dryRun = "dry_run"
        }
    }

    /// Loads the export `source` (opened from `file`) into this database.
    public func importDistrict(from source: AppDatabase, file: String, dryRun: Bool, actor: Principal) throws -> Summary {
        guard source.dialect == .sqlite else {
            throw StoreError.invalid(field: "FILE", value: file, reason: "is not a SQLite export made by `entrust export`")
        }
        let (manifest, tables) = try source.backend.read { src -> (DistrictManifest, [DistrictTransfer.Table]) in
            let manifest = try DistrictTransfer.readManifest(src, file: file)
            try Self.check(src, manifest, file: file)
            return (manifest, try DistrictTransfer.describe(src))
        }
        let now = database.clock.now()
        return try database.backend.bulkWrite(commit: !dryRun) { db in
            if try db.fetchBool(sql: "SELECT EXISTS (SELECT 1 FROM district_import WHERE export_id = ?)", arguments: [manifest.exportID]) == true {
                throw StoreError.rule("the export \(manifest.exportID) (\(file)) was already imported into this database; nothing was changed")
            }
            var copier = Copier(db: db, dialect: db.dialect)
            try source.backend.read { src in
                try copier.refuseCollisions(src, tables: tables)
                for table in tables { try copier.copy(src, table) }
            }
            try db.execute(sql: """
                INSERT INTO district_import (export_id, file, source, imported_at, audit_last_id, audit_last_hash, rows_copied)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [manifest.exportID, (file as NSString).lastPathComponent, manifest.source, VietnamTime.iso8601(now),
                                 manifest.auditLastID, manifest.auditLastHash, copier.rows.values.reduce(0, +)])
            let archived = try source.backend.read { src in try Self.archiveAudit(src, into: db, importID: manifest.exportID) }
            let summary = Summary(exportID: manifest.exportID, rows: copier.rows, matched: copier.matched, auditRowsArchived: archived, dryRun: dryRun)
            try AuditLog.record(db, at: now, actor: actor, action: "import_district", entity: "district_import", key: manifest.exportID,
                                after: summary)
            return summary
        }
    }

    /// The export is whole and untouched: this entrust's schema, the manifest's row counts, an intact audit chain.
    static func check(_ src: any StoreSession, _ manifest: DistrictManifest, file: String) throws {
        let ours = AppDatabase.migrations.map(\.id)
        guard manifest.schema == ours else {
            let theirs = Set(manifest.schema), known = Set(ours)
            let detail = theirs.subtracting(known).isEmpty
                ? "it lacks migrations \(known.subtracting(theirs).sorted().joined(separator: ", ")) (export it again with this entrust)"
                : "it has migrations this entrust does not know: \(theirs.subtracting(known).sorted().joined(separator: ", "))"
            throw StoreError.invalid(field: "FILE", value: file, reason: "was made with another entrust's schema: \(detail)")
        }
        for (table, expected) in manifest.rows.sorted(by: { $0.key < $1.key }) {
            let found = try src.fetchInt(sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0
            guard found == expected else {
                throw StoreError.invalid(field: "FILE", value: file,
                                         reason: "was changed after the export: table \(table) has \(found) rows, the manifest says \(expected)")
            }
        }
        let verdict = try AuditLog.verify(src)
        guard verdict.isIntact else {
            throw StoreError.invalid(field: "FILE", value: file, reason: "has a broken audit chain: \(verdict.problem ?? "")")
        }
    }

    /// Copies the export's audit rows, ids and hashes unchanged, into the target's archive under the import's id.
    static func archiveAudit(_ src: any StoreSession, into db: any StoreSession, importID: String) throws -> Int {
        let insert = try db.prepare(sql: """
            INSERT INTO audit_archive (import_id, id, at, actor, action, entity, entity_key, before_json, after_json, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var count = 0
        try src.forEach(sql: "SELECT * FROM audit_log ORDER BY id") { raw in
            let row = try AuditEntry(row: raw)
            try insert.execute(arguments: [importID, row.id, row.at, row.actor, row.action, row.entity, row.entityKey, row.beforeJSON,
                                           row.afterJSON, row.prevHash, row.hash])
            count += 1
        }
        return count
    }

    /// Copies rows table by table, remembering each old id's new one.
    struct Copier {
        let db: any StoreSession
        let dialect: Dialect
        /// Table → old id → new id.
        var ids: [String: [Int64: Int64]] = [:]
        var rows: [String: Int] = [:]
        var matched: [String: Int] = [:]

        init(db: any StoreSession, dialect: Dialect) {
            self.db = db
            self.dialect = dialect
        }

        /// Every unique code of the export that the target already has, except shared rows: all of them named at once.
        func refuseCollisions(_ src: any StoreSession, tables: [DistrictTransfer.Table]) throws {
            var collisions: [String] = []
            var total = 0
            for table in tables where !table.uniqueColumns.isEmpty {
                // Usernames are unique whatever their case (lower(username) on PostgreSQL, NOCASE on SQLite).
                let probes = try table.uniqueColumns.map { column in
                    (column, try db.prepare(sql: table.name == "user_account" && column == "username"
                        ? "SELECT 1 FROM \(table.name) WHERE lower(\(column)) = lower(?)"
                        : "SELECT 1 FROM \(table.name) WHERE \(column) = ?"))
                }
                // One pass over the table's rows for all of its unique columns.
                try src.forEach(sql: "SELECT * FROM \(table.name)") { row in
                    guard !DistrictTransfer.isShared(table: table.name, row: row) else { return }
                    for (column, probe) in probes {
                        guard let value = row.value(column), !value.isNull,
                              try probe.fetchOne(arguments: StoreArguments(values: [value])) != nil else { continue }
                        total += 1
                        if collisions.count < 10, case let .text(text) = value { collisions.append("\(table.name).\(column) \(text)") }
                    }
                }
            }
            guard total == 0 else {
                throw StoreError.rule("""
                    \(total) code\(total == 1 ? "" : "s") of the district already exist in this database (\(collisions.joined(separator: ", "))\
                    \(total > collisions.count ? ", …" : "")); rename them in the district's file before exporting; nothing was imported
                    """)
            }
        }

        mutating func copy(_ src: any StoreSession, _ table: DistrictTransfer.Table) throws {
            let columns = table.columns.filter { !(table.hasID && $0 == "id") }
            let quoted = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            let insert = "INSERT INTO \(table.name) (\(quoted)) VALUES (\(placeholders))"
            // Prepared once per table; with an id, `RETURNING id` (both engines) answers the new one.
            let statement = try db.prepare(sql: table.hasID ? insert + " RETURNING id" : insert)
            let matcher = table.hasID && table.columns.contains("code") ? try db.prepare(sql: "SELECT id FROM \(table.name) WHERE code = ?") : nil
            var map: [Int64: Int64] = [:]
            var selfReferences: [(newID: Int64, column: String, oldTarget: Int64)] = []
            var copied = 0
            try src.forEach(sql: "SELECT * FROM \(table.name)" + (table.hasID ? " ORDER BY id" : "")) { row in
                if table.hasID, let matcher, DistrictTransfer.isShared(table: table.name, row: row),
                   let existing = try matcher.fetchOne(Int64.self, arguments: [row["code"] as String]) {
                    map[row["id"]] = existing
                    matched[table.name, default: 0] += 1
                    return
                }
                var values: [SQLValue] = []
                values.reserveCapacity(columns.count)
                var pending: [(String, Int64)] = []
                for column in columns {
                    var value = row.value(column) ?? .null
                    if let target = table.references[column], case let .integer(old) = value {
                        if target == table.name {
                            // A row of this table not copied yet (or not at all): set once every row is in.
                            if let new = map[old] { value = .integer(new) } else { pending.append((column, old)); value = .null }
                        } else if let new = ids[target]?[old] {
                            value = .integer(new)
                        } else {
                            throw StoreError.database("the export's \(table.name) row refers to \(target) id \(old), which it does not hold; nothing was imported")
                        }
                    }
                    if dialect == .postgres, DistrictTransfer.booleanColumns.contains(column), case let .integer(flag) = value {
                        value = .bool(flag != 0)
                    }
                    values.append(value)
                }
                if !table.hasID {
                    try statement.execute(arguments: StoreArguments(values: values))
                } else {
                    guard let new = try statement.fetchOne(Int64.self, arguments: StoreArguments(values: values)) else {
                        throw StoreError.database("the database gave no id for a new \(table.name) row; nothing was imported")
                    }
                    map[row["id"]] = new
                    for (column, old) in pending { selfReferences.append((new, column, old)) }
                }
                copied += 1
            }
            for reference in selfReferences {
                guard let new = map[reference.oldTarget] else {
                    throw StoreError.database("the export's \(table.name) row refers to \(table.name) id \(reference.oldTarget), which it does not hold; nothing was imported")
                }
                try db.execute(sql: "UPDATE \(table.name) SET \(reference.column) = ? WHERE id = ?", arguments: [new, reference.newID])
            }
            ids[table.name] = map
            rows[table.name] = copied
        }
    }
}

/// `entrust export`: the manifest of a database, and the copy's finishing touch.
public struct DistrictExportStore: Sendable {
    public let database: AppDatabase
    public init(_ database: AppDatabase) { self.database = database }

    /// Refuses a database whose audit chain is broken: an export carries the chain to the cluster, where it must verify.
    public func requireIntactAudit() throws {
        let verdict = try AuditStore(database).verify()
        guard verdict.isIntact else {
            throw StoreError.rule("the audit chain is broken (\(verdict.problem ?? "")); an export would carry it into the cluster, so nothing was exported")
        }
    }

    /// Counts every table of the copy and writes the manifest into it.
    public static func finish(copy: AppDatabase, source: String) throws -> DistrictManifest {
        try copy.backend.write { db in
            let manifest = try DistrictTransfer.manifest(db, source: source, now: copy.clock.now(), migrations: AppDatabase.migrations.map(\.id))
            try DistrictTransfer.writeManifest(db, manifest)
            return manifest
        }
    }
}
