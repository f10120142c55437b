import CCurl
import EntrustCore
import Foundation

/// Delivers signed webhooks over HTTP(S) with libcurl, on a `TransferPool`'s threads.
///
/// Each call is one attempt; retries and backoff belong to the outbox, which keeps the message
/// id stable and calls again. Every attempt gets a fresh `webhook-timestamp` from the clock
/// and a fresh signature over the same body bytes.
public struct WebhookSender: Sendable {
    public let pool: TransferPool
    public let options: WebhookOptions
    public let clock: any Clock

    public init(pool: TransferPool, options: WebhookOptions = WebhookOptions(), clock: any Clock) {
        self.pool = pool
        self.options = options
        self.clock = clock
    }

    /// Makes one delivery attempt and classifies its result. Never throws: every failure is an outcome.
    public func send(_ message: WebhookMessage, to endpoint: WebhookEndpoint) async -> WebhookAttempt {
        let timestamp = Int64(clock.now().timeIntervalSince1970.rounded(.down))
        let signature = WebhookSigner(secrets: endpoint.secrets)
            .signatureHeader(id: message.id, timestamp: timestamp, body: message.body)
        let request = PreparedRequest(
            url: endpoint.url,
            headers: [
                "content-type: application/json",
                "webhook-id: \(message.id)",
                "webhook-timestamp: \(timestamp)",
                "webhook-signature: \(signature)",
                // Without this libcurl may wait for "100 Continue" before sending larger bodies.
                "Expect:",
            ],
            body: message.body,
            options: options
        )
        do {
            return try await pool.run { easy in
                request.perform(on: easy).classified(timestamp: timestamp, options: request.options)
            }
        } catch {
            return WebhookAttempt(outcome: .retry(reason: error.description, retryAfter: nil),
                                  statusCode: nil, timestamp: timestamp, duration: .zero, errorText: error.description)
        }
    }
}

// MARK: - Transfer

/// Everything a worker thread needs, computed on the caller's side so the worker only does I/O.
private struct PreparedRequest: Sendable {
    let url: String
    let headers: [String]
    let body: [UInt8]
    let options: WebhookOptions

    func perform(on easy: CurlEasy) -> RawResponse {
        let start = ContinuousClock.now
        let sink = ByteSink(limit: max(options.reasonSnippetLength * 4, 256))
        let headerList = CurlSList(headers)
        do {
            try easy.reset()
            try easy.set(CURLOPT_URL, url)
            try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
            try easy.set(CURLOPT_CONNECTTIMEOUT_MS, options.connectTimeout.curlMilliseconds)
            try easy.set(CURLOPT_TIMEOUT_MS, options.totalTimeout.curlMilliseconds)
            try easy.set(CURLOPT_MAXAGE_CONN, max(1, Int(options.maxIdleConnectionAge.components.seconds)))
            if let caFile = options.caFile {
                try easy.set(CURLOPT_CAINFO, caFile)
            }
            try easy.set(CURLOPT_USERAGENT, options.userAgent)
            try easy.set(CURLOPT_HTTPHEADER, list: headerList)
            try sink.attach(to: easy, callbackOption: CURLOPT_WRITEFUNCTION, dataOption: CURLOPT_WRITEDATA)
            try easy.set(CURLOPT_POST, 1)
            try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
        } catch {
            return RawResponse(code: nil, setupError: error.description, status: 0, body: [], retryAfter: nil, location: nil,
                               duration: ContinuousClock.now - start, errorText: error.description)
        }
        // libcurl borrows CURLOPT_POSTFIELDS, so the bytes must stay pinned for the whole perform.
        // A non-empty buffer keeps the pointer non-NULL: NULL would make libcurl read stdin.
        let pinned = body.isEmpty ? [0] : body
        let code: CURLcode = pinned.withUnsafeBytes { bytes in
            guard entrust_setopt_pointer(easy.handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress)) == CURLE_OK else {
                return CURLE_FAILED_INIT
            }
            return withExtendedLifetime((sink, headerList)) { easy.perform() }
        }
        let status = easy.responseCode
        return RawResponse(
            code: code,
            setupError: nil,
            status: status,
            body: sink.bytes,
            retryAfter: status > 0 ? easy.responseHeader("Retry-After") : nil,
            location: status > 0 ? easy.responseHeader("Location") : nil,
            duration: ContinuousClock.now - start,
            errorText: code == CURLE_OK ? nil : easy.errorText(code)
        )
    }
}

/// What came back from libcurl, before classification.
private struct RawResponse {
    let code: CURLcode?
    let setupError: String?
    let status: Int
    let body: [UInt8]
    let retryAfter: String?
    let location: String?
    let duration: Duration
    let errorText: String?

    func classified(timestamp: Int64, options: WebhookOptions) -> WebhookAttempt {
        WebhookAttempt(outcome: outcome(options: options), statusCode: status > 0 ? status : nil,
                       timestamp: timestamp, duration: duration, errorText: errorText)
    }

    private func outcome(options: WebhookOptions) -> WebhookOutcome {
        if let setupError {
            // The same libcurl would refuse every message: keep them for a fixed deployment.
            return .retry(reason: setupError, retryAfter: nil)
        }
        guard let code, code == CURLE_OK else {
            return transferFailure(options: options)
        }
        let reason = "HTTP \(status)" + snippet(limit: options.reasonSnippetLength)
        switch status {
        case 200..<300:
            return .delivered
        case 410:
            return .endpointGone
        case 429, 500..<600:
            return .retry(reason: reason, retryAfter: retryAfter.flatMap(RetryAfter.init(headerValue:)))
        case 300..<400:
            let target = location.map { " to \($0.prefix(200))" } ?? ""
            return .permanentFailure(reason: "HTTP \(status) redirect\(target) not followed: update the endpoint URL")
        default:
            return .permanentFailure(reason: reason)
        }
    }

    private func transferFailure(options: WebhookOptions) -> WebhookOutcome {
        let text = errorText ?? "unknown libcurl failure"
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .retry(reason: "timed out (connect \(options.connectTimeout), total \(options.totalTimeout)): \(text)", retryAfter: nil)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .permanentFailure(reason: "unusable endpoint URL: \(text)")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR:
            // The receiver may renew its certificate; TLS verification itself is never relaxed.
            return .retry(reason: "TLS failed: \(text)", retryAfter: nil)
        default:
            return .retry(reason: "connection failed: \(text)", retryAfter: nil)
        }
    }

    /// `: <first bytes of the body>` with control characters flattened, or nothing for an empty body.
    private func snippet(limit: Int) -> String {
        guard !body.isEmpty, limit > 0 else { return "" }
        var text = String(decoding: body.prefix(limit), as: UTF8.self)
        text = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
            .trimmingCharacters(in: .whitespaces)
        let truncated = body.count > limit
        return text.isEmpty ? "" : ": " + text + (truncated ? "…" : "")
    }
}
