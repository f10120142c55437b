@testable import EntrustTestSupport
import EntrustCore
import EntrustEngineTestSupport
import EntrustDelivery
import EntrustGateways
import EntrustStore
import Foundation
import Testing

/// The worker delivering outbox messages to a real HTTP listener on 127.0.0.1.
@Suite struct WebhookDeliveryTests {
    @Test(arguments: TestEngine.enabled) func serverErrorThenSuccessIsOneDeliveryRetriedWithOneID(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let listener = try await WebhookListener.start([.init(status: 500, body: "database down"), .init(status: 200)], in: fixture.directory)
        defer { listener.stop() }
        let (endpoint, secret) = try fixture.endpoint(url: listener.url)
        let id = try fixture.enqueue(channel: .webhook, endpoint: endpoint)
        let pool = try TransferPool(concurrency: 2)
        defer { pool.shutdown() }
        let worker = try fixture.worker(pool: pool)

        let first = try await worker.drain()
        #expect(first.retrying == 1 && first.sent == 0)
        let waiting = try fixture.message(id).message
        #expect(waiting.state == "retrying")
        #expect(waiting.lastError?.contains("500") == true)
        // Not due yet: the first retry waits 5 s (no jitter with FixedJitter(0.5)).
        #expect(try await worker.drain().claimed == 0)
        fixture.clock.advance(seconds: 5)

        let second = try await worker.drain()
        #expect(second.sent == 1)
        let (message, attempts) = try fixture.message(id)
        #expect(message.state == "sent")
        #expect(attempts.map(\.outcome) == ["retry", "sent"])
        #expect(attempts.map(\.responseCode) == [500, 200])
        let requests = try listener.requests()
        #expect(requests.count == 2)
        #expect(Set(requests.compactMap { $0.header("webhook-id") }) == [id])
        #expect(requests.allSatisfy { Signature.valid($0, secret: secret) })
        let body = try JSONSerialization.jsonObject(with: Data(requests[1].body)) as? [String: Any]
        #expect(body?["type"] as? String == "obligation.due")
        let data = body?["data"] as? [String: Any]
        #expect(data?["recipient_code"] as? String == "TANSON-HND-CB")
        #expect((data?["subject"] as? String)?.hasPrefix("Nhắc việc: Giao ban hằng tháng với ngân hàng") == true)
    }

    @Test(arguments: TestEngine.enabled) func goneDisablesTheEndpointAndSaysSo(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let listener = try await WebhookListener.start([.init(status: 410)], in: fixture.directory)
        defer { listener.stop() }
        let (endpoint, _) = try fixture.endpoint(url: listener.url)
        let id = try fixture.enqueue(channel: .webhook, endpoint: endpoint)
        let waiting = try fixture.enqueue(channel: .webhook, endpoint: endpoint, occurrence: "-7d@2024-03-13")
        try fixture.database.backend.write { db in
            // The second message waits for later: it must be cancelled, not sent to a receiver that said Gone.
            try db.execute(sql: "UPDATE outbox_message SET next_attempt_ms = next_attempt_ms + 86400000, state = 'scheduled' WHERE public_id = ?", arguments: [waiting])
        }
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }

        let report = try await fixture.worker(pool: pool).drain()

