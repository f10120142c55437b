import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import EntrustStoreEngines
import Foundation
import Testing

/// The state replicas on one database share (migration `v10-replica-state`): failed sign-ins and service leases.
@Suite struct ReplicaStateTests {
    static let start = VietnamTime.instant(LocalDate(year: 2024, month: 3, day: 15)!, hour: 9, minute: 0)

    /// Two handles on one database, as two replicas have: a SQLite file opened twice, or one PostgreSQL URL opened twice.
    static func twoReplicas(_ engine: TestEngine, folder: URL) throws -> (AppDatabase, AppDatabase) {
        let location = try engine.location(in: folder)
        let first = try AppDatabase.open(location: location, clock: FixedClock(start), maxConnections: 2)
        let second = try AppDatabase.open(location: location, clock: FixedClock(start), maxConnections: 2)
        return (first, second)
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-replicas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    // MARK: - Failed sign-ins

    @Test(arguments: TestEngine.enabled) func failuresRecordedThroughTwoHandlesAddUp(engine: TestEngine) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (one, two) = try Self.twoReplicas(engine, folder: folder)
        let keys = ["user:kb.staff", "addr:203.0.113.9"]
        let window: TimeInterval = 900
        // Five failures through each handle, a second apart: each alone stays under the limit of ten.
        for second in 0..<10 {
            let store = LoginFailureStore(second.isMultiple(of: 2) ? one : two)
            let now = Self.start.addingTimeInterval(TimeInterval(second))
            #expect(try store.blockedSeconds(keys: keys, limit: 10, window: window, now: now) == nil)
            try store.recordFailure(keys: keys, window: window, now: now)
        }
        let now = Self.start.addingTimeInterval(10)
        #expect(try LoginFailureStore(one).count(key: "user:kb.staff", window: window, now: now) == 10)
        // Either handle now refuses, until the first failure leaves the window (900 s after it, 890 s from now).
        #expect(try LoginFailureStore(one).blockedSeconds(keys: keys, limit: 10, window: window, now: now) == 890)
        #expect(try LoginFailureStore(two).blockedSeconds(keys: keys, limit: 10, window: window, now: now) == 890)
        // Another account from the same address is refused too; the same account from elsewhere as well.
        #expect(try LoginFailureStore(two).blockedSeconds(keys: ["user:other", "addr:203.0.113.9"], limit: 10, window: window, now: now) == 890)
        #expect(try LoginFailureStore(two).blockedSeconds(keys: ["user:kb.staff", "addr:192.0.2.1"], limit: 10, window: window, now: now) == 890)
        #expect(try LoginFailureStore(two).blockedSeconds(keys: ["user:other", "addr:192.0.2.1"], limit: 10, window: window, now: now) == nil)
        // The window slides.
        #expect(try LoginFailureStore(two).blockedSeconds(keys: keys, limit: 10, window: window, now: Self.start.addingTimeInterval(900)) == nil)
        // Clearing through one handle clears for the other.
        try LoginFailureStore(one).clear(key: "user:kb.staff")
        #expect(try LoginFailureStore(two).blockedSeconds(keys: ["user:kb.staff", "addr:192.0.2.1"], limit: 10, window: window, now: now) == nil)
        #expect(try LoginFailureStore(two).blockedSeconds(keys: keys, limit: 10, window: window, now: now) == 890)
    }

    @Test(arguments: TestEngine.enabled) func expiredFailuresArePrunedAsNewOnesComeIn(engine: TestEngine) throws {
        let database = try engine.database(clock: FixedClock(Self.start))
        let store = LoginFailureStore(database)
        for index in 0..<100 {
            try store.recordFailure(keys: ["addr:10.0.0.\(index)"], window: 60, now: Self.start)
        }
        func rows() throws -> Int { try database.backend.read { try $0.fetchInt(sql: "SELECT COUNT(*) FROM login_failure") ?? -1 } }
        #expect(try rows() == 100)
        // An hour later, each new failure removes a bounded batch of the expired ones.
        let later = Self.start.addingTimeInterval(3600)
        try store.recordFailure(keys: ["addr:192.0.2.1"], window: 60, now: later)
        #expect(try rows() == 100 - LoginFailureStore.pruneBatch + 1)
        try store.recordFailure(keys: ["addr:192.0.2.2"], window: 60, now: later)
        #expect(try rows() == 2)
    }

    // MARK: - Service leases

    @Test(arguments: TestEngine.enabled) func oneHolderAtATimeUntilTheLeaseRunsOut(engine: TestEngine) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (one, two) = try Self.twoReplicas(engine, folder: folder)
        let a = ServiceLeaseStore(one), b = ServiceLeaseStore(two)
        let t0 = Self.start
        #expect(try a.acquire(name: "planner", holder: "host-a:1:0000000a", ttl: 60, now: t0))
        #expect(try !b.acquire(name: "planner", holder: "host-b:1:0000000b", ttl: 60, now: t0.addingTimeInterval(1)))
        #expect(try b.holder(name: "planner", now: t0.addingTimeInterval(1)) == "host-a:1:0000000a")
        // The holder renews before the end: the other still cannot take it after the first lease would have ended.
        #expect(try a.acquire(name: "planner", holder: "host-a:1:0000000a", ttl: 60, now: t0.addingTimeInterval(50)))
        #expect(try !b.acquire(name: "planner", holder: "host-b:1:0000000b", ttl: 60, now: t0.addingTimeInterval(70)))
        // A lease of another name is independent.
        #expect(try b.acquire(name: "other-job", holder: "host-b:1:0000000b", ttl: 60, now: t0.addingTimeInterval(70)))
        // The holder stops renewing (it died): once the lease has run out the other takes it over, and keeps it.
        #expect(try b.holder(name: "planner", now: t0.addingTimeInterval(111)) == nil)
        #expect(try b.acquire(name: "planner", holder: "host-b:1:0000000b", ttl: 60, now: t0.addingTimeInterval(111)))
        #expect(try !a.acquire(name: "planner", holder: "host-a:1:0000000a", ttl: 60, now: t0.addingTimeInterval(112)))
        #expect(try a.holder(name: "planner", now: t0.addingTimeInterval(112)) == "host-b:1:0000000b")
        // Releasing by someone else does nothing; by the holder frees it at once.
        try a.release(name: "planner", holder: "host-a:1:0000000a")
        #expect(try !a.acquire(name: "planner", holder: "host-a:1:0000000a", ttl: 60, now: t0.addingTimeInterval(113)))
        try b.release(name: "planner", holder: "host-b:1:0000000b")
        #expect(try a.acquire(name: "planner", holder: "host-a:1:0000000a", ttl: 60, now: t0.addingTimeInterval(114)))
    }
}
