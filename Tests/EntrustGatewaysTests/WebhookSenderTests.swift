@testable import EntrustTestSupport
import Crypto
import EntrustCore
import EntrustGateways
import Foundation
import Testing

/// Webhook deliveries to a real HTTP listener on 127.0.0.1.
@Suite struct WebhookSenderTests {
    let instant = Date(timeIntervalSince1970: 1_710_464_400) // 2024-03-15T01:00:00Z
    let secretText = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    struct Obligation: Encodable {
        let code: String
        let title: String
        let dueDate: String
        let amount: Int64
    }

    func message(id: String = "msg_2KWPBgLlAfxdpx2AI54pPJ85f1W") throws -> WebhookMessage {
        let data = Obligation(code: "TS-HND-2024-01/O3", title: "Kiểm tra sử dụng vốn vay", dueDate: "2024-03-15", amount: 1_250_000)
        return try WebhookMessage(id: id, type: "obligation.due", timestamp: instant, data: data)
    }

    /// Recomputes the signature with swift-crypto directly, not with the code under test.
    func signatureIsValid(_ request: WebhookListener.Request, secretText: String) -> Bool {
        guard let id = request.header("webhook-id"), let timestamp = request.header("webhook-timestamp"),
              let header = request.header("webhook-signature"),
              let key = Data(base64Encoded: String(secretText.dropFirst("whsec_".count))) else { return false }
        let signed = Data("\(id).\(timestamp).".utf8) + Data(request.body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
        let expected = "v1," + Data(mac).base64EncodedString()
        return header.split(separator: " ").contains { $0 == expected }
    }

    @Test func deliversSignedRequestWithStandardHeaders() async throws {
        let directory = try TemporaryDirectory("webhook")
        let listener = try await WebhookListener.start([.init(status: 204)], in: directory)
        defer { listener.stop() }
        let pool = try TransferPool(concurrency: 2)
        let sender = WebhookSender(pool: pool, options: WebhookOptions(userAgent: "entrust/1.2.3"), clock: FixedClock(instant))
        let endpoint = try WebhookEndpoint(url: listener.url, secret: try WebhookSecret(secretText))
        let sent = try message()

        let attempt = await sender.send(sent, to: endpoint)

        #expect(attempt.outcome == .delivered)
        #expect(attempt.statusCode == 204)
        #expect(attempt.timestamp == 1_710_464_400)
        #expect(attempt.errorText == nil)
        let requests = try listener.requests()
        try #require(requests.count == 1)
        let request = requests[0]
        #expect(request.method == "POST")
        #expect(request.path == "/hooks/entrust")
        #expect(request.header("webhook-id") == "msg_2KWPBgLlAfxdpx2AI54pPJ85f1W")
        #expect(request.header("webhook-timestamp") == "1710464400")
        #expect(request.header("content-type") == "application/json")
        #expect(request.header("user-agent") == "entrust/1.2.3")
        #expect(request.body == sent.body)
        #expect(signatureIsValid(request, secretText: secretText))
        #expect(String(decoding: request.body, as: UTF8.self) ==
            #"{"type":"obligation.due","timestamp":"2024-03-15T01:00:00Z","data":{"amount":1250000,"code":"TS-HND-2024-01/O3","dueDate":"2024-03-15","title":"Kiểm tra sử dụng vốn vay"}}"#)
        // The receiver's own verification path accepts it too.
        try WebhookSigner(secret: try WebhookSecret(secretText)).verify(
            id: try #require(request.header("webhook-id")), timestamp: try #require(request.header("webhook-timestamp")),
            signatureHeader: try #require(request.header("webhook-signature")), body: request.body, now: instant)
    }

    @Test func serverErrorThenSuccessIsTwoAttemptsWithOneIdAndTwoTimestamps() async throws {
        let directory = try TemporaryDirectory("webhook")
        let listener = try await WebhookListener.start([.init(status: 500, body: "database unavailable"), .init(status: 200)], in: directory)
        defer { listener.stop() }
        let pool = try TransferPool(concurrency: 1)
        let endpoint = try WebhookEndpoint(url: listener.url, secret: try WebhookSecret(secretText))
        let sent = try message()

        let first = await WebhookSender(pool: pool, clock: FixedClock(instant)).send(sent, to: endpoint)
        let second = await WebhookSender(pool: pool, clock: FixedClock(instant.addingTimeInterval(30))).send(sent, to: endpoint)

        #expect(first.outcome == .retry(reason: "HTTP 500: database unavailable", retryAfter: nil))
        #expect(first.statusCode == 500)
        #expect(second.outcome == .delivered)
        let requests = try listener.requests()
        try #require(requests.count == 2)
        #expect(requests[0].header("webhook-id") == requests[1].header("webhook-id"))
        #expect(requests[0].header("webhook-timestamp") == "1710464400")
        #expect(requests[1].header("webhook-timestamp") == "1710464430")
        #expect(requests[0].body == requests[1].body)
        #expect(requests[0].header("webhook-signature") != requests[1].header("webhook-signature"))
        #expect(requests.allSatisfy { signatureIsValid($0, secretText: secretText) })
    }

    @Test func goneDisablesTheEndpoint() async throws {
        let directory = try TemporaryDirectory("webhook")
        let listener = try await WebhookListener.start([.init(status: 410, body: "unsubscribed")], in: directory)
        defer { listener.stop() }
        let sender = WebhookSender(pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))

        let attempt = await sender.send(try message(), to: try WebhookEndpoint(url: listener.url, secret: .generate()))

        #expect(attempt.outcome == .endpointGone)
        #expect(attempt.statusCode == 410)
    }

    @Test func clientErrorIsPermanentWithStatusAndBodySnippet() async throws {
        let directory = try TemporaryDirectory("webhook")
        let listener = try await WebhookListener.start([.init(status: 400, body: "{\"error\":\"unknown field 'dueDate'\"}\n")], in: directory)
        defer { listener.stop() }
        let sender = WebhookSender(pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))

        let attempt = await sender.send(try message(), to: try WebhookEndpoint(url: listener.url, secret: .generate()))

        #expect(attempt.outcome == .permanentFailure(reason: "HTTP 400: {\"error\":\"unknown field 'dueDate'\"}"))
        #expect(attempt.outcome.isRetryable == false)
    }

