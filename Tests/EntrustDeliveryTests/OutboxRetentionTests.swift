import EntrustCore
import EntrustEngineTestSupport
import EntrustDelivery
import EntrustStore
import Foundation
import Testing

/// Pruning the outbox (`OutboxStore.prune`, `entrust outbox prune`, and `serve` after each planner pass): only sent and
/// cancelled messages past the retention go, with their attempts; nothing unfinished, and no dead letter, ever does.
@Suite struct OutboxRetentionTests {
    static let day: Double = 86_400

    /// Claims the message `id` now and records `decision` for it at `now`.
    static func settle(_ fixture: DeliveryFixture, _ id: String, _ decision: OutboxStore.Decision) async throws {
        let store = OutboxStore(fixture.database)
        let now = fixture.clock.now()
        let claimed = try await store.claim(limit: 100, channels: [.email], worker: "w", lease: .seconds(60), now: now)
        let message = try #require(claimed.first { $0.id == id }, "\(id) was not due")
        for other in claimed where other.id != id {
            // Put the others back as they were: only `id` is settled here.
            try fixture.database.backend.write { db in
                try db.execute(sql: "UPDATE outbox_message SET state = 'available', attempts = attempts - 1, leased_by = NULL, lease_until_ms = NULL WHERE public_id = ?",
                               arguments: [other.id])
            }
        }
        let attempt = OutboxAttempt(number: message.attempts, startedAt: VietnamTime.iso8601(now), durationMs: 3, responseCode: nil,
                                    reply: "250 ok", error: nil, outcome: "test")
        #expect(try await store.finish(message, worker: "w", attempt: attempt, decision: decision, now: now))
    }

