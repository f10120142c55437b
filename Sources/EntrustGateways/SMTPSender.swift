import CCurl
import EntrustCore
import Foundation

/// Sends emails over SMTP with libcurl, on a `TransferPool`'s threads.
///
/// Each recipient gets its own SMTP transaction (MAIL FROM, one RCPT TO, DATA) on the worker's
/// reused connection. That costs one round of commands per extra recipient but gives each
/// recipient its own reply code, which the libcurl on Debian 12 (7.88) cannot report per
/// recipient within one transaction. Reminders mostly go to one person anyway.
public struct SMTPSender: Sendable {
    public let config: SMTPConfig
    public let pool: TransferPool
    public let clock: any Clock

    public init(config: SMTPConfig, pool: TransferPool, clock: any Clock) {
        self.config = config
        self.pool = pool
        self.clock = clock
    }

    /// Renders `message` and tries to deliver it to each recipient once.
    /// - Returns: one result per recipient, in the order of `message.to`.
    /// - Throws: `GatewayError.invalidField` when the message cannot be rendered (nothing was sent).
    public func send(_ message: EmailMessage) async throws(GatewayError) -> [RecipientResult] {
        let mime = try MIMEMessage(message, from: config.from, date: clock.now())
        let envelopeFrom = (message.from ?? config.from).address
        let config = self.config
        let recipients = message.to
        do {
            return try await pool.run { easy in
                recipients.map { recipient in
                    Self.deliver(mime.bytes, from: envelopeFrom, to: recipient, config: config, on: easy)
                }
            }
        } catch {
            return recipients.map {
                RecipientResult(recipient: $0, outcome: .transient(code: nil, reason: error.description),
                                replyCode: nil, duration: .zero, errorText: error.description)
            }
        }
    }

    // MARK: - Transfer

    private static func deliver(_ bytes: [UInt8], from: String, to recipient: EmailAddress, config: SMTPConfig, on easy: CurlEasy) -> RecipientResult {
        let start = ContinuousClock.now
        let replies = ByteSink(limit: 16 * 1024)
        let upload = UploadSource(bytes)
        let recipients = CurlSList(["<\(recipient.address)>"])
        func result(_ outcome: MailOutcome, code: Int?, error: String?) -> RecipientResult {
            RecipientResult(recipient: recipient, outcome: outcome, replyCode: code, duration: ContinuousClock.now - start, errorText: error)
        }
        do {
            try easy.reset()
            try easy.set(CURLOPT_URL, config.url)
            try easy.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
            try easy.set(CURLOPT_CONNECTTIMEOUT_MS, config.connectTimeout.curlMilliseconds)
            try easy.set(CURLOPT_TIMEOUT_MS, config.totalTimeout.curlMilliseconds)
            switch config.security {
            case .implicitTLS, .startTLSRequired:
                try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
            case .plaintextAllowed:
                try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_TRY.rawValue))
            }
            if let caFile = config.caFile {
                try easy.set(CURLOPT_CAINFO, caFile)
            }
            if let username = config.username, let password = config.password {
                try easy.set(CURLOPT_USERNAME, username)
                try easy.set(CURLOPT_PASSWORD, password)
            }
            try easy.set(CURLOPT_MAIL_FROM, "<\(from)>")
            try easy.set(CURLOPT_MAIL_RCPT, list: recipients)
            try upload.attach(to: easy)
            // libcurl hands every SMTP server reply line to the header callback.
            try replies.attach(to: easy, callbackOption: CURLOPT_HEADERFUNCTION, dataOption: CURLOPT_HEADERDATA)
        } catch {
            return result(.transient(code: nil, reason: error.description), code: nil, error: error.description)
        }
        let code = withExtendedLifetime((replies, upload, recipients)) { easy.perform() }
        let replyCode = easy.responseCode
        let reply = lastReply(replies.bytes, code: replyCode)

        if code == CURLE_OK {
            return result(.delivered(reply: reply ?? "\(replyCode)"), code: replyCode, error: nil)
        }
        let errorText = easy.errorText(code)
        switch code {
        case CURLE_USE_SSL_FAILED:
            let reason = "the server at \(config.url) does not offer STARTTLS, so the message was not sent in plaintext; "
                + "use an smtps:// URL or a server with STARTTLS, or set \(SMTPConfig.Key.allowPlaintext)=1 to allow plaintext (only for a trusted local relay)"
            return result(.transient(code: nil, reason: reason), code: nil, error: errorText)
        case CURLE_LOGIN_DENIED:
            // A wrong password is a deployment mistake, not the recipient's: keep the messages for the fix.
            let reason = "the mail server refused the login\(reply.map { " (\($0))" } ?? ""); check \(SMTPConfig.Key.user) and \(SMTPConfig.Key.password)"
            return result(.transient(code: nonZero(replyCode), reason: reason), code: nonZero(replyCode), error: errorText)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE:
            let hint = config.caFile == nil ? "; if the server uses a private CA, set \(SMTPConfig.Key.caFile)" : ""
            return result(.transient(code: nil, reason: "TLS with the mail server failed: \(errorText)\(hint)"), code: nil, error: errorText)
        case CURLE_OPERATION_TIMEDOUT:
            return result(.transient(code: nil, reason: "timed out: \(errorText)"), code: nil, error: errorText)
        default:
            break
        }
        let reason = reply.map { "\($0) (\(errorText))" } ?? errorText
        switch replyCode {
        case 400..<500:
            return result(.transient(code: replyCode, reason: reason), code: replyCode, error: errorText)
        case 500..<600:
            return result(.permanent(code: replyCode, reason: reason), code: replyCode, error: errorText)
        default:
            return result(.transient(code: nonZero(replyCode), reason: reason), code: nonZero(replyCode), error: errorText)
        }
    }

    private static func nonZero(_ code: Int) -> Int? { code == 0 ? nil : code }

    /// The server's last reply with the given code, multi-line replies joined: `550 5.1.1 <…>: no such user`.
    private static func lastReply(_ bytes: [UInt8], code: Int) -> String? {
        let lines = String(decoding: bytes, as: UTF8.self)
            .split(whereSeparator: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
            .map(String.init)
        guard code > 0 else { return lines.last }
        let prefix = String(code)
        var group: [String] = []
        for line in lines.reversed() {
            guard line.hasPrefix(prefix) else {
                if group.isEmpty { continue } else { break }
            }
            group.insert(line, at: 0)
        }
        if group.isEmpty { return lines.last }
        return group.enumerated().map { index, line in
            index == 0 ? line.replacingOccurrences(of: "\(prefix)-", with: "\(prefix) ", options: .anchored) : String(line.dropFirst(4))
        }.joined(separator: " ")
    }
}
