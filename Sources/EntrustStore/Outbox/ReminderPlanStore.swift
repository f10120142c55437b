import Crypto
import EntrustCore
import Foundation

/// Plans reminders from current data into the outbox, in short transactions.
///
/// The window is walked a day of subject dates at a time, and each day a page of subjects at a time (`pageSize`, in the
/// order of their row ids): one write transaction reads a page, plans it and records it, so that memory holds one page
/// and other writers (the server's requests, the delivery worker) wait at most one page. Each subject's plan is
/// remembered (`plan_mark`: a fingerprint of its data, its audience, the rules and the endpoints of its event, and the
/// days planned); a subject whose fingerprint is unchanged and whose days are already covered is skipped, so planning
/// again creates nothing and costs a read, and the next day's run only plans the rungs that entered the window.
public struct ReminderPlanStore: Sendable {
    public let database: AppDatabase
    /// Subjects read, planned and recorded per write transaction.
    public var pageSize: Int

    public init(_ database: AppDatabase, pageSize: Int = 200) {
        self.database = database
        self.pageSize = max(1, pageSize)
    }

    /// What a planning run did.
    public struct Summary: Codable, Sendable, Equatable {
        /// Messages added to the outbox (already planned ones are not counted).
        public var enqueued: Int
        /// Messages the rules asked for, for a subject planned again, that were already in the outbox.
        public var alreadyPlanned: Int
        /// Waiting messages cancelled because their subject was done, waived or ended, or no longer asks for them.
        public var cancelled: Int
        /// Event types in the rules with no data source in this version, with how many rules name them.
        public var skippedEvents: [String: Int]
        /// Planned webhook deliveries: one per subscribed endpoint and person.
        public var webhooks: Int
        public var emails: Int
        /// Subjects read whose reminders were already planned as they stand: not planned again.
        public var unchanged: Int = 0
        /// Subjects planned (new, or changed since they were last planned).
        public var planned: Int = 0
        /// Write transactions the run took, and the longest of them in milliseconds.
        public var transactions: Int = 0
        public var longestTransactionMs: Int = 0
    }

    /// How far a run is: days of subject dates walked, over every event, of `days`.
    public struct Progress: Sendable, Equatable {
        public var event: String
        public var daysDone: Int
        public var days: Int
        public var enqueued: Int
    }

    /// Plans every reminder firing from today up to `until`. Running it twice adds nothing the second time.
    public func plan(rules: ReminderRuleSet, until: LocalDate, actor: Principal,
                     progress: ((Progress) -> Void)? = nil) throws -> Summary {
        let now = database.clock.now()
        let today = database.today
        let planner = ReminderPlanner(rules: rules)
        var summary = Summary(enqueued: 0, alreadyPlanned: 0, cancelled: 0, skippedEvents: [:], webhooks: 0, emails: 0)
        var stats = TransactionStats()
        summary.cancelled = try cancelObsolete(now: now, stats: &stats)
        // A mark whose subject fires no more is of no use.
        try timedWrite(&stats) { db in
            try db.execute(sql: "DELETE FROM plan_mark WHERE last_day < ?", arguments: [today.iso])
        }
        var work: [(event: String, window: ClosedRange<LocalDate>)] = []
        for event in rules.eventTypes {
            guard ReminderSourceStore.supportedEvents.contains(event) else {
                summary.skippedEvents[event] = rules.rules.filter { $0.event == event }.count
                continue
            }
            if let window = planner.subjectWindow(event: event, from: today, until: until) { work.append((event, window)) }
        }
        let days = work.reduce(0) { $0 + $1.window.upperBound.dayNumber - $1.window.lowerBound.dayNumber + 1 }
        var daysDone = 0
        var people = PeopleCache()
        for (event, window) in work {
            let context = try EventContext(database, event: event, rules: rules, until: until, today: today, now: now)
            var day = window.lowerBound
            while day <= window.upperBound {
                var page = ReminderSourceStore.PageRequest(day: day, limit: pageSize)
                var more = true
                while more {
                    try timedWrite(&stats) { db in
                        let read = try ReminderSourceStore.subjects(db, event: event, page: page, today: today, people: &people)
                        try planPage(db, read.subjects, context: context, planner: planner, summary: &summary)
                        page.after = read.last
                        more = read.more
                    }
                }
                daysDone += 1
                progress?(Progress(event: event, daysDone: daysDone, days: days, enqueued: summary.enqueued))
                day = day.adding(days: 1)
            }
        }
        if summary.enqueued > 0 || summary.cancelled > 0 {
            try timedWrite(&stats) { db in
                try AuditLog.record(db, at: now, actor: actor, action: "plan reminders", entity: "outbox", key: "until \(until.iso)",
                                    after: ["enqueued": summary.enqueued, "emails": summary.emails, "webhooks": summary.webhooks,
                                            "cancelled": summary.cancelled])
            }
        }
        summary.transactions = stats.count
        summary.longestTransactionMs = stats.longestMs
        return summary
    }

    /// How many write transactions a run took, and the longest.
    struct TransactionStats {
        var count = 0
        var longestMs = 0
    }

