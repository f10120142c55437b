import EntrustCore
import Foundation
import GRDB

/// The one owner of entrust's SQLite connection.
///
/// On disk it is a `DatabasePool` in WAL mode with a busy timeout, because the CLI and the server
/// share one file; in tests it can be an in-memory `DatabaseQueue`. Every migration is registered in
/// `AppDatabase+Migrations.swift` and runs when the database is opened.
public struct AppDatabase: Sendable {
    public let writer: any DatabaseWriter
    public let clock: any EntrustCore.Clock

    /// Wraps a writer and brings its schema up to date.
    public init(_ writer: any DatabaseWriter, clock: any EntrustCore.Clock = SystemClock()) throws {
        self.writer = writer
        self.clock = clock
        try Self.migrator.migrate(writer)
    }

    /// Opens (or creates) a database file.
    public static func open(path: String, clock: any EntrustCore.Clock = SystemClock()) throws -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: folder.path) {
            throw StoreError.invalid(field: "--db", value: path, reason: "the folder \(folder.path) does not exist")
        }
        let pool = try DatabasePool(path: path, configuration: configuration())
        return try AppDatabase(pool, clock: clock)
    }

    /// A fresh database in memory, for tests.
    public static func inMemory(clock: any EntrustCore.Clock = SystemClock()) throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()), clock: clock)
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // The CLI and `entrust serve` write to the same file: wait for the other writer instead of failing.
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return config
    }

    /// Today in Asia/Ho_Chi_Minh, from the injected clock.
    public var today: LocalDate { clock.today() }

    /// Whether the file is in WAL mode (it always is on disk; memory databases answer "memory").
    public func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}
