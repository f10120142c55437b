import EntrustCore
import EntrustStore
import Foundation
import GRDB

extension SQLiteBackend {
    /// A file as it is, read-only and not migrated: an export that `import district` checks before using it.
    public static func openReadOnly(path: String, clock: any EntrustCore.Clock = SystemClock()) throws -> AppDatabase {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw StoreError.invalid(field: "FILE", value: path, reason: "does not exist or cannot be read")
        }
        var configuration = configuration()
        configuration.readonly = true
        let queue = try translate { try DatabaseQueue(path: path, configuration: configuration) }
        return try AppDatabase(SQLiteBackend(queue), clock: clock, migrate: false)
    }
}

extension AppDatabase {
    /// A consistent copy of this SQLite database in a new file at `path` (SQLite's online backup: writers may go on
    /// meanwhile), in rollback-journal mode so that the copy is one self-contained file; returned open.
    public func sqliteCopy(to path: String) throws -> AppDatabase {
        guard let sqlite = backend as? SQLiteBackend else {
            throw StoreError.rule("`entrust export` copies a SQLite district file; back a PostgreSQL database up with pg_dump")
        }
        if FileManager.default.fileExists(atPath: path) {
            throw StoreError.invalid(field: "--out", value: path, reason: "exists already; give the export a new file name")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder) else {
            throw StoreError.invalid(field: "--out", value: path, reason: "the folder \(folder) does not exist")
        }
        let copy = try SQLiteBackend.translate { () -> DatabaseQueue in
            let queue = try DatabaseQueue(path: path, configuration: SQLiteBackend.configuration())
            try sqlite.writer.backup(to: queue)
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            return queue
        }
        return try AppDatabase(SQLiteBackend(copy), clock: clock)
    }
}
