import ArgumentParser
import EntrustCore
import EntrustGateways
import EntrustStore
import Foundation

struct EmailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "email",
        abstract: "The email gateway.",
        discussion: """
            Configured by ENTRUST_SMTP_URL (smtps://host:465, or smtp://host:587 with STARTTLS required), \
            ENTRUST_SMTP_FROM, ENTRUST_SMTP_USER, ENTRUST_SMTP_PASSWORD, ENTRUST_SMTP_CA_FILE and, for a local relay \
            without TLS only, ENTRUST_SMTP_ALLOW_PLAINTEXT=1; or the same KEY=value lines in the file named by \
            ENTRUST_SMTP_CONFIG (the environment wins).
            """,
        subcommands: [Test.self])

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a test message with a Vietnamese subject and print the server's reply.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The address to send to.") var to: String

        func run() async throws {
            try await guardedAsync {
                guard let config = try global.smtpConfig() else {
                    throw GatewayError.missingSetting(key: SMTPConfig.Key.url, hint: "set it to smtps://host:465 or smtp://host:587, with ENTRUST_SMTP_FROM")
                }
                try CurlRuntime.initialize()
                let pool = try TransferPool(concurrency: 1)
                defer { pool.shutdown() }
                let clock = try global.clock()
                let message = EmailMessage(
                    to: [try EmailAddress(parsing: to)],
                    subject: "Thư thử nghiệm từ entrust — Ngân hàng Chính sách xã hội",
                    text: "Xin chào,\n\nĐây là thư thử nghiệm của entrust, gửi lúc \(VietnamTime.iso8601(clock.now())).\n\nThis is a test message from entrust.\n",
                    html: "<p>Xin chào,</p><p>Đây là thư thử nghiệm của <b>entrust</b>.</p><p lang=\"en\">This is a test message from entrust.</p>",
                    language: .vi)
                let results = try await SMTPSender(config: config, pool: pool, clock: clock).send(message)
                var failed = false
                for result in results {
                    switch result.outcome {
                    case let .delivered(reply):
                        print("\(result.recipient.address): \(global.language == .vi ? "máy chủ đã nhận" : "accepted"): \(reply)")
                    default:
                        failed = true
                        FileHandle.standardError.write(Data("error: \(result.recipient.address): \(result.outcome)\n".utf8))
                    }
                }
                if failed { throw ExitCode.failure }
            }
        }
    }
}
