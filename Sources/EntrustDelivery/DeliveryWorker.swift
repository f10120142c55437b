import EntrustCore
import EntrustGateways
import EntrustStore
import Foundation
import Synchronization

/// The outbox worker: claims due messages, renders them, sends them through the gateways (whose
/// blocking transfers run on the `TransferPool`'s own threads), records each attempt, and retries
/// with backoff or dead-letters.
public struct DeliveryWorker: Sendable {
    /// How the worker behaves.
    public struct Configuration: Sendable {
        /// Messages claimed per transaction.
        public var batchSize: Int
        /// Sends in flight at once (match the transfer pool's size).
        public var concurrency: Int
        /// How long a claimed message stays leased; after that another worker rescues it.
        /// Keep it well above the gateways' total timeouts.
        public var lease: Duration
        public var backoff: BackoffSchedule
        /// Names the worker in leases: by default `ReplicaIdentity.current` (`host:pid:random`), unique per process.
        public var workerID: String
        /// While they last, only urgent messages are claimed on their channels; the others wait (a message
        /// planned for 20:00 but held up by an outage does not go out at 23:00).
        public var quietHours: QuietHours?
        /// Outcomes recorded per transaction: when this many are waiting, or the oldest has waited `recordWithin`.
        /// A crash between a send and its record sends that message again (same webhook-id) once its lease runs out,
        /// so a larger number trades commits for repeats after a crash.
        public var recordEvery: Int
        public var recordWithin: Duration

        public init(batchSize: Int = 50, concurrency: Int = 4, lease: Duration = .seconds(120),
                    backoff: BackoffSchedule = .standard, workerID: String = ReplicaIdentity.current,
                    quietHours: QuietHours? = nil, recordEvery: Int = 50, recordWithin: Duration = .milliseconds(500)) {
            self.quietHours = quietHours
            self.recordEvery = max(1, recordEvery)
            self.recordWithin = recordWithin
            self.batchSize = batchSize
            self.concurrency = concurrency
            self.lease = lease
            self.backoff = backoff
            self.workerID = workerID
        }
    }

    public let outbox: OutboxStore
    public let endpoints: EndpointStore
    public let webhook: WebhookSender
    /// Nil when no SMTP server is configured: email messages then stay in the outbox.
    public let mail: SMTPSender?
    public let templates: NotificationTemplates
    public let clock: any Clock
    public let jitter: any JitterSource
    public let configuration: Configuration
    /// One line per finished message, for the operator. Never given secrets or message bodies.
    public let log: @Sendable (String) -> Void

    public init(outbox: OutboxStore, endpoints: EndpointStore, webhook: WebhookSender, mail: SMTPSender?,
                templates: NotificationTemplates, clock: any Clock, jitter: any JitterSource = SystemJitter(),
                configuration: Configuration = Configuration(), log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.outbox = outbox
        self.endpoints = endpoints
        self.webhook = webhook
        self.mail = mail
        self.templates = templates
        self.clock = clock
        self.jitter = jitter
        self.configuration = configuration
        self.log = log
    }

    var channels: [ReminderChannel] { mail == nil ? [.webhook] : [.webhook, .email] }

    // MARK: - Running

    /// Claims one batch and delivers it. An empty report means nothing was due.
    public func runBatch() async throws -> DeliveryReport {
        let now = clock.now()
        var urgentOnly: [ReminderChannel] = []
        if let quiet = configuration.quietHours, quiet.release(now, channel: .email, urgent: false) != now
            || quiet.release(now, channel: .webhook, urgent: false) != now {
            urgentOnly = quiet.channels
        }
        let claimed = try await outbox.claim(limit: configuration.batchSize, channels: channels, urgentOnly: urgentOnly,
                                             worker: configuration.workerID, lease: configuration.lease, now: now)
        var report = DeliveryReport()
        report.claimed = claimed.count
        guard !claimed.isEmpty else { return report }
        let limit = max(1, configuration.concurrency)
        // Outcomes are recorded together: when `recordEvery` are waiting, or the oldest has waited `recordWithin`, and
        // at the end of the batch. A failed task (the database went away mid-batch) is rethrown once what is waiting
        // has been recorded, so that finished sends are not sent again.
        var waiting: [Attempted] = []
        var oldest = ContinuousClock.now
        var failure: (any Error)?
        let signings = EndpointSignings()
        func record() async throws {
            guard !waiting.isEmpty else { return }
            let batch = waiting
            waiting.removeAll(keepingCapacity: true)
            report.add(try await self.record(batch))
        }
        try await withThrowingTaskGroup(of: Result<Attempted, any Error>.self) { group in
            var next = 0
            while next < claimed.count && next < limit {
                let message = claimed[next]
                group.addTask { await attemptResult(message, signings: signings) }
                next += 1
            }
            while let done = try await group.next() {
                switch done {
                case let .success(attempted):
                    if waiting.isEmpty { oldest = .now }
                    waiting.append(attempted)
                case let .failure(error):
                    failure = failure ?? error
                }
                if waiting.count >= configuration.recordEvery || ContinuousClock.now - oldest >= configuration.recordWithin {
                    try await record()
                }
                if next < claimed.count && failure == nil {
                    let message = claimed[next]
                    group.addTask { await attemptResult(message, signings: signings) }
                    next += 1
                }
            }
        }
        try await record()
        if let failure { throw failure }
        return report
    }

