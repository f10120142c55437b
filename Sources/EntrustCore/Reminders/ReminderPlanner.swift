import Foundation

/// Turns rules and subjects into dated messages. Pure: the store supplies the subjects and `now`.
public struct ReminderPlanner: Sendable {
    public var rules: ReminderRuleSet

    public init(rules: ReminderRuleSet) {
        self.rules = rules
    }

    /// For each event type, the range of subject dates whose reminders fire between `from` and `until`.
    public func subjectWindow(event: String, from: LocalDate, until: LocalDate) -> ClosedRange<LocalDate>? {
        let offsets = rules.rules.filter { $0.event == event }.flatMap(\.offsets)
        guard let low = offsets.min(), let high = offsets.max() else { return nil }
        let start = from.adding(days: -high), end = until.adding(days: -low)
        return start <= end ? start...end : nil
    }

    /// Every message due to fire from today (in Asia/Ho_Chi_Minh, at `now`) up to `until` inclusive.
    ///
    /// A rung whose day has passed is not planned: a reminder about last week helps nobody. A rung
    /// firing today whose hour has passed is sent at once (after quiet hours). Email needs an address;
    /// a person without one is skipped for that channel, never failed.
    public func plan(subjects: [ReminderSubject], now: Date, until: LocalDate) -> [PlannedReminder] {
        let today = VietnamTime.localDate(of: now)
        var planned: [PlannedReminder] = []
        for subject in subjects {
            for rule in rules.rules where rule.event == subject.event {
                for offset in rule.offsets {
                    let day = subject.date.adding(days: offset)
                    guard day >= today, day <= until else { continue }
                    let scheduled = max(VietnamTime.instant(day, hour: rule.sendAt / 60, minute: rule.sendAt % 60), now)
                    var seen: Set<String> = []
                    let people = rule.audience.flatMap { subject.audience[$0] ?? [] }.filter { seen.insert($0.code).inserted }
                    for person in people {
                        for channel in rule.channels {
                            if channel == .email, (person.email ?? "").isEmpty { continue }
                            planned.append(PlannedReminder(
                                rule: rule.code, event: rule.event, subject: subject.key,
                                occurrence: "\(offset >= 0 ? "+" : "")\(offset)d@\(day.iso)",
                                recipient: person, channel: channel, template: rule.template, urgent: rule.urgent,
                                notBefore: rules.quietHours.release(scheduled, channel: channel, urgent: rule.urgent),
                                data: subject.data))
                        }
                    }
                }
            }
        }
        return planned
    }
}
