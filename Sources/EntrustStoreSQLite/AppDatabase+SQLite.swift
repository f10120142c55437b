import EntrustCore
import EntrustStore

extension AppDatabase {
    /// Opens (or creates) a SQLite database file: `SQLiteBackend.open(path:clock:)`.
    public static func open(path: String, clock: any EntrustCore.Clock = SystemClock()) throws -> AppDatabase {
        try SQLiteBackend.open(path: path, clock: clock)
    }

    /// A fresh SQLite database in memory, for tests.
    public static func inMemory(clock: any EntrustCore.Clock = SystemClock()) throws -> AppDatabase {
        try SQLiteBackend.inMemory(clock: clock)
    }

    /// SQLite's journal mode ("wal" on disk, "memory" in memory); nil when the database is not SQLite.
    public func journalMode() throws -> String? {
        try (backend as? SQLiteBackend)?.journalMode()
    }
}