    static func attempts(_ fixture: DeliveryFixture) throws -> Int {
        try fixture.database.backend.read { db in try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM outbox_attempt") ?? -1 }
    }

    @Test(arguments: TestEngine.enabled) func onlySentAndCancelledMessagesPastTheRetentionArePruned(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let store = OutboxStore(fixture.database)
        // Day 0: one message of every kind.
        let oldSent = try fixture.enqueue(channel: .email, occurrence: "sent")
        let oldCancelled = try fixture.enqueue(channel: .email, occurrence: "cancelled")
        let oldDead = try fixture.enqueue(channel: .email, occurrence: "dead")
        let retrying = try fixture.enqueue(channel: .email, occurrence: "retrying")
        let sending = try fixture.enqueue(channel: .email, occurrence: "sending")
        let waiting = try fixture.enqueue(channel: .email, occurrence: "waiting")
        let lateSent = try fixture.enqueue(channel: .email, occurrence: "late")
        // Cancelled at once although planned for day 400: finished long ago, but its time has not come.
        let futureCancelled = try fixture.enqueue(channel: .email, occurrence: "future-cancelled")
        // Planned for day 0, left waiting, cancelled by hand on day 90: its time is long past, its finish recent.
        let lateCancelled = try fixture.enqueue(channel: .email, occurrence: "late-cancelled")
        try await Self.settle(fixture, oldSent, .sent)
        _ = try store.cancel(oldCancelled, actor: Principal("KB-GD"))
        try await Self.settle(fixture, oldDead, .dead(reason: "550 no such mailbox"))
        try await Self.settle(fixture, retrying, .retry(at: fixture.clock.now().addingTimeInterval(400 * Self.day), reason: "421 try later"))
        // Retried for 85 days, then sent: scheduled long ago, but finished recently.
        try await Self.settle(fixture, lateSent, .retry(at: fixture.clock.now().addingTimeInterval(85 * Self.day), reason: "421"))
        _ = try fixture.endpoint(url: "https://hooks.example.vn/held")
        try fixture.database.backend.write { db in
            for id in [waiting, futureCancelled] {
                try db.execute(sql: "UPDATE outbox_message SET state = 'scheduled', next_attempt_ms = next_attempt_ms + ? WHERE public_id = ?",
                               arguments: [Int64(400) * 86_400_000, id])
            }
            // Held back from the claims below, as a message on a channel no worker sends.
            try db.execute(sql: "UPDATE outbox_message SET channel = 'webhook', endpoint_id = (SELECT MIN(id) FROM webhook_endpoint) WHERE public_id = ?",
                           arguments: [lateCancelled])
        }
        _ = try store.cancel(futureCancelled, actor: Principal("KB-GD"))
        fixture.clock.advance(seconds: 85 * Self.day)
        try await Self.settle(fixture, lateSent, .sent)
        // A message claimed and never finished (its worker hangs): leased for a year.
        let hung = try await store.claim(limit: 10, channels: [.email], worker: "hung", lease: .seconds(Int64(365 * Self.day)), now: fixture.clock.now())
        #expect(hung.map(\.id) == [sending])
        fixture.clock.advance(seconds: 5 * Self.day)
        _ = try store.cancel(lateCancelled, actor: Principal("KB-GD"))
        // Day 91: a message sent today.
        fixture.clock.advance(seconds: 1 * Self.day)
        let newSent = try fixture.enqueue(channel: .email, occurrence: "new")
        try await Self.settle(fixture, newSent, .sent)
        let attemptsBefore = try Self.attempts(fixture)

        #expect(throws: StoreError.self) { try store.prune(retentionDays: 3, actor: .system) }
        var reported: [Int] = []
        let pruned = try store.prune(retentionDays: 90, batchSize: 1, actor: .system) { reported.append($0) }
        #expect(pruned == 2)
        #expect(reported == [1, 2], "one transaction per batch of 1")
        let left = Set(try store.list(limit: 100).map(\.id))
        #expect(left == [oldDead, retrying, sending, waiting, lateSent, newSent, futureCancelled, lateCancelled])
        #expect(!left.contains(oldSent) && !left.contains(oldCancelled))
        // The sent message's attempt went with it (the cancelled one had none).
        #expect(try Self.attempts(fixture) == attemptsBefore - 1)
        let orphans = try fixture.database.backend.read { db in
            try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM outbox_attempt a WHERE NOT EXISTS (SELECT 1 FROM outbox_message m WHERE m.id = a.message_id)")
        }
        #expect(orphans == 0)
        let audit = try fixture.database.backend.read { db in try AuditLog.entries(db, entity: "outbox", key: nil, limit: 10) }
        #expect(audit.contains { $0.action == "prune" })
        // Nothing more to do: a second run prunes nothing and writes no audit row.
        #expect(try store.prune(retentionDays: 90, actor: .system) == 0)

        // A year on, everything finished is old, yet the unfinished and the dead letter stay.
        fixture.clock.advance(seconds: 365 * Self.day)
        #expect(try store.prune(retentionDays: 90, actor: .system) == 3)
        #expect(Set(try store.list(limit: 100).map(\.id)) == [oldDead, retrying, sending, waiting, futureCancelled])
    }

    /// Recording a batch applies each decision only where the message is still leased to this worker for this
    /// attempt; the others keep just the attempt row.
    @Test(arguments: TestEngine.enabled) func aBatchAppliesOnlyTheDecisionsOfMessagesStillLeased(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let store = OutboxStore(fixture.database)
        let ids = try (0..<3).map { try fixture.enqueue(channel: .email, occurrence: "m\($0)") }
        let claimed = try await store.claim(limit: 10, channels: [.email], worker: "w", lease: .seconds(60), now: fixture.clock.now())
        #expect(claimed.count == 3)
        // The second message's lease ran out and another worker took it.
        fixture.clock.advance(seconds: 120)
        try fixture.database.backend.write { db in
            try db.execute(sql: "UPDATE outbox_message SET leased_by = 'other', attempts = attempts + 1 WHERE public_id = ?", arguments: [ids[1]])
        }
        let attempt = { (message: OutboxMessage) in
            OutboxAttempt(number: message.attempts, startedAt: VietnamTime.iso8601(fixture.clock.now()), durationMs: 1, responseCode: nil,
                          reply: nil, error: nil, outcome: "test")
        }
        let results = [
            OutboxStore.Finished(message: claimed[0], attempt: attempt(claimed[0]), decision: .sent),
            OutboxStore.Finished(message: claimed[1], attempt: attempt(claimed[1]), decision: .sent),
            OutboxStore.Finished(message: claimed[2], attempt: attempt(claimed[2]), decision: .dead(reason: "550 no such mailbox")),
        ]
        let before = try OutboxRetentionTests.attempts(fixture)
        #expect(try await store.finish(results, worker: "w", now: fixture.clock.now()) == 2)
        #expect(try OutboxRetentionTests.attempts(fixture) == before + 3)
        let states = try ids.map { try fixture.message($0).message }
        #expect(states[0].state == "sent" && states[0].finishedAt != nil)
        #expect(states[1].state == "sending", "a decision was applied to a message another worker holds")
        #expect(states[2].state == "dead" && states[2].lastError == "550 no such mailbox")
    }
}
