@testable import EntrustTestSupport
import EntrustCore
import EntrustGateways
import Foundation
import Testing

@Suite struct TransferPoolTests {
    @Test func initializingLibcurlTwiceIsHarmless() throws {
        try CurlRuntime.initialize()
        try CurlRuntime.initialize()
        #expect(CurlRuntime.version.contains("libcurl"))
    }

    /// Slow transfers occupy the pool's own threads; async work keeps running meanwhile.
    ///
    /// Checked by order, not by stopwatch: the listener holds every response for a while, and both
    /// the quick task and all four requests must happen before the first response comes back.
    @Test func blockingTransfersDoNotStarveTheCooperativePool() async throws {
        let directory = try TemporaryDirectory("pool")
        let listener = try await WebhookListener.start([.init(status: 200, delay: 4)], in: directory)
        defer { listener.stop() }
        let sender = WebhookSender(pool: try TransferPool(concurrency: 4), clock: FixedClock(Date(timeIntervalSince1970: 0)))
        let endpoint = try WebhookEndpoint(url: listener.url, secret: .generate())
        let finished = Counter()

        async let slow = withTaskGroup(of: WebhookOutcome.self) { group in
            for index in 0..<4 {
                group.addTask {
                    let outcome = await sender.send(try! WebhookMessage(id: "msg_\(index)", body: Array("{}".utf8)), to: endpoint).outcome
                    await finished.increment()
                    return outcome
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        // With four blocking transfers on a two-thread cooperative pool, this task could not run until one ended.
        let finishedWhenQuickRan = await Task.detached { await finished.value }.value
        // Wait until the listener has seen all four requests, or one of them has come back.
        while try listener.requests().count < 4, await finished.value == 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        let finishedWhenAllArrived = await finished.value
        let outcomes = await slow

        #expect(finishedWhenQuickRan == 0)
        #expect(finishedWhenAllArrived == 0, "the four transfers ran side by side on four workers, not one after another")
        #expect(outcomes == Array(repeating: .delivered, count: 4))
    }

    actor Counter {
        var value = 0
        func increment() { value += 1 }
    }

    @Test func aShutDownPoolRefusesNewTransfers() async throws {
        let pool = try TransferPool(concurrency: 1)
        pool.shutdown()
        let attempt = await WebhookSender(pool: pool, clock: FixedClock(Date(timeIntervalSince1970: 0)))
            .send(try WebhookMessage(id: "msg_1", body: []), to: try WebhookEndpoint(url: "http://127.0.0.1:1/", secret: .generate()))
        #expect(attempt.outcome == .retry(reason: GatewayError.poolShutDown.description, retryAfter: nil))
    }
}
