import EntrustCore
import EntrustEngineTestSupport
import EntrustDelivery
import EntrustGateways
import EntrustStore
import Foundation
import Testing

/// The outbox's own rules, on a real SQLite file, with the clock moved by hand.
@Suite struct OutboxStoreTests {
    @Test(arguments: TestEngine.enabled) func theUniqueKeyMakesEnqueueingIdempotent(engine: TestEngine) throws {
        let fixture = try DeliveryFixture(engine: engine)
        let first = try fixture.enqueue(channel: .email)
        let again = try fixture.database.backend.write { db in
            try OutboxStore.enqueue(db, OutboxDraft(
                channel: .email, recipient: "TANSON-HND-CB", endpoint: nil, rule: "obligation-due",
                subject: "obligation:KB-TANSON-HND:giao-ban:2024-03", occurrence: "0d@2024-03-20", eventType: "obligation.due",
                payload: OutboxPayload(template: "obligation-due", language: .vi, recipient: nil, data: [:]), urgent: false,
                notBefore: fixture.clock.now()), now: fixture.clock.now())
        }
        #expect(again == nil)
        #expect(try OutboxStore(fixture.database).list().map(\.id) == [first])
    }

    @Test(arguments: TestEngine.enabled) func enqueueingRollsBackWithTheTransactionThatCausedIt(engine: TestEngine) throws {
        let fixture = try DeliveryFixture(engine: engine)
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try fixture.database.backend.write { db in
                try OutboxStore.enqueue(db, OutboxDraft(
                    channel: .email, recipient: "KB-GD", endpoint: nil, rule: "r", subject: "s", occurrence: "o", eventType: "obligation.due",
                    payload: OutboxPayload(template: nil, language: .vi, recipient: nil, data: [:]), urgent: false,
                    notBefore: fixture.clock.now()), now: fixture.clock.now())
                throw Abort()
            }
        }
        #expect(try OutboxStore(fixture.database).list().isEmpty)
    }

    @Test(arguments: TestEngine.enabled) func claimingLeasesEachMessageOnceAndFutureOnesWait(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let now = fixture.id(try fixture.enqueue(channel: .email))
        let later = try fixture.enqueue(channel: .email, occurrence: "later")
        try fixture.database.backend.write { db in
            try db.execute(sql: "UPDATE outbox_message SET state = 'scheduled', next_attempt_ms = next_attempt_ms + 3600000 WHERE public_id = ?", arguments: [later])
        }
        let store = OutboxStore(fixture.database)
        let a = try await store.claim(limit: 10, channels: [.email], worker: "a", lease: .seconds(7200), now: fixture.clock.now())
        let b = try await store.claim(limit: 10, channels: [.email], worker: "b", lease: .seconds(60), now: fixture.clock.now())
        #expect(a.map(\.id) == [now])
        #expect(a.first?.attempts == 1 && a.first?.state == "sending")
        #expect(b.isEmpty, "a leased message is not claimed twice")
        fixture.clock.advance(seconds: 3600)
        let c = try await store.claim(limit: 10, channels: [.email], worker: "b", lease: .seconds(60), now: fixture.clock.now())
        #expect(c.map(\.id) == [later])
    }

    @Test(arguments: TestEngine.enabled) func anExpiredLeaseIsRescuedWithTheSameID(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let id = try fixture.enqueue(channel: .email)
        let store = OutboxStore(fixture.database)
        let claimed = try await store.claim(limit: 1, channels: [.email], worker: "killed", lease: .seconds(120), now: fixture.clock.now())
        #expect(claimed.count == 1)
        // The worker dies. Before the lease runs out, nobody else may take it.
        fixture.clock.advance(seconds: 119)
        #expect(try await store.claim(limit: 1, channels: [.email], worker: "next", lease: .seconds(120), now: fixture.clock.now()).isEmpty)
        fixture.clock.advance(seconds: 2)
        let rescued = try await store.claim(limit: 1, channels: [.email], worker: "next", lease: .seconds(120), now: fixture.clock.now())
        #expect(rescued.map(\.id) == [id])
        #expect(rescued.first?.attempts == 2)
        let attempts = try fixture.message(id).attempts
        #expect(attempts.map(\.outcome) == ["lease-expired"])
        // The killed worker's late answer no longer changes the message it lost.
        let applied = try await store.finish(claimed[0], worker: "killed", attempt: OutboxAttempt(
            number: 1, startedAt: "", durationMs: 0, responseCode: 200, reply: nil, error: nil, outcome: "sent"), decision: .sent, now: fixture.clock.now())
        #expect(!applied)
        #expect(try fixture.message(id).message.state == "sending")
    }

    @Test func backoffFollowsTheScheduleWithJitterThenGivesUp() throws {
        let schedule = BackoffSchedule.standard
        #expect(schedule.maxAttempts == 8)
        #expect(schedule.delay(afterAttempt: 1, random: 0.5) == 5)
        #expect(schedule.delay(afterAttempt: 2, random: 0.5) == 300)
        #expect(schedule.delay(afterAttempt: 7, random: 0.5) == 36_000)
        #expect(schedule.delay(afterAttempt: 8, random: 0.5) == nil)
        #expect(abs(schedule.delay(afterAttempt: 3, random: 0)! - 1440) < 0.001)
        #expect(abs(schedule.delay(afterAttempt: 3, random: 1)! - 2160) < 0.001)
        #expect(try BackoffSchedule.parse("5s,5m,30m,2h,5h,10h,10h", field: "--backoff").delays == schedule.delays)
        #expect(throws: CoreError.self) { try BackoffSchedule.parse("5x", field: "--backoff") }
    }

    @Test(arguments: TestEngine.enabled) func exhaustedRetriesAreDeadWithTheReasonKept(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let id = try fixture.enqueue(channel: .webhook, endpoint: try fixture.endpoint(url: "http://127.0.0.1:9/closed").code)
        let pool = try EntrustGateways.TransferPool(concurrency: 1)
        defer { pool.shutdown() }
        let worker = try fixture.worker(pool: pool, backoff: BackoffSchedule(delays: [5, 10]))
        for _ in 0..<3 {
            _ = try await worker.drain()
            fixture.clock.advance(seconds: 11)
        }
        let (message, attempts) = try fixture.message(id)
        #expect(attempts.map(\.outcome) == ["retry", "retry", "dead"])
        #expect(message.state == "dead")
        #expect(message.lastError?.hasPrefix("gave up after 3 attempts") == true)
    }

    @Test(arguments: TestEngine.enabled) func cancelAndRetryByHandAreAudited(engine: TestEngine) throws {
        let fixture = try DeliveryFixture(engine: engine)
        let id = try fixture.enqueue(channel: .email)
        let store = OutboxStore(fixture.database)
        #expect(try store.cancel(id, actor: Principal("KB-GD")).state == "cancelled")
        #expect(throws: StoreError.self) { try store.cancel(id, actor: Principal("KB-GD")) }
        #expect(try store.retry(id, actor: Principal("KB-GD")).state == "available")
        let audit = try fixture.database.backend.read { db in try AuditLog.entries(db, entity: "outbox_message", key: id, limit: 10) }
        #expect(audit.map(\.action) == ["cancel", "retry"])
    }
}

extension DeliveryFixture {
    func id(_ id: String) -> String { id }
}
