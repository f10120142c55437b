import EntrustCore
import Foundation

/// Plans reminders from current data into the outbox, in one transaction.
public struct ReminderPlanStore: Sendable {
    public let database: AppDatabase

    public init(_ database: AppDatabase) { self.database = database }

    /// What a planning run did.
    public struct Summary: Codable, Sendable, Equatable {
        /// Messages added to the outbox (already planned ones are not counted).
        public var enqueued: Int
        /// Messages the rules asked for that were already in the outbox.
        public var alreadyPlanned: Int
        /// Waiting messages cancelled because their subject was done, waived or ended.
        public var cancelled: Int
        /// Event types in the rules with no data source in this version, with how many rules name them.
        public var skippedEvents: [String: Int]
        /// Planned webhook deliveries: one per subscribed endpoint and person.
        public var webhooks: Int
        public var emails: Int
    }

    /// Plans every reminder firing from today up to `until`. Running it twice adds nothing the second time.
    public func plan(rules: ReminderRuleSet, until: LocalDate, actor: Principal) throws -> Summary {
        let now = database.clock.now()
        let today = database.today
        let planner = ReminderPlanner(rules: rules)
        return try database.backend.write { db in
            var summary = Summary(enqueued: 0, alreadyPlanned: 0, cancelled: 0, skippedEvents: [:], webhooks: 0, emails: 0)
            summary.cancelled = try ReminderSourceStore.cancelObsolete(db, now: now)
            // What this run asks for, to cancel what it no longer asks for (a re-dated obligation's old reminders).
            // Keyed like the outbox's unique key, subject first: the cancel step below looks keys up instead of scanning
            // (without the key it was quadratic, minutes for a province's month).
            try db.execute(sql: "DROP TABLE IF EXISTS \(db.dialect.temporarySchema).planned_key")
            try db.execute(sql: """
                CREATE TEMP TABLE planned_key (rule TEXT, subject TEXT, occurrence TEXT, recipient TEXT, channel TEXT,
                                               PRIMARY KEY (subject, rule, occurrence, recipient, channel)) \(db.dialect.temporaryTableOptions)
                """)
            let remember = try db.prepare(sql: "INSERT INTO planned_key VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
            for event in rules.eventTypes {
                guard ReminderSourceStore.supportedEvents.contains(event) else {
                    summary.skippedEvents[event] = rules.rules.filter { $0.event == event }.count
                    continue
                }
                guard let window = planner.subjectWindow(event: event, from: today, until: until) else { continue }
                let subjects = try ReminderSourceStore.subjects(db, event: event, window: window, today: today)
                let endpoints = try EndpointStore.subscribers(db, event: event)
                for reminder in planner.plan(subjects: subjects, now: now, until: until) {
                    let payload = OutboxPayload(template: reminder.template, language: reminder.recipient.language,
                                                recipient: reminder.recipient, data: reminder.data)
                    var drafts: [OutboxDraft] = []
                    switch reminder.channel {
                    case .email:
                        drafts.append(OutboxDraft(channel: .email, recipient: reminder.recipient.code, endpoint: nil, rule: reminder.rule,
                                                  subject: reminder.subject, occurrence: reminder.occurrence, eventType: reminder.event,
                                                  payload: payload, urgent: reminder.urgent, notBefore: reminder.notBefore))
                    case .webhook:
                        drafts += endpoints.map { endpoint in
                            OutboxDraft(channel: .webhook, recipient: "\(endpoint)/\(reminder.recipient.code)", endpoint: endpoint,
                                        rule: reminder.rule, subject: reminder.subject, occurrence: reminder.occurrence,
                                        eventType: reminder.event, payload: payload, urgent: reminder.urgent, notBefore: reminder.notBefore)
                        }
                    }
                    for draft in drafts {
                        try remember.execute(arguments: [draft.rule, draft.subject, draft.occurrence, draft.recipient, draft.channel.rawValue])
                        if try OutboxStore.enqueue(db, draft, now: now) != nil {
                            summary.enqueued += 1
                            if draft.channel == .email { summary.emails += 1 } else { summary.webhooks += 1 }
                        } else {
                            summary.alreadyPlanned += 1
                        }
                    }
                }
            }
            // A message still scheduled inside this run's window, for a subject this run planned, that the rules no
            // longer ask for (its date moved, its recipient changed) would go out wrong: cancel it, with the reason.
            let windowEnd = VietnamTime.instant(until.adding(days: 1), hour: 0, minute: 0)
            try db.execute(sql: """
                UPDATE outbox_message SET state = 'cancelled', finished_at = ?,
                       last_error = 'no longer needed: its date or recipient changed, and it was planned again'
                WHERE state = 'scheduled' AND next_attempt_ms >= ? AND next_attempt_ms < ?
                  AND subject IN (SELECT subject FROM planned_key)
                  AND NOT EXISTS (SELECT 1 FROM planned_key k WHERE k.rule = outbox_message.rule AND k.subject = outbox_message.subject
                                  AND k.occurrence = outbox_message.occurrence AND k.recipient = outbox_message.recipient
                                  AND k.channel = outbox_message.channel)
                """, arguments: [VietnamTime.iso8601(now), Int64(now.timeIntervalSince1970 * 1000), Int64(windowEnd.timeIntervalSince1970 * 1000)])
            summary.cancelled += db.changesCount
            if summary.enqueued > 0 || summary.cancelled > 0 {
                try AuditLog.record(db, at: now, actor: actor, action: "plan reminders", entity: "outbox", key: "until \(until.iso)",
                                    after: ["enqueued": summary.enqueued, "emails": summary.emails, "webhooks": summary.webhooks,
                                            "cancelled": summary.cancelled])
            }
            return summary
        }
    }
}