        #expect(report.disabledEndpoints == [endpoint])
        #expect(report.dead == 1)
        let view = try EndpointStore(fixture.database).get(endpoint)
        #expect(!view.enabled)
        #expect(view.disabledReason?.contains("410") == true)
        let message = try fixture.message(id).message
        #expect(message.state == "dead")
        #expect(message.lastError?.contains("410 Gone") == true)
        #expect(try fixture.message(waiting).message.state == "cancelled")
        #expect(try listener.requests().count == 1)
        let audit = try fixture.database.backend.read { db in try AuditLog.entries(db, entity: "endpoint", key: endpoint, limit: 10) }
        #expect(audit.last?.action == "disable" && audit.last?.actor == "system")
    }

    /// The endpoint is read once per batch; a 410 must still stop the batch's other messages to it at once.
    @Test(arguments: TestEngine.enabled) func goneInTheMiddleOfABatchCancelsTheBatchsOtherMessagesToIt(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let listener = try await WebhookListener.start([.init(status: 410)], in: fixture.directory)
        defer { listener.stop() }
        let (endpoint, _) = try fixture.endpoint(url: listener.url)
        let ids = try (0..<5).map { try fixture.enqueue(channel: .webhook, endpoint: endpoint, occurrence: "0d@2024-03-2\($0)") }
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }
        let report = try await fixture.worker(pool: pool, concurrency: 1).runBatch()
        #expect(report.claimed == 5)
        #expect(report.dead == 1 && report.cancelled == 4, "\(report)")
        #expect(try listener.requests().count == 1, "messages went to an endpoint that had answered 410 Gone")
        let states = try ids.map { try fixture.message($0).message.state }
        #expect(states.filter { $0 == "cancelled" }.count == 4)
    }

    @Test(arguments: TestEngine.enabled) func badRequestIsDeadWithTheReasonKept(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let listener = try await WebhookListener.start([.init(status: 400, body: "unknown field due_date")], in: fixture.directory)
        defer { listener.stop() }
        let (endpoint, _) = try fixture.endpoint(url: listener.url)
        let id = try fixture.enqueue(channel: .webhook, endpoint: endpoint)
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }

        let report = try await fixture.worker(pool: pool).drain()

        #expect(report.dead == 1)
        let (message, attempts) = try fixture.message(id)
        #expect(message.state == "dead")
        #expect(message.lastError?.contains("400") == true)
        #expect(message.lastError?.contains("unknown field due_date") == true)
        #expect(attempts.count == 1 && attempts[0].responseCode == 400)
        // A person can send it again by hand, with the same id.
        _ = try OutboxStore(fixture.database).retry(id, actor: Principal("KB-GD"))
        #expect(try fixture.message(id).message.state == "available")
    }

    @Test(arguments: TestEngine.enabled) func listenerSlowerThanTheTimeoutMeansRetry(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let listener = try await WebhookListener.start([.init(status: 200, delay: 3)], in: fixture.directory)
        defer { listener.stop() }
        let (endpoint, _) = try fixture.endpoint(url: listener.url)
        let id = try fixture.enqueue(channel: .webhook, endpoint: endpoint)
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }

        let report = try await fixture.worker(pool: pool, timeout: .seconds(1)).drain()

        #expect(report.retrying == 1)
        let (message, attempts) = try fixture.message(id)
        #expect(message.state == "retrying")
        #expect(attempts.first?.outcome == "retry")
        #expect(attempts.first?.responseCode == nil)
    }

    @Test(arguments: TestEngine.enabled) func retryAfterIsHonoured(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let listener = try await WebhookListener.start([.init(status: 429, headers: ["Retry-After": "600"])], in: fixture.directory)
        defer { listener.stop() }
        let (endpoint, _) = try fixture.endpoint(url: listener.url)
        let id = try fixture.enqueue(channel: .webhook, endpoint: endpoint)
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }
        let start = fixture.clock.now()

        _ = try await fixture.worker(pool: pool).drain()

        let message = try fixture.message(id).message
        #expect(message.state == "retrying")
        // The schedule says 5 s; the receiver asked for 10 minutes.
        #expect(Double(message.nextAttemptMs) / 1000 - start.timeIntervalSince1970 >= 600)
    }

    @Test(arguments: TestEngine.enabled) func rotationSendsTwoSignaturesDuringTheWindowOnly(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let listener = try await WebhookListener.start([.init(status: 200)], in: fixture.directory)
        defer { listener.stop() }
        let (endpoint, old) = try fixture.endpoint(url: listener.url)
        let new = WebhookSecret.generate()
        _ = try EndpointStore(fixture.database).rotate(endpoint, newSecret: new.encoded, window: .seconds(3600), actor: Principal("KB-GD"))
        try fixture.enqueue(channel: .webhook, endpoint: endpoint)
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }
        let worker = try fixture.worker(pool: pool)

        _ = try await worker.drain()
        fixture.clock.advance(seconds: 3601)
        try fixture.enqueue(channel: .webhook, endpoint: endpoint, occurrence: "after-window")
        _ = try await worker.drain()

        let requests = try listener.requests()
        try #require(requests.count == 2)
        #expect(Signature.count(requests[0]) == 2)
        #expect(Signature.valid(requests[0], secret: old) && Signature.valid(requests[0], secret: new))
        #expect(Signature.count(requests[1]) == 1)
        #expect(Signature.valid(requests[1], secret: new) && !Signature.valid(requests[1], secret: old))
    }

    @Test(arguments: TestEngine.enabled) func endpointTemplateShapesTheBodyWhichIsStillSigned(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let listener = try await WebhookListener.start([.init(status: 200)], in: fixture.directory)
        defer { listener.stop() }
        let template = #"{"to": "{{recipient_phone}}", "name": "{{recipient_name}}", "text": "{{subject}}", "id": "{{id}}"}"#
        let (endpoint, secret) = try fixture.endpoint(url: listener.url, template: template)
        // Quotes, a backslash and a line break in a value must not break the JSON body.
        let person = ReminderRecipient(code: "TANSON-HND-CT", name: "Vũ Thị \"Hoa\" \\ B\nC", phone: "0912 345 678", language: .en)
        let id = try fixture.enqueue(channel: .webhook, endpoint: endpoint, recipient: person)
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }

        _ = try await fixture.worker(pool: pool).drain()

        let request = try #require(try listener.requests().first)
        #expect(Signature.valid(request, secret: secret))
        let body = try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: String]
        #expect(body?["to"] == "0912 345 678")
        #expect(body?["name"] == "Vũ Thị \"Hoa\" \\ B\nC")
        #expect(body?["id"] == id)
        #expect(body?["text"] == "Reminder: Monthly meeting with the bank — due 20/03/2024")
    }

    @Test(arguments: TestEngine.enabled) func endpointTestEventGoesThroughTheOutboxSigned(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let listener = try await WebhookListener.start([.init(status: 204)], in: fixture.directory)
        defer { listener.stop() }
        let (endpoint, secret) = try fixture.endpoint(url: listener.url, events: "obligation.*")
        let id = try EndpointStore(fixture.database).enqueueTest(endpoint, actor: Principal("KB-GD"))
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }

        #expect(try await fixture.worker(pool: pool).drain().sent == 1)

        let request = try #require(try listener.requests().first)
        #expect(request.header("webhook-id") == id)
        #expect(Signature.valid(request, secret: secret))
        let body = try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
        #expect(body?["type"] as? String == "endpoint.test")
    }
}