    /// One write transaction, counted and timed.
    private func timedWrite(_ stats: inout TransactionStats, _ body: (any StoreSession) throws -> Void) throws {
        let started = DispatchTime.now().uptimeNanoseconds
        try database.backend.write(body)
        stats.count += 1
        stats.longestMs = max(stats.longestMs, Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000))
    }

    /// What every page of one event shares: its rules, its endpoints and the fingerprint of both.
    struct EventContext {
        let event: String
        let until: LocalDate
        let today: LocalDate
        let now: Date
        /// Subscribed endpoints, by code, with their row ids.
        let endpoints: [(code: String, id: Int64)]
        let ruleCodes: Set<String>
        let maxOffset: Int
        /// Changes when a rule of the event, the quiet hours or the subscribed endpoints change: everything is planned again.
        let digest: String
        /// Scheduled messages at or after this instant and before `windowEnd` are the run's to cancel when no longer asked for.
        let nowMs: Int64
        let windowEndMs: Int64

        init(_ database: AppDatabase, event: String, rules: ReminderRuleSet, until: LocalDate, today: LocalDate, now: Date) throws {
            self.event = event
            self.until = until
            self.today = today
            self.now = now
            endpoints = try database.backend.read { db in
                try EndpointStore.subscribers(db, event: event).map { code in
                    guard let id = try db.fetchOne(Int64.self, sql: "SELECT id FROM webhook_endpoint WHERE code = ?", arguments: [code]) else {
                        throw StoreError.notFound(entity: "endpoint", key: code)
                    }
                    return (code, id)
                }
            }
            let eventRules = rules.rules.filter { $0.event == event }
            ruleCodes = Set(eventRules.map(\.code))
            maxOffset = eventRules.flatMap(\.offsets).max() ?? 0
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var text = String(decoding: try encoder.encode(eventRules.map { rule -> ReminderRule in
                var plain = rule
                plain.source = ""  // where a rule is written in the file changes nothing it plans
                return plain
            }), as: UTF8.self)
            text += String(decoding: try encoder.encode(rules.quietHours), as: UTF8.self)
            text += endpoints.map { "\($0.code)=\($0.id)" }.joined(separator: ",")
            digest = Fingerprint.of(text)
            nowMs = OutboxStore.milliseconds(now)
            windowEndMs = OutboxStore.milliseconds(VietnamTime.instant(until.adding(days: 1), hour: 0, minute: 0))
        }

        /// The subject as planned: everything its messages are made of, but the count of days late, which only new
        /// messages carry (a message already planned keeps what it was planned with).
        func fingerprint(_ subject: ReminderSubject) -> String {
            var text = digest + "\u{1}" + subject.key + "\u{1}" + subject.date.iso
            for (key, value) in subject.data.sorted(by: { $0.key < $1.key }) where key != "days_late" {
                text += "\u{1}" + key + "=" + value
            }
            for (role, people) in subject.audience.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                text += "\u{2}" + role.rawValue
                for person in people {
                    text += "\u{1}\(person.code)|\(person.name)|\(person.email ?? "")|\(person.phone ?? "")|\(person.language.rawValue)"
                }
            }
            return Fingerprint.of(text)
        }

        /// The last day any rung of `subject` fires.
        func lastDay(_ subject: ReminderSubject) -> LocalDate { subject.date.adding(days: maxOffset) }
    }

    /// Plans the subjects of one page that are new or changed, cancels their messages the rules no longer ask for, and
    /// remembers what was planned.
    private func planPage(_ db: any StoreSession, _ subjects: [ReminderSubject], context: EventContext, planner: ReminderPlanner,
                          summary: inout Summary) throws {
        guard !subjects.isEmpty else { return }
        let keys = subjects.map(\.key)
        var marks: [String: (fingerprint: String, from: String, until: String)] = [:]
        for row in try db.prepare(sql: """
            SELECT subject, fingerprint, planned_from, planned_until FROM plan_mark
            WHERE event = ? AND subject IN (\(placeholders(keys.count)))
            """).fetchAll(arguments: [context.event] + StoreArguments(keys)) {
            marks[row["subject"]] = (row["fingerprint"], row["planned_from"], row["planned_until"])
        }
        var changed: [(subject: ReminderSubject, fingerprint: String)] = []
        for subject in subjects {
            let fingerprint = context.fingerprint(subject)
            let covers = min(context.until, context.lastDay(subject)).iso
            if let mark = marks[subject.key], mark.fingerprint == fingerprint, mark.from <= context.today.iso, mark.until >= covers {
                summary.unchanged += 1
            } else {
                changed.append((subject, fingerprint))
            }
        }
        guard !changed.isEmpty else { return }
        summary.planned += changed.count
        var drafts: [OutboxDraft] = []
        for reminder in planner.plan(subjects: changed.map(\.subject), now: context.now, until: context.until) {
            let payload = OutboxPayload(template: reminder.template, language: reminder.recipient.language,
                                        recipient: reminder.recipient, data: reminder.data)
            switch reminder.channel {
            case .email:
                drafts.append(OutboxDraft(channel: .email, recipient: reminder.recipient.code, endpoint: nil, rule: reminder.rule,
                                          subject: reminder.subject, occurrence: reminder.occurrence, eventType: reminder.event,
                                          payload: payload, urgent: reminder.urgent, notBefore: reminder.notBefore))
            case .webhook:
                drafts += context.endpoints.map { endpoint in
                    OutboxDraft(channel: .webhook, recipient: "\(endpoint.code)/\(reminder.recipient.code)", endpoint: endpoint.code,
                                rule: reminder.rule, subject: reminder.subject, occurrence: reminder.occurrence,
                                eventType: reminder.event, payload: payload, urgent: reminder.urgent, notBefore: reminder.notBefore)
                }
            }
        }
        let endpointIDs = Dictionary(uniqueKeysWithValues: context.endpoints.map { ($0.code, $0.id) })
        let inserted = try OutboxStore.enqueue(db, drafts, endpointIDs: endpointIDs, now: context.now)
        summary.enqueued += inserted.emails + inserted.webhooks
        summary.emails += inserted.emails
        summary.webhooks += inserted.webhooks
        summary.alreadyPlanned += drafts.count - inserted.emails - inserted.webhooks
        summary.cancelled += try cancelUnasked(db, subjects: changed.map(\.subject.key), drafts: drafts, context: context)
        for chunk in changed.chunked(into: 100) {
            var arguments = StoreArguments()
            for item in chunk {
                arguments += [context.event, item.subject.key, item.fingerprint, context.today.iso, context.until.iso,
                              context.lastDay(item.subject).iso]
            }
            try db.prepare(sql: """
                INSERT INTO plan_mark (event, subject, fingerprint, planned_from, planned_until, last_day)
                VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", "))
                ON CONFLICT (event, subject) DO UPDATE SET fingerprint = excluded.fingerprint, planned_from = excluded.planned_from,
                       planned_until = excluded.planned_until, last_day = excluded.last_day
                """).execute(arguments: arguments)
        }
    }

    /// A message still scheduled inside this run's window, for a subject planned again, that the rules no longer ask for
    /// (its date moved, its recipient changed) would go out wrong: it is cancelled, with the reason.
    private func cancelUnasked(_ db: any StoreSession, subjects: [String], drafts: [OutboxDraft], context: EventContext) throws -> Int {
        let asked = Set(drafts.map { "\($0.rule)\u{1}\($0.subject)\u{1}\($0.occurrence)\u{1}\($0.recipient)\u{1}\($0.channel.rawValue)" })
        var unasked: [Int64] = []
        for chunk in subjects.chunked(into: 200) {
            for row in try db.prepare(sql: """
                SELECT id, rule, subject, occurrence, recipient, channel FROM outbox_message
                WHERE subject IN (\(placeholders(chunk.count))) AND state = 'scheduled' AND next_attempt_ms >= ? AND next_attempt_ms < ?
                """).fetchAll(arguments: StoreArguments(chunk) + [context.nowMs, context.windowEndMs]) {
                let rule: String = row["rule"]
                guard context.ruleCodes.contains(rule) else { continue }  // another event's rungs about the same subject
                let key = "\(rule)\u{1}\(row["subject"] as String)\u{1}\(row["occurrence"] as String)\u{1}\(row["recipient"] as String)\u{1}\(row["channel"] as String)"
                if !asked.contains(key) { unasked.append(row["id"]) }
            }
        }
        var count = 0
        for chunk in unasked.chunked(into: 500) {
            try db.execute(sql: """
                UPDATE outbox_message SET state = 'cancelled', finished_at = ?,
                       last_error = 'no longer needed: its date or recipient changed, and it was planned again'
                WHERE id IN (\(placeholders(chunk.count))) AND state = 'scheduled'
                """, arguments: [VietnamTime.iso8601(context.now)] + StoreArguments(chunk))
            count += db.changesCount
        }
        return count
    }

    /// Cancels waiting reminders whose subject no longer needs them, a page of subjects per transaction.
    private func cancelObsolete(now: Date, stats: inout TransactionStats) throws -> Int {
        var count = 0
        for check in ReminderSourceStore.obsoleteChecks {
            var after = check.prefix
            var more = true
            while more {
                try timedWrite(&stats) { db in
                    let page = try ReminderSourceStore.cancelObsolete(db, check: check, after: after, limit: pageSize, now: now)
                    count += page.cancelled
                    if let last = page.last { after = last } else { more = false }
                }
            }
        }
        return count
    }

    private func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
}

/// A short digest of a text, to tell whether what a subject was planned from changed. SHA-256 from swift-crypto (already
/// a dependency), cut to 128 bits: collisions would need an adversary editing obligations, and would only skip a re-plan.
enum Fingerprint {
    private static let digits = Array("0123456789abcdef".utf8)

    static func of(_ text: String) -> String {
        // Hex by table: `String(format:)` per byte was a sixth of a re-planning run.
        var hex: [UInt8] = []
        hex.reserveCapacity(32)
        for byte in SHA256.hash(data: Data(text.utf8)).prefix(16) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 15)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}

extension Array {
    /// The array in consecutive pieces of at most `size` elements.
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
