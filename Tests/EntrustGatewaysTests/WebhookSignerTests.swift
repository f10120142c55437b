import EntrustGateways
import Foundation
import Testing

@Suite struct WebhookSignerTests {
    let now = Date(timeIntervalSince1970: 1_614_265_330)

    /// Known answer, recomputed independently with Python's hmac module: the example of the Standard Webhooks spec.
    @Test func matchesTheStandardWebhooksExample() throws {
        let secret = try WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let body = Array(#"{"test": 2432232314}"#.utf8)

        let signature = WebhookSigner.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body, secret: secret)

        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func generatedSecretsAre32RandomBytesAndRoundTrip() throws {
        let first = WebhookSecret.generate()
        let second = WebhookSecret.generate()

        #expect(first.encoded.hasPrefix("whsec_"))
        #expect(Data(base64Encoded: String(first.encoded.dropFirst(6)))?.count == 32)
        #expect(first != second)
        #expect(try WebhookSecret(first.encoded) == first)
        #expect(first.description == "whsec_<redacted>")
    }

    @Test func malformedSecretsAreRefused() {
        #expect(throws: GatewayError.self) { try WebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") }
        #expect(throws: GatewayError.self) { try WebhookSecret("whsec_not base64!") }
        #expect(throws: GatewayError.self) { try WebhookSecret("whsec_c2hvcnQ=") } // 5 bytes
    }

    @Test func verifiesWhatItSigns() throws {
        let signer = WebhookSigner(secret: .generate())
        let body = Array(#"{"type":"obligation.due"}"#.utf8)
        let header = signer.signatureHeader(id: "msg_1", timestamp: 1_614_265_330, body: body)

        try signer.verify(id: "msg_1", timestamp: "1614265330", signatureHeader: header, body: body, now: now)
        #expect(throws: GatewayError.self) {
            try signer.verify(id: "msg_1", timestamp: "1614265330", signatureHeader: header, body: body + [0x20], now: now)
        }
        #expect(throws: GatewayError.self) {
            try signer.verify(id: "msg_2", timestamp: "1614265330", signatureHeader: header, body: body, now: now)
        }
        #expect(throws: GatewayError.self) {
            try signer.verify(id: "msg_1", timestamp: "1614265330", signatureHeader: header, body: body, now: now.addingTimeInterval(301))
        }
        #expect(throws: GatewayError.self) {
            try signer.verify(id: "msg_1", timestamp: "1614265330", signatureHeader: "v2,abc", body: body, now: now)
        }
    }

    @Test func receiverWithEitherRotatedSecretAccepts() throws {
        let old = WebhookSecret.generate()
        let new = WebhookSecret.generate()
        let body = Array("{}".utf8)
        let header = WebhookSigner(secrets: [old, new]).signatureHeader(id: "msg_1", timestamp: 1_614_265_330, body: body)

        #expect(header.split(separator: " ").count == 2)
        try WebhookSigner(secret: old).verify(id: "msg_1", timestamp: "1614265330", signatureHeader: header, body: body, now: now)
        try WebhookSigner(secret: new).verify(id: "msg_1", timestamp: "1614265330", signatureHeader: header, body: body, now: now)
        #expect(throws: GatewayError.self) {
            try WebhookSigner(secret: .generate()).verify(id: "msg_1", timestamp: "1614265330", signatureHeader: header, body: body, now: now)
        }
    }

    @Test func messageIdsThatCouldBreakAHeaderAreRefused() {
        #expect(throws: GatewayError.self) { try WebhookMessage(id: "msg 1", body: []) }
        #expect(throws: GatewayError.self) { try WebhookMessage(id: "msg_1\r\nx-evil: 1", body: []) }
        #expect(throws: GatewayError.self) { try WebhookMessage(id: "", body: []) }
        #expect(throws: GatewayError.self) { try WebhookEndpoint(url: "ftp://example.vn/hook", secret: .generate()) }
        #expect(throws: GatewayError.self) { try WebhookEndpoint(url: "https://example.vn/hook", secrets: []) }
    }
}

@Suite struct WebhookEnvelopeTests {
    struct Data1: Encodable {
        let zeta: String
        let alpha: Int
        let nested: [String: String]
    }

    @Test func keysAreInAStableOrder() throws {
        let timestamp = Date(timeIntervalSince1970: 1_710_464_400)
        let data = Data1(zeta: "Tổ \"TS-G07\"\n", alpha: 1, nested: ["b": "2", "a": "1"])

        let first = try WebhookEnvelope.encode(type: "obligation.due", timestamp: timestamp, data: data)
        let second = try WebhookEnvelope.encode(type: "obligation.due", timestamp: timestamp, data: data)

        #expect(first == second)
        #expect(String(decoding: first, as: UTF8.self) ==
            #"{"type":"obligation.due","timestamp":"2024-03-15T01:00:00Z","data":{"alpha":1,"nested":{"a":"1","b":"2"},"zeta":"Tổ \"TS-G07\"\n"}}"#)
        let parsed = try JSONSerialization.jsonObject(with: Foundation.Data(first)) as? [String: Any]
        #expect(parsed?["type"] as? String == "obligation.due")
    }

    @Test func controlCharactersInTheTypeAreEscaped() throws {
        let bytes = WebhookEnvelope.encode(type: "a\"b\u{1}", timestamp: Date(timeIntervalSince1970: 0), dataJSON: Array("null".utf8))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"type":"a\"b\u0001","timestamp":"1970-01-01T00:00:00Z","data":null}"#)
    }
}

@Suite struct RetryAfterTests {
    let expected = Date(timeIntervalSince1970: 784_111_777) // Sun, 06 Nov 1994 08:49:37 GMT

    @Test func parsesSecondsAndAllThreeHTTPDateForms() {
        #expect(RetryAfter(headerValue: "120") == .seconds(120))
        #expect(RetryAfter(headerValue: " 0 ") == .seconds(0))
        #expect(RetryAfter(headerValue: "Sun, 06 Nov 1994 08:49:37 GMT") == .date(expected))
        #expect(RetryAfter(headerValue: "Sunday, 06-Nov-94 08:49:37 GMT") == .date(expected))
        #expect(RetryAfter(headerValue: "Sun Nov  6 08:49:37 1994") == .date(expected))
    }

    @Test func ignoresGarbage() {
        #expect(RetryAfter(headerValue: "") == nil)
        #expect(RetryAfter(headerValue: "-5") == nil)
        #expect(RetryAfter(headerValue: "soon") == nil)
        #expect(RetryAfter(headerValue: "Sun, 31 Feb 1994 08:49:37 GMT") == nil)
    }

    @Test func aDateInThePastMeansNow() {
        let now = expected.addingTimeInterval(60)
        #expect(RetryAfter.date(expected).notBefore(receivedAt: now) == now)
        #expect(RetryAfter.seconds(30).notBefore(receivedAt: now) == now.addingTimeInterval(30))
    }
}
