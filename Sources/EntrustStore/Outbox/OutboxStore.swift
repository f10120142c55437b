import EntrustCore
import Foundation

/// The durable outbox: enqueue in the caller's transaction, claim with a lease, record each attempt,
/// retry, dead-letter, rescue what a killed worker left behind. All SQL about messages lives here.
public struct OutboxStore: Sendable {
    public let database: AppDatabase

    public init(_ database: AppDatabase) { self.database = database }

    /// What the worker decided after one attempt.
    public enum Decision: Sendable, Equatable {
        case sent
        /// Try again at this instant.
        case retry(at: Date, reason: String)
        /// Give up, keeping the reason.
        case dead(reason: String)
        /// Not sent and not to be sent (its endpoint was disabled, say).
        case cancelled(reason: String)
    }

    // MARK: - Enqueueing

    /// Adds a message inside the caller's transaction, so that it commits or rolls back with
    /// whatever caused it. A message whose unique key is already present is left alone.
    /// - Returns: the new message's `msg_…` id, or nil when the key already existed.
    @discardableResult
    public static func enqueue(_ db: any StoreSession, _ draft: OutboxDraft, now: Date) throws -> String? {
        var endpointID: Int64?
        if let code = draft.endpoint {
            guard let id = try db.prepare(sql: "SELECT id FROM webhook_endpoint WHERE code = ?").fetchOne(Int64.self, arguments: [code]) else {
                throw StoreError.notFound(entity: "endpoint", key: code)
            }
            endpointID = id
        }
        let publicID = newMessageID()
        let payload = draft.payload.storedJSON
        let notBefore = max(draft.notBefore, now)
        // A cached statement: planning a national month enqueues over a million messages in one transaction.
        try db.prepare(sql: """
            INSERT INTO outbox_message (public_id, channel, recipient, endpoint_id, rule, subject, occurrence, event_type,
                                        payload_json, urgent, state, attempts, next_attempt_ms, created_at, created_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
            ON CONFLICT (rule, subject, occurrence, recipient, channel) DO NOTHING
            """).execute(arguments: [publicID, draft.channel.rawValue, draft.recipient, endpointID, draft.rule, draft.subject,
                             draft.occurrence, draft.eventType, payload, draft.urgent,
                             (notBefore > now ? OutboxState.scheduled : .available).rawValue,
                             milliseconds(notBefore), VietnamTime.iso8601(now), milliseconds(now)])
        return db.changesCount > 0 ? publicID : nil
    }

    /// Puts many drafts in the outbox, 100 rows per statement (one round trip on PostgreSQL instead of one per message);
    /// a draft whose key the outbox already holds is ignored, as with `enqueue(_:_:now:)`.
    /// - Parameter endpointIDs: the row id of every endpoint the drafts name.
    /// - Returns: how many emails and webhooks were added.
    static func enqueue(_ db: any StoreSession, _ drafts: [OutboxDraft], endpointIDs: [String: Int64],
                        now: Date) throws -> (emails: Int, webhooks: Int) {
        var added = (emails: 0, webhooks: 0)
        let created = VietnamTime.iso8601(now), createdMs = milliseconds(now)
        for chunk in drafts.chunked(into: 100) {
            var arguments = StoreArguments()
            arguments.values.reserveCapacity(chunk.count * 14)
            for draft in chunk {
                var endpointID: Int64?
                if let code = draft.endpoint {
                    guard let id = endpointIDs[code] else { throw StoreError.notFound(entity: "endpoint", key: code) }
                    endpointID = id
                }
                let notBefore = max(draft.notBefore, now)
                arguments += [newMessageID(), draft.channel.rawValue, draft.recipient, endpointID, draft.rule, draft.subject,
                              draft.occurrence, draft.eventType, draft.payload.storedJSON, draft.urgent,
                              (notBefore > now ? OutboxState.scheduled : OutboxState.available).rawValue, milliseconds(notBefore),
                              created, createdMs]
            }
            let rows = try db.prepare(sql: """
                INSERT INTO outbox_message (public_id, channel, recipient, endpoint_id, rule, subject, occurrence, event_type,
                                            payload_json, urgent, state, attempts, next_attempt_ms, created_at, created_ms)
                VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)", count: chunk.count).joined(separator: ", "))
                ON CONFLICT (rule, subject, occurrence, recipient, channel) DO NOTHING
                RETURNING channel
                """).fetchAll(arguments: arguments)
            for row in rows {
                if row["channel"] as String == ReminderChannel.email.rawValue { added.emails += 1 } else { added.webhooks += 1 }
            }
        }
        return added
    }