    /// Delivers batches until nothing is due (`entrust deliver --once`), or until `stop` is requested.
    public func drain(stop: StopSignal? = nil) async throws -> DeliveryReport {
        var total = DeliveryReport()
        while stop?.isRequested != true {
            let report = try await runBatch()
            total.add(report)
            if report.claimed == 0 { break }
        }
        return total
    }

    /// Runs until `stop` is requested: delivers whatever is due, then waits `pollInterval` and looks
    /// again. A stop lets the batch in flight finish; nothing new is claimed after it. A database kept busy by
    /// another process (a long import) only delays the next look; other errors end the run.
    public func run(until stop: StopSignal, pollInterval: Duration = .seconds(1)) async throws -> DeliveryReport {
        var total = DeliveryReport()
        while !stop.isRequested {
            do {
                total.add(try await drain(stop: stop))
            } catch where StoreError.isBusy(error) {
                log(Self.busyNotice)
            }
            var waited = Duration.zero
            while waited < pollInterval && !stop.isRequested {
                let step = min(pollInterval - waited, .milliseconds(100))
                try? await Task.sleep(for: step)
                waited += step
            }
        }
        return total
    }

    /// What the worker says when another process kept the database locked past the busy timeout.
    public static let busyNotice = "the database is busy (another process, such as a long import, is writing); delivering again shortly"

    // MARK: - One message

    /// One message sent (or given up on), not yet recorded.
    struct Attempted: Sendable {
        var message: OutboxMessage
        var attempt: OutboxAttempt
        var outcome: Outcome
    }

    /// Renders and sends one message; what happened is recorded by `record`.
    func attempt(_ message: OutboxMessage, signings: EndpointSignings) async throws -> Attempted {
        let started = clock.now()
        let outcome: Outcome
        do {
            let payload = try message.payload()
            if message.channel == ReminderChannel.email.rawValue {
                outcome = try await sendEmail(message, payload)
            } else {
                outcome = try await sendWebhook(message, payload, signings: signings)
            }
        } catch let error as DeliveryError {
            outcome = Outcome(decision: .dead(reason: error.description), code: nil, reply: nil, error: error.description, label: "dead")
        } catch let error as GatewayError {
            outcome = Outcome(decision: .dead(reason: error.description), code: nil, reply: nil, error: error.description, label: "dead")
        } catch let error as DecodingError {
            let reason = "the stored payload cannot be read: \(error)"
            outcome = Outcome(decision: .dead(reason: reason), code: nil, reply: nil, error: reason, label: "dead")
        }
        let now = clock.now()
        let attempt = OutboxAttempt(number: message.attempts, startedAt: VietnamTime.iso8601(started),
                                    durationMs: outcome.durationMs ?? Int64((now.timeIntervalSince(started) * 1000).rounded()),
                                    responseCode: outcome.code, reply: outcome.reply, error: outcome.error, outcome: outcome.label)
        return Attempted(message: message, attempt: attempt, outcome: outcome)
    }

    func attemptResult(_ message: OutboxMessage, signings: EndpointSignings) async -> Result<Attempted, any Error> {
        do { return .success(try await attempt(message, signings: signings)) } catch { return .failure(error) }
    }

