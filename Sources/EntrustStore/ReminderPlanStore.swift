import EntrustCore
import Foundation
import GRDB

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
        return try database.writer.write { db in
            var summary = Summary(enqueued: 0, alreadyPlanned: 0, cancelled: 0, skippedEvents: [:], webhooks: 0, emails: 0)
            summary.cancelled = try ReminderSourceStore.cancelObsolete(db, now: now)
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
                        if try OutboxStore.enqueue(db, draft, now: now) != nil {
                            summary.enqueued += 1
                            if draft.channel == .email { summary.emails += 1 } else { summary.webhooks += 1 }
                        } else {
                            summary.alreadyPlanned += 1
                        }
                    }
                }
            }
            if summary.enqueued > 0 || summary.cancelled > 0 {
                try AuditLog.record(db, at: now, actor: actor, action: "plan reminders", entity: "outbox", key: "until \(until.iso)",
                                    after: ["enqueued": summary.enqueued, "emails": summary.emails, "webhooks": summary.webhooks,
                                            "cancelled": summary.cancelled])
            }
            return summary
        }
    }
}