    /// `msg_` and 26 random base-32 characters: unguessable, header-safe, readable aloud.
    /// Two 64-bit draws give 26 × 5 bits (the last character carries the 3 bits left): one system call per two words,
    /// not one per character, which had been a twelfth of planning's time.
    static func newMessageID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next(), low = generator.next()
        var characters: [UInt8] = Array("msg_".utf8)
        characters.reserveCapacity(30)
        for index in 0..<26 {
            let bit = index * 5
            let value: UInt64
            if bit + 5 <= 64 {
                value = high >> UInt64(59 - bit)
            } else if bit >= 64 {
                value = bit + 5 <= 128 ? low >> UInt64(123 - bit) : low << UInt64(bit + 5 - 128)
            } else {
                value = (high << UInt64(bit + 5 - 64)) | (low >> UInt64(128 - bit - 5))
            }
            characters.append(Self.idAlphabet[Int(value & 31)])
        }
        return String(decoding: characters, as: UTF8.self)
    }

    static let idAlphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    // MARK: - The worker's side

    /// Puts back messages whose lease ran out while `sending` (their worker was killed or hung):
    /// they become `retrying`, due now, with the same id, and the lost attempt is recorded.
    /// - Returns: how many were rescued.
    @discardableResult
    public func rescueExpired(now: Date) async throws -> Int {
        try await database.asyncWrite { db in try Self.rescueExpired(db, now: now) }
    }

    static func rescueExpired(_ db: any StoreSession, now: Date) throws -> Int {
        let nowMs = milliseconds(now)
        let rows = try db.fetchAll(sql: """
            UPDATE outbox_message SET state = 'retrying', next_attempt_ms = ?1, lease_until_ms = NULL, leased_by = NULL,
                   last_error = 'the worker stopped during the send (lease expired); sending again with the same id'
            WHERE state = 'sending' AND lease_until_ms < ?1
            RETURNING id, attempts
            """, arguments: [nowMs])
        for row in rows {
            try db.execute(sql: """
                INSERT INTO outbox_attempt (message_id, number, started_at, duration_ms, error, outcome)
                VALUES (?, ?, ?, 0, 'no result: the worker stopped during the send (lease expired)', 'lease-expired')
                """, arguments: [row["id"] as Int64, row["attempts"] as Int, VietnamTime.iso8601(now)])
        }
        return rows.count
    }

    /// Atomically leases up to `limit` due messages to `worker` until `now + lease`, first rescuing
    /// expired leases. Each claim counts as an attempt, so a message that keeps killing its worker
    /// still runs out of attempts.
    /// - Parameter urgentOnly: channels on which only urgent messages may go now (quiet hours).
    public func claim(limit: Int, channels: [ReminderChannel], urgentOnly: [ReminderChannel] = [], worker: String, lease: Duration,
                      now: Date) async throws -> [OutboxMessage] {
        guard limit > 0, !channels.isEmpty else { return [] }
        let quiet = urgentOnly.isEmpty ? "" : " AND (urgent = TRUE OR channel NOT IN (\(urgentOnly.map { "'\($0.rawValue)'" }.joined(separator: ","))))"
        let nowMs = Self.milliseconds(now)
        let leaseMs = lease.components.seconds * 1000 + lease.components.attoseconds / 1_000_000_000_000_000
        let channelList = channels.map { "'\($0.rawValue)'" }.joined(separator: ",")
        return try await database.asyncWrite { db in
            _ = try Self.rescueExpired(db, now: now)
            let ids = try db.fetchAll(Int64.self, sql: """
                UPDATE outbox_message SET state = 'sending', attempts = attempts + 1, lease_until_ms = ?1, leased_by = ?2
                WHERE id IN (SELECT id FROM outbox_message
                             WHERE state IN ('scheduled','available','retrying') AND next_attempt_ms <= ?3
                               AND channel IN (\(channelList))\(quiet)
                             ORDER BY next_attempt_ms, id LIMIT ?4 \(db.dialect.forUpdateSkipLocked))
                RETURNING id
                """, arguments: [nowMs + leaseMs, worker, nowMs, limit])
            guard !ids.isEmpty else { return [] }
            return try db.fetchAll(OutboxMessage.self, sql: OutboxMessage.selection + " WHERE m.id IN (\(ids.map(String.init).joined(separator: ","))) ORDER BY m.next_attempt_ms, m.id")
        }
    }

    /// One finished attempt, to be recorded with `finish(_:worker:now:)`.
    public struct Finished: Sendable {
        public var message: OutboxMessage
        public var attempt: OutboxAttempt
        public var decision: Decision

        public init(message: OutboxMessage, attempt: OutboxAttempt, decision: Decision) {
            self.message = message
            self.attempt = attempt
            self.decision = decision
        }
    }

    /// Records one attempt and applies the decision, if the message is still leased to `worker`
    /// for this attempt. Otherwise (the lease expired and another worker took it) only the attempt
    /// is recorded.
    /// - Returns: whether the decision was applied.
    @discardableResult
    public func finish(_ message: OutboxMessage, worker: String, attempt: OutboxAttempt, decision: Decision, now: Date,
                       busyRetries: Int = 60) async throws -> Bool {
        try await finish([Finished(message: message, attempt: attempt, decision: decision)], worker: worker, now: now,
                         busyRetries: busyRetries) == 1
    }

    /// Records many attempts, and applies each decision whose message is still leased to `worker` for that attempt,
    /// in one transaction: the worker's outcomes for a batch cost one commit, not one each.
    ///
    /// The sends have already happened, so a database kept busy by another process (a long import) is waited out
    /// rather than given up on: a result that is not recorded would be sent again once the lease ran out.
    /// - Returns: how many decisions were applied.
    @discardableResult
    public func finish(_ results: [Finished], worker: String, now: Date, busyRetries: Int = 60) async throws -> Int {
        guard !results.isEmpty else { return 0 }
        var retries = 0
        while true {
            do {
                return try await database.asyncWrite { db in try Self.record(db, results, worker: worker, now: now) }
            } catch where StoreError.isBusy(error) && retries < busyRetries {
                retries += 1
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Rows per statement when recording: one multi-row INSERT for the attempts and one UPDATE … FROM (VALUES …) for
    /// the messages, so that a batch costs two statements (two round trips on PostgreSQL), not two per message.
    static let recordChunk = 100

    private static func record(_ db: any StoreSession, _ results: [Finished], worker: String, now: Date) throws -> Int {
        let finished = VietnamTime.iso8601(now)
        var applied = 0
        var start = 0
        while start < results.count {
            let chunk = results[start..<min(start + recordChunk, results.count)]
            start += chunk.count
            var attempts = StoreArguments()
            var decisions = StoreArguments()
            for result in chunk {
                let (message, attempt) = (result.message, result.attempt)
                attempts += [message.rowID, attempt.number, attempt.startedAt, attempt.durationMs, attempt.responseCode,
                             attempt.reply, attempt.error, attempt.outcome]
                let (state, nextMs, error, finishedAt): (OutboxState, Int64, String?, String?)
                switch result.decision {
                case .sent: (state, nextMs, error, finishedAt) = (.sent, message.nextAttemptMs, nil, finished)
                case let .retry(at, reason): (state, nextMs, error, finishedAt) = (.retrying, Self.milliseconds(at), reason, nil)
                case let .dead(reason): (state, nextMs, error, finishedAt) = (.dead, message.nextAttemptMs, reason, finished)
                case let .cancelled(reason): (state, nextMs, error, finishedAt) = (.cancelled, message.nextAttemptMs, reason, finished)
                }
                decisions += [message.rowID, state.rawValue, nextMs, error, finishedAt, message.attempts]
            }
            let attemptRows = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
            try db.execute(sql: """
                INSERT INTO outbox_attempt (message_id, number, started_at, duration_ms, response_code, reply, error, outcome)
                VALUES \(attemptRows)
                """, arguments: attempts)
            // VALUES columns are column1… on both engines. A decision applies only while the message is still leased
            // to this worker for this attempt; otherwise (its lease ran out and another worker took it) only the
            // attempt is kept.
            let decisionRows = Array(repeating: "(?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
            try db.execute(sql: """
                UPDATE outbox_message SET state = v.column2, next_attempt_ms = v.column3, last_error = v.column4,
                       finished_at = v.column5, lease_until_ms = NULL, leased_by = NULL
                FROM (VALUES \(decisionRows)) AS v
                WHERE outbox_message.id = v.column1 AND outbox_message.state = 'sending' AND outbox_message.leased_by = ?
                  AND outbox_message.attempts = v.column6
                """, arguments: decisions + [worker])
            applied += db.changesCount
        }
        return applied
    }

    /// Cancels the messages still waiting for a webhook endpoint (it was disabled).
    public static func cancelPending(_ db: any StoreSession, endpointID: Int64, reason: String, now: Date) throws -> Int {
        try db.execute(sql: """
            UPDATE outbox_message SET state = 'cancelled', last_error = ?, finished_at = ?
            WHERE endpoint_id = ? AND state IN ('scheduled','available','retrying')
            """, arguments: [reason, VietnamTime.iso8601(now), endpointID])
        return db.changesCount
    }

    // MARK: - People's side

    /// Messages, newest first.
    public func list(state: OutboxState? = nil, limit: Int = 100) throws -> [OutboxMessage] {
        var filter = SQLFilter()
        filter.add("m.state = ?", ifPresent: state?.rawValue)
        return try database.backend.read { db in
            try db.fetchAll(OutboxMessage.self, sql: OutboxMessage.selection + filter.clause + " ORDER BY m.id DESC LIMIT ?",
                            arguments: filter.arguments + [limit])
        }
    }

    /// How many messages are in each state.
    public func counts() throws -> [OutboxState: Int] {
        try database.backend.read { db in
            var counts: [OutboxState: Int] = [:]
            for row in try db.fetchAll(sql: "SELECT state, COUNT(*) AS n FROM outbox_message GROUP BY state") {
                if let state = OutboxState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// One message and its attempts, oldest first.
    public func show(_ id: String) throws -> (message: OutboxMessage, attempts: [OutboxAttempt]) {
        try database.backend.read { db in
            let message = try Self.message(db, id)
            let attempts = try db.fetchAll(OutboxAttempt.self, sql: """
                SELECT number, started_at, duration_ms, response_code, reply, error, outcome FROM outbox_attempt
                WHERE message_id = ? ORDER BY id
                """, arguments: [message.rowID])
            return (message, attempts)
        }
    }

    static func message(_ db: any StoreSession, _ id: String) throws -> OutboxMessage {
        guard let message = try db.fetchOne(OutboxMessage.self, sql: OutboxMessage.selection + " WHERE m.public_id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "outbox message", key: id)
        }
        return message
    }

    /// Sends a dead or cancelled message again, now, with a fresh retry schedule and the same id.
    public func retry(_ id: String, actor: Principal) throws -> OutboxMessage {
        let now = database.clock.now()
        return try database.backend.write { db in
            let before = try Self.message(db, id)
            guard before.state == OutboxState.dead.rawValue || before.state == OutboxState.cancelled.rawValue else {
                throw StoreError.rule("message \(id) is \(before.state); only dead or cancelled messages can be retried by hand")
            }
            if let endpoint = before.endpointRowID,
               try db.fetchOne(Bool.self, sql: "SELECT enabled FROM webhook_endpoint WHERE id = ?", arguments: [endpoint]) != true {
                throw StoreError.rule("endpoint \(before.endpoint ?? "?") is disabled; enable it first (entrust endpoints enable \(before.endpoint ?? "?"))")
            }
            try db.execute(sql: """
                UPDATE outbox_message SET state = 'available', attempts = 0, next_attempt_ms = ?, finished_at = NULL WHERE id = ?
                """, arguments: [Self.milliseconds(now), before.rowID])
            let after = try Self.message(db, id)
            try AuditLog.record(db, at: now, actor: actor, action: "retry", entity: "outbox_message", key: id,
                                before: ["state": before.state, "last_error": before.lastError ?? ""], after: ["state": after.state])
            return after
        }
    }

    // MARK: - Retention

    /// The states a message is pruned in: sent, and cancelled (by a person, or because its endpoint went away).
    /// Dead letters stay until someone retries or cancels them: pruning one would drop a reminder nobody received.
    public static let prunableStates = ["sent", "cancelled"]
    /// The shortest retention allowed: the planner never plans a rung whose day has passed, so a message whose
    /// scheduled time is a day old can go without being planned again.
    public static let minimumRetentionDays = 7

    /// Deletes sent and cancelled messages (and their attempts) whose scheduled time and finish are older than
    /// `retentionDays`, in transactions of at most `batchSize` messages, so that writers are never held up for long.
    /// Messages still to send, being sent, retrying or dead are never touched.
    /// - Parameter progress: called after each batch with the number pruned so far.
    /// - Returns: how many messages were pruned.
    @discardableResult
    public func prune(retentionDays: Int, batchSize: Int = 1000, actor: Principal, progress: ((Int) -> Void)? = nil) throws -> Int {
        guard retentionDays >= Self.minimumRetentionDays else {
            throw StoreError.rule("the outbox keeps finished messages at least \(Self.minimumRetentionDays) days (asked: \(retentionDays))")
        }
        let now = database.clock.now()
        let cutoff = now.addingTimeInterval(-Double(retentionDays) * 86_400)
        let cutoffMs = Self.milliseconds(cutoff)
        let cutoffText = VietnamTime.iso8601(cutoff)
        let states = Self.prunableStates.map { "'\($0)'" }.joined(separator: ",")
        let batch = max(1, batchSize)
        var pruned = 0
        while true {
            let deleted = try database.backend.write { db -> Int in
                // Locked as they are picked (PostgreSQL), so that a retry by hand either comes first or finds nothing.
                let ids = try db.fetchAll(Int64.self, sql: """
                    SELECT id FROM outbox_message
                    WHERE state IN (\(states)) AND next_attempt_ms < ? AND finished_at IS NOT NULL AND finished_at < ?
                    ORDER BY id LIMIT ? \(db.dialect.forUpdateSkipLocked)
                    """, arguments: [cutoffMs, cutoffText, batch])
                guard !ids.isEmpty else { return 0 }
                let list = ids.map(String.init).joined(separator: ",")
                try db.execute(sql: "DELETE FROM outbox_attempt WHERE message_id IN (\(list))")
                try db.execute(sql: "DELETE FROM outbox_message WHERE id IN (\(list)) AND state IN (\(states))")
                return db.changesCount
            }
            pruned += deleted
            if deleted > 0 { progress?(pruned) }
            if deleted < batch { break }
        }
        if pruned > 0 {
            try database.backend.write { db in
                try AuditLog.record(db, at: now, actor: actor, action: "prune", entity: "outbox", key: "finished before \(cutoffText)",
                                    before: ["messages": String(pruned)], after: ["messages": "0"])
            }
        }
        return pruned
    }

    /// Cancels a message that has not been sent; one being sent right now cannot be stopped.
    public func cancel(_ id: String, actor: Principal) throws -> OutboxMessage {
        let now = database.clock.now()
        return try database.backend.write { db in
            let before = try Self.message(db, id)
            guard ["scheduled", "available", "retrying", "dead"].contains(before.state) else {
                throw StoreError.rule("message \(id) is \(before.state); only scheduled, available, retrying or dead messages can be cancelled")
            }
            try db.execute(sql: "UPDATE outbox_message SET state = 'cancelled', finished_at = ?, last_error = ? WHERE id = ?",
                           arguments: [VietnamTime.iso8601(now), "cancelled by \(actor.name)", before.rowID])
            let after = try Self.message(db, id)
            try AuditLog.record(db, at: now, actor: actor, action: "cancel", entity: "outbox_message", key: id,
                                before: ["state": before.state], after: ["state": after.state])
            return after
        }
    }
}

extension JSONEncoder {
    /// Sorted keys, so that stored JSON is stable.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
