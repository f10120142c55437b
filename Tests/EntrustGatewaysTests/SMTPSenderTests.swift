@testable import EntrustTestSupport
import EntrustCore
import EntrustGateways
import Foundation
import Testing

/// Email deliveries to a real SMTP server (aiosmtpd) on 127.0.0.1.
@Suite struct SMTPSenderTests {
    let instant = Date(timeIntervalSince1970: 1_710_464_400) // 2024-03-15 08:00 in Hà Nội
    let subject = "Nhắc việc: Kiểm tra sử dụng vốn vay — hạn 15/03"
    let text = "Kính gửi Hội Nông dân xã Đông Sơn,\nTổ TK&VV TS-G07 cần kiểm tra sử dụng vốn vay trước ngày 15/03/2024.\nTrân trọng."
    let html = "<p>Kính gửi <b>Hội Nông dân xã Đông Sơn</b>,</p><p>Tổ TK&amp;VV TS-G07 cần kiểm tra sử dụng vốn vay trước ngày 15/03/2024.</p>"

    func config(port: Int, scheme: String = "smtp", allowPlaintext: Bool = false, caFile: String? = nil,
                user: String? = nil, password: String? = nil) throws -> SMTPConfig {
        var environment = [
            "ENTRUST_SMTP_URL": "\(scheme)://127.0.0.1:\(port)",
            "ENTRUST_SMTP_FROM": "Nhắc việc NHCSXH <nhacviec@vbsp.example.vn>",
        ]
        if allowPlaintext { environment["ENTRUST_SMTP_ALLOW_PLAINTEXT"] = "1" }
        environment["ENTRUST_SMTP_CA_FILE"] = caFile
        environment["ENTRUST_SMTP_USER"] = user
        environment["ENTRUST_SMTP_PASSWORD"] = password
        return try SMTPConfig.fromEnvironment(environment)
    }

    func message(to addresses: [String] = ["hnd.dongson@example.vn"]) throws -> EmailMessage {
        EmailMessage(id: "msg_0001", to: try addresses.map { try EmailAddress($0, name: "Hội Nông dân xã Đông Sơn") },
                     subject: subject, text: text, html: html, language: .vi)
    }

    func normalized(_ text: String) -> String { text.replacingOccurrences(of: "\r\n", with: "\n") }

    @Test func vietnameseSubjectAndBodiesArriveIntact() async throws {
        let directory = try TemporaryDirectory("smtp")
        let server = try await SMTPTestServer.start(in: directory)
        defer { server.stop() }
        let sender = SMTPSender(config: try config(port: server.port, allowPlaintext: true),
                                pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))

        let results = try await sender.send(try message())

        try #require(results.count == 1)
        guard case let .delivered(reply) = results[0].outcome else {
            Issue.record("expected delivery, got \(results[0].outcome)")
            return
        }
        #expect(reply.hasPrefix("250 OK queued as 0"))
        #expect(results[0].replyCode == 250)
        let envelope = try #require(try server.envelopes().first)
        #expect(envelope.mail_from == "nhacviec@vbsp.example.vn")
        #expect(envelope.rcpt_tos == ["hnd.dongson@example.vn"])