    @Test func tooManyRequestsCarriesRetryAfterInSecondsOrAsDate() async throws {
        let directory = try TemporaryDirectory("webhook")
        let listener = try await WebhookListener.start([
            .init(status: 429, headers: ["Retry-After": "120"]),
            .init(status: 503, headers: ["Retry-After": "Fri, 15 Mar 2024 01:05:00 GMT"]),
        ], in: directory)
        defer { listener.stop() }
        let sender = WebhookSender(pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))
        let endpoint = try WebhookEndpoint(url: listener.url, secret: .generate())

        let first = await sender.send(try message(), to: endpoint)
        let second = await sender.send(try message(), to: endpoint)

        #expect(first.outcome == .retry(reason: "HTTP 429", retryAfter: .seconds(120)))
        #expect(second.outcome == .retry(reason: "HTTP 503", retryAfter: .date(instant.addingTimeInterval(300))))
        if case let .retry(_, retryAfter?) = second.outcome {
            #expect(retryAfter.notBefore(receivedAt: instant) == instant.addingTimeInterval(300))
        }
    }

    @Test func slowListenerTimesOutAndIsRetried() async throws {
        let directory = try TemporaryDirectory("webhook")
        let listener = try await WebhookListener.start([.init(status: 200, delay: 4)], in: directory)
        defer { listener.stop() }
        let options = WebhookOptions(connectTimeout: .seconds(1), totalTimeout: .seconds(1))
        let sender = WebhookSender(pool: try TransferPool(concurrency: 1), options: options, clock: FixedClock(instant))

        let attempt = await sender.send(try message(), to: try WebhookEndpoint(url: listener.url, secret: .generate()))

        guard case let .retry(reason, nil) = attempt.outcome else {
            Issue.record("expected a retry, got \(attempt.outcome)")
            return
        }
        #expect(reason.contains("timed out"))
        #expect(attempt.statusCode == nil)
        #expect(attempt.errorText != nil)
        #expect(attempt.duration >= .milliseconds(900) && attempt.duration < .seconds(3))
    }

    @Test func redirectIsNotFollowedAndIsPermanent() async throws {
        let directory = try TemporaryDirectory("webhook")
        let listener = try await WebhookListener.start([.init(status: 301, headers: ["Location": "/elsewhere"]), .init(status: 200)], in: directory)
        defer { listener.stop() }
        let sender = WebhookSender(pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))

        let attempt = await sender.send(try message(), to: try WebhookEndpoint(url: listener.url, secret: .generate()))

        guard case let .permanentFailure(reason) = attempt.outcome else {
            Issue.record("expected a permanent failure, got \(attempt.outcome)")
            return
        }
        #expect(reason.contains("301") && reason.contains("/elsewhere"))
        #expect(try listener.requests().map(\.path) == ["/hooks/entrust"])
    }

    @Test func rotationSendsOneValidSignaturePerSecret() async throws {
        let directory = try TemporaryDirectory("webhook")
        let listener = try await WebhookListener.start([.init(status: 200)], in: directory)
        defer { listener.stop() }
        let old = try WebhookSecret(secretText)
        let new = WebhookSecret.generate()
        let sender = WebhookSender(pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))

        let attempt = await sender.send(try message(), to: try WebhookEndpoint(url: listener.url, secrets: [old, new]))

        #expect(attempt.outcome == .delivered)
        let request = try #require(try listener.requests().first)
        let parts = try #require(request.header("webhook-signature")).split(separator: " ")
        #expect(parts.count == 2)
        #expect(parts.allSatisfy { $0.hasPrefix("v1,") })
        #expect(signatureIsValid(request, secretText: old.encoded))
        #expect(signatureIsValid(request, secretText: new.encoded))
        #expect(parts[0] != parts[1])
    }

    @Test func secretNeverAppearsInErrorsOrDescriptions() async throws {
        let directory = try TemporaryDirectory("webhook")
        let listener = try await WebhookListener.start([.init(status: 400, body: "bad"), .init(status: 500), .init(status: 200, delay: 3)], in: directory)
        defer { listener.stop() }
        let secret = try WebhookSecret(secretText)
        let keyPart = String(secretText.dropFirst("whsec_".count))
        let sender = WebhookSender(pool: try TransferPool(concurrency: 1),
                                   options: WebhookOptions(totalTimeout: .seconds(1)), clock: FixedClock(instant))
        let endpoint = try WebhookEndpoint(url: listener.url, secret: secret)
        var texts: [String] = []
        for _ in 0..<3 {
            let attempt = await sender.send(try message(), to: endpoint)
            texts += [String(describing: attempt), String(reflecting: attempt), attempt.errorText ?? ""]
        }
        let refused = await sender.send(try message(), to: try WebhookEndpoint(url: "http://127.0.0.1:1/", secret: secret))
        texts += [String(describing: refused), refused.errorText ?? ""]
        var dumped = ""
        dump(endpoint, to: &dumped)
        dump(secret, to: &dumped)
        texts += [dumped, String(describing: secret), String(reflecting: secret), String(describing: endpoint), "\(WebhookSigner(secret: secret))"]
        for malformed in [secretText + "!!", "whsec" + keyPart, "whsec_" + keyPart.prefix(10)] {
            #expect(throws: GatewayError.self) { try WebhookSecret(malformed) }
            do { _ = try WebhookSecret(malformed) } catch { texts.append(error.description) }
        }
        do {
            try WebhookSigner(secret: secret).verify(id: "x", timestamp: "1710464400", signatureHeader: "v1,AAAA", body: [], now: instant)
        } catch {
            texts.append(error.description)
        }

        #expect(texts.count > 15)
        for text in texts {
            #expect(!text.contains(keyPart), "secret leaked in: \(text)")
            #expect(!text.contains(String(keyPart.prefix(12))), "secret leaked in: \(text)")
        }
    }

    @Test func connectionRefusedIsRetried() async throws {
        let sender = WebhookSender(pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))

        let attempt = await sender.send(try message(), to: try WebhookEndpoint(url: "http://127.0.0.1:1/hook", secret: .generate()))

        #expect(attempt.outcome.isRetryable)
        #expect(attempt.statusCode == nil)
        #expect(attempt.errorText?.isEmpty == false)
    }

    @Test func httpsVerifiesTheCertificate() async throws {
        let directory = try TemporaryDirectory("webhook-tls")
        let certificate = try SelfSignedCertificate(in: directory)
        let listener = try await WebhookListener.start([.init(status: 200)], in: directory, tls: certificate)
        defer { listener.stop() }
        let pool = try TransferPool(concurrency: 1)
        let endpoint = try WebhookEndpoint(url: listener.url, secret: .generate())

        let untrusted = await WebhookSender(pool: pool, clock: FixedClock(instant)).send(try message(), to: endpoint)
        let trusted = await WebhookSender(pool: pool, options: WebhookOptions(caFile: certificate.certificatePath), clock: FixedClock(instant))
            .send(try message(), to: endpoint)

        guard case let .retry(reason, _) = untrusted.outcome else {
            Issue.record("an untrusted certificate must not be accepted, got \(untrusted.outcome)")
            return
        }
        #expect(reason.contains("TLS") || reason.contains("certificate"))
        #expect(trusted.outcome == .delivered)
        #expect(try listener.requests().count == 1)
    }

    @Test func connectionsAreReusedBetweenTransfers() async throws {
        let directory = try TemporaryDirectory("webhook")
        let listener = try await WebhookListener.start([.init(status: 200)], in: directory)
        defer { listener.stop() }
        // An hour of idle age: on a loaded CI machine the gap between two sends can exceed libcurl's default 118 s.
        let sender = WebhookSender(pool: try TransferPool(concurrency: 1), options: WebhookOptions(maxIdleConnectionAge: .seconds(3600)),
                                   clock: FixedClock(instant))
        let endpoint = try WebhookEndpoint(url: listener.url, secret: .generate())

        for index in 0..<10 {
            let attempt = await sender.send(try message(id: "msg_\(index)"), to: endpoint)
            #expect(attempt.outcome == .delivered)
        }

        let requests = try listener.requests()
        #expect(requests.count == 10)
        #expect(Set(requests.map(\.client_port)).count == 1, "one worker, one kept-alive connection")
    }

    @Test func aConnectionIdleForLongerThanItsMaximumAgeIsNotReused() async throws {
        let directory = try TemporaryDirectory("webhook")
        let listener = try await WebhookListener.start([.init(status: 200)], in: directory)
        defer { listener.stop() }
        let sender = WebhookSender(pool: try TransferPool(concurrency: 1), options: WebhookOptions(maxIdleConnectionAge: .seconds(1)),
                                   clock: FixedClock(instant))
        let endpoint = try WebhookEndpoint(url: listener.url, secret: .generate())

        #expect(await sender.send(try message(id: "msg_a"), to: endpoint).outcome == .delivered)
        try await Task.sleep(for: .milliseconds(2500))
        #expect(await sender.send(try message(id: "msg_b"), to: endpoint).outcome == .delivered)

        let requests = try listener.requests()
        #expect(requests.count == 2)
        #expect(Set(requests.map(\.client_port)).count == 2, "the idle connection was older than its maximum age")
    }

    @Test func manyConcurrentSendsAllArrive() async throws {
        let directory = try TemporaryDirectory("webhook")
        let listener = try await WebhookListener.start([.init(status: 200)], in: directory)
        defer { listener.stop() }
        let sender = WebhookSender(pool: try TransferPool(concurrency: 4), clock: FixedClock(instant))
        let endpoint = try WebhookEndpoint(url: listener.url, secret: try WebhookSecret(secretText))
        let messages = try (0..<60).map { try message(id: "msg_\($0)") }

        let outcomes = await withTaskGroup(of: WebhookOutcome.self) { group in
            for message in messages {
                group.addTask { await sender.send(message, to: endpoint).outcome }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }

        #expect(outcomes.count == 60)
        #expect(outcomes.allSatisfy { $0 == .delivered })
        let requests = try listener.requests()
        #expect(Set(requests.compactMap { $0.header("webhook-id") }) == Set(messages.map(\.id)))
        #expect(requests.allSatisfy { signatureIsValid($0, secretText: secretText) })
    }
}
