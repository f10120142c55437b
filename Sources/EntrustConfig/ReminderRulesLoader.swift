import EntrustCore
import Foundation

/// Reads `notifications/rules.yaml`: the reminder ladders and the quiet hours. The format is
/// described in `notifications/README.md`. Every issue names the file, line and field.
public enum ReminderRulesLoader {
    /// Reads and parses a rules file; issues name it by its path as given.
    public static func load(file: URL) throws(ConfigError) -> ReminderRuleSet {
        try parse(yaml: try YAMLReader.text(of: file), file: file.relativePath)
    }

    /// Parses the text of a rules file.
    /// - Throws: `ConfigError` with every issue in the file.
    public static func parse(yaml: String, file: String) throws(ConfigError) -> ReminderRuleSet {
        try YAMLReader.readMapping(yaml: yaml, file: file) { root -> ReminderRuleSet? in
            root.declare("quiet_hours", "rules")
            let quiet = root.optionalMapping("quiet_hours", named: "the quiet hours") { quiet -> QuietHours? in
                quiet.declare("start", "end", "channels")
                let start = quiet.value("start").map(minuteOfDay)
                let end = quiet.value("end").map(minuteOfDay)
                let channels = quiet.optionalList("channels") { $0.enumValue(ReminderChannel.self) }
                if case .some(nil) = start { return nil }
                if case .some(nil) = end { return nil }
                return QuietHours(start: (start ?? nil) ?? 21 * 60, end: (end ?? nil) ?? 6 * 60, channels: channels ?? [.email, .webhook])
            }
            var codes: [String: Int] = [:]
            let rules = root.list("rules", nonEmpty: true) { item in
                item.mapping(named: "a rule") { rule -> ReminderRule? in
                    rule.declare("code", "event", "offsets", "audience", "channels", "template", "urgent", "send_at")
                    let code = rule.string("code")
                    let event = rule.string("event")
                    let offsets = rule.list("offsets", nonEmpty: true) { $0.int(in: -3660...3660) }
                    let audience = rule.list("audience", nonEmpty: true) { $0.enumValue(ReminderAudience.self) }
                    let channels = rule.list("channels", nonEmpty: true) { $0.enumValue(ReminderChannel.self) }
                    let template = rule.string("template")
                    let urgent = rule.optionalBool("urgent") ?? false
                    let sendAt = rule.value("send_at").map(minuteOfDay)
                    if let code {
                        if let first = codes[code] {
                            rule.report("rule code '\(code)' is already used by the rule at line \(first); codes must be unique", at: "code")
                        } else {
                            codes[code] = rule.line
                        }
                    }
                    if let event, (try? EventPattern(event)) == nil || event.contains("*") {
                        rule.report("'\(event)' is not an event type (expected words joined by dots, such as obligation.due)", at: "event")
                        return nil
                    }
                    if let template, template.contains("/") || template.contains(".") {
                        rule.report("'\(template)' is a template name, not a path: write obligation-due for notifications/vi/obligation-due.*.mustache", at: "template")
                        return nil
                    }
                    guard let code, let event, let offsets, let audience, let channels, let template else { return nil }
                    if case .some(nil) = sendAt { return nil }
                    return ReminderRule(code: code, event: event, offsets: offsets, audience: audience, channels: channels,
                                        template: template, urgent: urgent, sendAt: (sendAt ?? nil) ?? 8 * 60,
                                        source: "\(file):\(rule.line)")
                }
            }
            guard let rules else { return nil }
            return ReminderRuleSet(rules: rules, quietHours: quiet ?? QuietHours())
        }
    }

    /// `06:00` → 360; reports anything else.
    static func minuteOfDay(_ value: ValueReader) -> Int? {
        guard let text = value.string() else { return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...23).contains(hour), (0...59).contains(minute) else {
            value.report("'\(text)' is not a time of day (expected HH:MM, such as 06:00)")
            return nil
        }
        return hour * 60 + minute
    }
}