    /// Records outcomes in one transaction, then logs them.
    func record(_ attempted: [Attempted]) async throws -> DeliveryReport {
        try await outbox.finish(attempted.map { OutboxStore.Finished(message: $0.message, attempt: $0.attempt, decision: $0.outcome.decision) },
                                worker: configuration.workerID, now: clock.now())
        var report = DeliveryReport()
        for item in attempted {
            switch item.outcome.decision {
            case .sent: report.sent += 1
            case .retry: report.retrying += 1
            case .dead: report.dead += 1
            case .cancelled: report.cancelled += 1
            }
            if let gone = item.outcome.disabledEndpoint { report.disabledEndpoints.append(gone) }
            log(describe(item.message, item.outcome))
        }
        return report
    }

    struct Outcome: Sendable {
        var decision: OutboxStore.Decision
        var code: Int?
        var reply: String?
        var error: String?
        var label: String
        var durationMs: Int64?
        var disabledEndpoint: String?
    }

    func describe(_ message: OutboxMessage, _ outcome: Outcome) -> String {
        let target = message.channel == "webhook" ? "webhook \(message.endpoint ?? "?")" : "email \(message.recipient)"
        let code = outcome.code.map { " \($0)" } ?? ""
        switch outcome.decision {
        case .sent: return "sent \(message.id) \(message.eventType) → \(target)\(code), attempt \(message.attempts)"
        case let .retry(at, reason):
            return "retry \(message.id) → \(target)\(code): \(reason); next attempt \(VietnamTime.iso8601(at))"
        case let .dead(reason): return "dead \(message.id) → \(target)\(code): \(reason)"
        case let .cancelled(reason): return "cancelled \(message.id) → \(target): \(reason)"
        }
    }

