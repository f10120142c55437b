@testable import EntrustTestSupport
import EntrustCore
import EntrustEngineTestSupport
import EntrustDelivery
import EntrustGateways
import EntrustStore
import Foundation
import Testing

/// The worker sending reminders to a real SMTP server (aiosmtpd) on 127.0.0.1.
@Suite struct EmailDeliveryTests {
    func config(port: Int, caFile: String? = nil) throws -> SMTPConfig {
        var environment = [
            "ENTRUST_SMTP_URL": "smtp://127.0.0.1:\(port)",
            "ENTRUST_SMTP_FROM": "Nhắc việc NHCSXH <nhacviec@vbsp.example.vn>",
        ]
        if caFile == nil { environment["ENTRUST_SMTP_ALLOW_PLAINTEXT"] = "1" }
        environment["ENTRUST_SMTP_CA_FILE"] = caFile
        return try SMTPConfig.fromEnvironment(environment)
    }

    @Test(arguments: TestEngine.enabled) func vietnameseReminderArrivesIntactInBothParts(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let server = try await SMTPTestServer.start(in: fixture.directory)
        defer { server.stop() }
        let id = try fixture.enqueue(channel: .email)
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }

        let report = try await fixture.worker(pool: pool, smtp: try config(port: server.port)).drain()

        #expect(report.sent == 1)
        let mail = try server.decoded(0)
        #expect(mail.subject == "Nhắc việc: Giao ban hằng tháng với ngân hàng — hạn 20/03/2024")
        #expect(mail.to.contains("huong@example.vn"))
        #expect(mail.message_id.contains(id))
        #expect(mail.content_type == "multipart/alternative")
        #expect(mail.content_language == "vi")
        #expect(mail.defects.isEmpty)
        #expect(mail.parts.map(\.content_type) == ["text/plain", "text/html"])
        #expect(mail.parts.allSatisfy { $0.charset?.lowercased() == "utf-8" })
        let text = try #require(mail.parts.first).content
        #expect(text.contains("Kính gửi Đặng Thu Hương,"))
        #expect(text.contains("Hội Nông dân xã Tân Sơn có việc cần hoàn thành theo hợp đồng ủy thác KB-TANSON-HND:"))
        #expect(mail.parts[1].content.contains("<p>Kính gửi Đặng Thu Hương,</p>"))
        let (message, attempts) = try fixture.message(id)
        #expect(message.state == "sent")
        #expect(attempts.first?.responseCode == 250)
        #expect(attempts.first?.reply?.isEmpty == false)
    }

    @Test(arguments: TestEngine.enabled) func aPersonReceivesTheirPreferredLanguage(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let server = try await SMTPTestServer.start(in: fixture.directory)
        defer { server.stop() }
        var person = DeliveryFixture.officer
        person.language = .en
        try fixture.enqueue(channel: .email, recipient: person)
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }

        _ = try await fixture.worker(pool: pool, smtp: try config(port: server.port)).drain()

        let mail = try server.decoded(0)
        #expect(mail.subject == "Reminder: Monthly meeting with the bank — due 20/03/2024")
        #expect(mail.content_language == "en")
        #expect(mail.parts.first?.content.contains("Dear Đặng Thu Hương,") == true)
    }

    @Test(arguments: TestEngine.enabled) func refusedRecipientIsDead(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let server = try await SMTPTestServer.start(in: fixture.directory, rcptReplies: ["huong@example.vn": "550 5.1.1 No such user"])
        defer { server.stop() }
        let id = try fixture.enqueue(channel: .email)
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }

        let report = try await fixture.worker(pool: pool, smtp: try config(port: server.port)).drain()

        #expect(report.dead == 1)
        let (message, attempts) = try fixture.message(id)
        #expect(message.state == "dead")
        #expect(message.lastError?.contains("No such user") == true || attempts.first?.responseCode == 550)
        #expect(attempts.first?.responseCode == 550)
        #expect(try server.rawMessages().isEmpty)
    }

    @Test(arguments: TestEngine.enabled) func temporaryRefusalIsRetried(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let server = try await SMTPTestServer.start(in: fixture.directory, rcptReplies: ["huong@example.vn": "451 4.3.0 Try again later"])
        defer { server.stop() }
        let id = try fixture.enqueue(channel: .email)
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }

        let report = try await fixture.worker(pool: pool, smtp: try config(port: server.port)).drain()

        #expect(report.retrying == 1)
        #expect(try fixture.message(id).message.state == "retrying")
    }

    @Test(arguments: TestEngine.enabled) func startTLSWithTheTestsOwnCertificateAuthority(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let certificate = try SelfSignedCertificate(in: fixture.directory)
        let server = try await SMTPTestServer.start(in: fixture.directory, tls: .startTLS(certificate))
        defer { server.stop() }
        let id = try fixture.enqueue(channel: .email)
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }

        let report = try await fixture.worker(pool: pool, smtp: try config(port: server.port, caFile: certificate.certificatePath)).drain()

        #expect(report.sent == 1)
        #expect(try server.envelopes().first?.tls == true)
        #expect(try fixture.message(id).message.state == "sent")
    }

    @Test(arguments: TestEngine.enabled) func withoutSMTPEmailWaitsInTheOutbox(engine: TestEngine) async throws {
        let fixture = try DeliveryFixture(engine: engine)
        let id = try fixture.enqueue(channel: .email)
        let pool = try TransferPool(concurrency: 1)
        defer { pool.shutdown() }

        let report = try await fixture.worker(pool: pool).drain()

        #expect(report.claimed == 0)
        #expect(try fixture.message(id).message.state == "available")
    }
}