        let decoded = try server.decoded(0)
        #expect(decoded.defects.isEmpty)
        #expect(decoded.subject == subject)
        #expect(decoded.from == "Nhắc việc NHCSXH <nhacviec@vbsp.example.vn>")
        #expect(decoded.to == "Hội Nông dân xã Đông Sơn <hnd.dongson@example.vn>")
        #expect(decoded.date == "Fri, 15 Mar 2024 08:00:00 +0700")
        #expect(decoded.message_id == "<msg_0001@vbsp.example.vn>")
        #expect(decoded.mime_version == "1.0")
        #expect(decoded.content_language == "vi")
        #expect(decoded.content_type == "multipart/alternative")
        #expect(decoded.parts.map(\.content_type) == ["text/plain", "text/html"])
        #expect(decoded.parts.allSatisfy { $0.charset == "utf-8" && $0.transfer_encoding == "base64" })
        #expect(normalized(decoded.parts[0].content) == text)
        #expect(normalized(decoded.parts[1].content) == html)
    }

    @Test func rawMessageHasCRLFLinesWithinLimits() async throws {
        let directory = try TemporaryDirectory("smtp")
        let server = try await SMTPTestServer.start(in: directory)
        defer { server.stop() }
        let sender = SMTPSender(config: try config(port: server.port, allowPlaintext: true),
                                pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))
        var long = try message()
        long.subject = String(repeating: "Thông báo họp tổ tiết kiệm và vay vốn — ", count: 4)
        long.text = String(repeating: "Nội dung dài để kiểm tra độ dài dòng. ", count: 40)

        let results = try await sender.send(long)

        #expect(results.map(\.outcome.isRetryable) == [false])
        let raw = try #require(try server.rawMessages().first)
        let text = String(decoding: raw, as: UTF8.self)
        #expect(raw.allSatisfy { $0 < 0x80 }, "the wire format is 7-bit ASCII")
        let lines = text.components(separatedBy: "\r\n")
        #expect(!lines.contains { $0.contains("\n") || $0.contains("\r") }, "only CRLF line endings")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 }, "\(lines.filter { $0.utf8.count > 76 })")
        let words = text.matches(of: /=\?UTF-8\?B\?[A-Za-z0-9+\/=]*\?=/).map { String($0.output) }
        #expect(words.count > 3)
        for word in words {
            #expect(word.count <= 75)
            // Each encoded-word must decode to whole characters on its own.
            let payload = word.dropFirst(10).dropLast(2)
            let bytes = try #require(Data(base64Encoded: String(payload)))
            #expect(String(validating: bytes, as: UTF8.self) != nil, "\(word) splits a character")
        }
        #expect(try server.decoded(0).subject == long.subject)
    }

    @Test func rejectedRecipientIsPermanentWithTheServersReply() async throws {
        let directory = try TemporaryDirectory("smtp")
        let server = try await SMTPTestServer.start(in: directory, rcptReplies: ["nobody@example.vn": "550 5.1.1 <nobody@example.vn>: Recipient address rejected"])
        defer { server.stop() }
        let sender = SMTPSender(config: try config(port: server.port, allowPlaintext: true),
                                pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))

        let results = try await sender.send(try message(to: ["nobody@example.vn", "hnd.dongson@example.vn"]))

        try #require(results.count == 2)
        #expect(results[0].recipient.address == "nobody@example.vn")
        guard case let .permanent(code, reason) = results[0].outcome else {
            Issue.record("expected a permanent failure, got \(results[0].outcome)")
            return
        }
        #expect(code == 550)
        #expect(reason.contains("550 5.1.1 <nobody@example.vn>: Recipient address rejected"))
        if case .delivered = results[1].outcome {} else { Issue.record("second recipient: \(results[1].outcome)") }
        #expect(try server.envelopes().map(\.rcpt_tos) == [["hnd.dongson@example.vn"]])
    }

    @Test func temporaryRejectionIsRetried() async throws {
        let directory = try TemporaryDirectory("smtp")
        let server = try await SMTPTestServer.start(in: directory, rcptReplies: ["hnd.dongson@example.vn": "451 4.7.1 Greylisted, try again later"])
        defer { server.stop() }
        let sender = SMTPSender(config: try config(port: server.port, allowPlaintext: true),
                                pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))

        let results = try await sender.send(try message())

        #expect(results.map(\.outcome) == [.transient(code: 451, reason: "451 4.7.1 Greylisted, try again later (RCPT failed: 451)")])
    }

    @Test func rejectedDataIsPermanent() async throws {
        let directory = try TemporaryDirectory("smtp")
        let server = try await SMTPTestServer.start(in: directory, dataReply: "554 5.7.1 Message refused by policy")
        defer { server.stop() }
        let sender = SMTPSender(config: try config(port: server.port, allowPlaintext: true),
                                pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))

        let results = try await sender.send(try message())

        guard case let .permanent(code, reason) = results.first?.outcome else {
            Issue.record("expected a permanent failure, got \(results)")
            return
        }
        #expect(code == 554)
        #expect(reason.contains("554 5.7.1 Message refused by policy"))
        #expect(try server.rawMessages().isEmpty)
    }

    @Test func plaintextServerIsRefusedUnlessAllowed() async throws {
        let directory = try TemporaryDirectory("smtp")
        let server = try await SMTPTestServer.start(in: directory)
        defer { server.stop() }
        let pool = try TransferPool(concurrency: 1)

        let refused = try await SMTPSender(config: try config(port: server.port), pool: pool, clock: FixedClock(instant))
            .send(try message())

        try #require(refused.count == 1)
        guard case let .transient(_, reason) = refused[0].outcome else {
            Issue.record("expected a refusal, got \(refused[0].outcome)")
            return
        }
        #expect(reason.contains("STARTTLS"))
        #expect(reason.contains("ENTRUST_SMTP_ALLOW_PLAINTEXT=1"))
        #expect(try server.rawMessages().isEmpty)
    }

    @Test func startTLSWithConfiguredCAFileDelivers() async throws {
        let directory = try TemporaryDirectory("smtp-tls")
        let certificate = try SelfSignedCertificate(in: directory)
        let server = try await SMTPTestServer.start(in: directory, tls: .startTLS(certificate))
        defer { server.stop() }
        let sender = SMTPSender(config: try config(port: server.port, caFile: certificate.certificatePath),
                                pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))

        let results = try await sender.send(try message())

        if case .delivered = results.first?.outcome {} else { Issue.record("expected delivery, got \(results)") }
        #expect(try server.envelopes().map(\.tls) == [true])
        #expect(try server.decoded(0).subject == subject)
    }

    @Test func startTLSWithUntrustedCertificateFailsVerification() async throws {
        let directory = try TemporaryDirectory("smtp-tls")
        let certificate = try SelfSignedCertificate(in: directory)
        let server = try await SMTPTestServer.start(in: directory, tls: .startTLS(certificate))
        defer { server.stop() }
        let sender = SMTPSender(config: try config(port: server.port), pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))

        let results = try await sender.send(try message())

        guard case let .transient(_, reason) = results.first?.outcome else {
            Issue.record("an untrusted certificate must not be accepted, got \(results)")
            return
        }
        #expect(reason.contains("TLS"))
        #expect(reason.contains("ENTRUST_SMTP_CA_FILE"))
        #expect(try server.rawMessages().isEmpty)
    }

    @Test func implicitTLSDelivers() async throws {
        let directory = try TemporaryDirectory("smtp-tls")
        let certificate = try SelfSignedCertificate(in: directory)
        let server = try await SMTPTestServer.start(in: directory, tls: .implicit(certificate))
        defer { server.stop() }
        let config = try config(port: server.port, scheme: "smtps", caFile: certificate.certificatePath)
        #expect(config.security == .implicitTLS)
        let sender = SMTPSender(config: config, pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))

        let results = try await sender.send(try message())

        if case .delivered = results.first?.outcome {} else { Issue.record("expected delivery, got \(results)") }
        #expect(try server.decoded(0).parts.count == 2)
    }

    @Test func authenticationOverStartTLSAndWrongPasswordNeverLeaks() async throws {
        let directory = try TemporaryDirectory("smtp-auth")
        let certificate = try SelfSignedCertificate(in: directory)
        let password = "mật-khẩu-Đúng-9431"
        let server = try await SMTPTestServer.start(in: directory, tls: .startTLS(certificate), auth: ("nhacviec", password))
        defer { server.stop() }
        let pool = try TransferPool(concurrency: 1)

        let good = try config(port: server.port, caFile: certificate.certificatePath, user: "nhacviec", password: password)
        let accepted = try await SMTPSender(config: good, pool: pool, clock: FixedClock(instant)).send(try message())
        let wrongPassword = "sai-mat-khau-7781"
        let bad = try config(port: server.port, caFile: certificate.certificatePath, user: "nhacviec", password: wrongPassword)
        let refused = try await SMTPSender(config: bad, pool: pool, clock: FixedClock(instant)).send(try message())

        if case .delivered = accepted.first?.outcome {} else { Issue.record("expected delivery, got \(accepted)") }
        #expect(try server.envelopes().map(\.authenticated) == [true])
        // A refused login is a configuration mistake: the message is kept for retry, not dead-lettered.
        guard case let .transient(code, reason) = refused.first?.outcome else {
            Issue.record("expected a retryable failure, got \(refused)")
            return
        }
        #expect(code == 535)
        #expect(reason.contains("ENTRUST_SMTP_PASSWORD"))
        let texts = [String(describing: refused), String(reflecting: refused), refused[0].errorText ?? "",
                     String(describing: good), String(describing: bad)]
        for text in texts {
            #expect(!text.contains(password) && !text.contains(wrongPassword), "password leaked in: \(text)")
        }
    }

    @Test func unreachableServerIsRetried() async throws {
        let sender = SMTPSender(config: try config(port: 1, allowPlaintext: true), pool: try TransferPool(concurrency: 1), clock: FixedClock(instant))

        let results = try await sender.send(try message())

        #expect(results.count == 1)
        #expect(results[0].outcome.isRetryable)
        #expect(results[0].errorText?.isEmpty == false)
    }
}