    /// Retry later, or give up when the schedule is exhausted.
    func retryOrDie(_ message: OutboxMessage, reason: String, notBefore: Date?) -> OutboxStore.Decision {
        let now = clock.now()
        guard let delay = configuration.backoff.delay(afterAttempt: message.attempts, random: jitter.next()) else {
            return .dead(reason: "gave up after \(message.attempts) attempt\(message.attempts == 1 ? "" : "s"): \(reason)")
        }
        var at = now.addingTimeInterval(delay)
        if let notBefore, notBefore > at { at = notBefore }
        return .retry(at: at, reason: reason)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    // MARK: - Webhooks

    func sendWebhook(_ message: OutboxMessage, _ payload: OutboxPayload, signings: EndpointSignings) async throws -> Outcome {
        guard let endpointID = message.endpointRowID else {
            throw DeliveryError.render(template: "webhook", reason: "the message names no endpoint")
        }
        let signing = try await signings.signing(endpointID) { [endpoints, clock] in try await endpoints.signing(rowID: endpointID, now: clock.now()) }
        guard signing.enabled else {
            return Outcome(decision: .cancelled(reason: "endpoint \(signing.code) is disabled"), code: nil, reply: nil,
                           error: "endpoint \(signing.code) is disabled", label: "cancelled")
        }
        var fields = payload.data
        var rendered: RenderedMessage?
        if let template = payload.template {
            rendered = try templates.render(template, language: payload.language, data: payload.data, recipient: payload.recipient,
                                            html: false)
        }
        if let rendered {
            fields["subject"] = rendered.subject
            fields["message"] = rendered.text
        }
        if let person = payload.recipient {
            fields["recipient_code"] = person.code
            fields["recipient_name"] = person.name
            fields["recipient_language"] = person.language.rawValue
            if let phone = person.phone { fields["recipient_phone"] = phone }
            if let email = person.email { fields["recipient_email"] = email }
        }
        let body: [UInt8]
        if let template = signing.template {
            var context = NotificationTemplates.context(data: fields, language: payload.language, recipient: payload.recipient)
            context["type"] = message.eventType
            context["id"] = message.id
            context["timestamp"] = ISO8601DateFormatter().string(from: message.createdAtInstant)
            body = Array(try NotificationTemplates.renderBody(template, context: context).utf8)
        } else {
            body = try WebhookEnvelope.encode(type: message.eventType, timestamp: message.createdAtInstant, data: fields)
        }
        var secrets: [WebhookSecret] = []
        for text in signing.secrets { secrets.append(try WebhookSecret(text)) }
        let endpoint = try WebhookEndpoint(url: signing.url, secrets: secrets)
        let result = await webhook.send(try WebhookMessage(id: message.id, body: body, type: message.eventType), to: endpoint)
        let ms = Self.milliseconds(result.duration)
        switch result.outcome {
        case .delivered:
            return Outcome(decision: .sent, code: result.statusCode, reply: nil, error: nil, label: "sent", durationMs: ms)
        case .endpointGone:
            let reason = "the receiver answered 410 Gone; endpoint \(signing.code) was disabled"
            signings.disable(endpointID)
            let code = try await endpoints.disableGone(rowID: endpointID, reason: "HTTP 410 Gone at \(VietnamTime.iso8601(clock.now()))")
            return Outcome(decision: .dead(reason: reason), code: result.statusCode, reply: nil, error: reason, label: "gone",
                           durationMs: ms, disabledEndpoint: code)
        case let .retry(reason, retryAfter):
            let decision = retryOrDie(message, reason: reason, notBefore: retryAfter?.notBefore(receivedAt: clock.now()))
            return Outcome(decision: decision, code: result.statusCode, reply: nil, error: result.errorText ?? reason,
                           label: decision.isDead ? "dead" : "retry", durationMs: ms)
        case let .permanentFailure(reason):
            return Outcome(decision: .dead(reason: reason), code: result.statusCode, reply: nil, error: result.errorText ?? reason,
                           label: "dead", durationMs: ms)
        }
    }

    // MARK: - Email

    func sendEmail(_ message: OutboxMessage, _ payload: OutboxPayload) async throws -> Outcome {
        guard let mail else { throw DeliveryError.emailNotConfigured("set \(SMTPConfig.Key.url) and \(SMTPConfig.Key.from)") }
        guard let person = payload.recipient, let address = person.email, !address.isEmpty else {
            throw DeliveryError.render(template: payload.template ?? "email", reason: "the recipient \(message.recipient) has no email address")
        }
        guard let template = payload.template else {
            throw DeliveryError.render(template: "email", reason: "the message names no template")
        }
        let rendered = try templates.render(template, language: payload.language, data: payload.data, recipient: person)
        let email = EmailMessage(id: message.id, to: [try EmailAddress(address, name: person.name)], subject: rendered.subject,
                                 text: rendered.text, html: rendered.html, language: payload.language)
        guard let result = try await mail.send(email).first else {
            throw DeliveryError.render(template: template, reason: "no recipient")
        }
        let ms = Self.milliseconds(result.duration)
        switch result.outcome {
        case let .delivered(reply):
            return Outcome(decision: .sent, code: result.replyCode, reply: reply, error: nil, label: "sent", durationMs: ms)
        case let .transient(_, reason):
            let decision = retryOrDie(message, reason: reason, notBefore: nil)
            return Outcome(decision: decision, code: result.replyCode, reply: reason, error: result.errorText ?? reason,
                           label: decision.isDead ? "dead" : "retry", durationMs: ms)
        case let .permanent(_, reason):
            return Outcome(decision: .dead(reason: reason), code: result.replyCode, reply: reason, error: result.errorText ?? reason,
                           label: "dead", durationMs: ms)
        }
    }
}

extension OutboxStore.Decision {
    var isDead: Bool {
        if case .dead = self { return true }
        return false
    }
}

/// The endpoints' signing details (URL, secrets, body template) for one claimed batch: read once per endpoint, not
/// once per message (on PostgreSQL each read was a transaction of three round trips). A 410 marks its endpoint
/// disabled here at once, so the batch's other messages to it are cancelled as before; an endpoint disabled or
/// re-keyed by a person is seen from the next batch, seconds later.
final class EndpointSignings: Sendable {
    private let known = Mutex<[Int64: EndpointSigning]>([:])

    func signing(_ rowID: Int64, load: @Sendable () async throws -> EndpointSigning) async throws -> EndpointSigning {
        if let cached = known.withLock({ $0[rowID] }) { return cached }
        let loaded = try await load()
        return known.withLock { known in
            if let first = known[rowID] { return first }
            known[rowID] = loaded
            return loaded
        }
    }

    func disable(_ rowID: Int64) {
        known.withLock { $0[rowID]?.enabled = false }
    }
}
