import EntrustConfig
import EntrustCore
import EntrustDelivery
import EntrustGateways
import EntrustStore
import Foundation

extension GlobalOptions {
    /// The folder of reminder rules and message templates: $ENTRUST_NOTIFICATIONS, else ./notifications.
    var notificationsFolder: URL {
        URL(fileURLWithPath: environment["ENTRUST_NOTIFICATIONS"] ?? "notifications")
    }

    /// The rules of `notifications/rules.yaml`.
    func reminderRules() throws -> ReminderRuleSet {
        let file = notificationsFolder.appendingPathComponent("rules.yaml")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw StoreError.invalid(field: "ENTRUST_NOTIFICATIONS", value: notificationsFolder.path,
                                     reason: "has no rules.yaml (run from the entrust folder or set ENTRUST_NOTIFICATIONS)")
        }
        return try ReminderRulesLoader.load(file: file)
    }

    /// The message templates, parsed; with `rules`, also checked against them.
    func notificationTemplates(checking rules: ReminderRuleSet? = nil) throws -> NotificationTemplates {
        let templates = try NotificationTemplates.load(folder: notificationsFolder)
        if let rules {
            let issues = templates.check(rules: rules)
            if !issues.isEmpty { throw DeliveryError.templates(issues) }
        }
        return templates
    }

    /// The SMTP settings: the environment, over an optional file of the same `KEY=VALUE` lines named by
    /// $ENTRUST_SMTP_CONFIG. Nil when no server is configured at all.
    func smtpConfig() throws -> SMTPConfig? {
        var settings: [String: String] = [:]
        if let path = environment["ENTRUST_SMTP_CONFIG"] {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw StoreError.invalid(field: "ENTRUST_SMTP_CONFIG", value: path, reason: "cannot be read")
            }
            for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") { continue }
                guard let equals = line.firstIndex(of: "="), line[..<equals].hasPrefix("ENTRUST_SMTP_") else {
                    throw StoreError.invalid(field: "\(path):\(index + 1)", value: String(line.prefix(40)),
                                             reason: "expected ENTRUST_SMTP_KEY=value")
                }
                settings[String(line[..<equals]).trimmingCharacters(in: .whitespaces)] =
                    String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            }
        }
        for (key, value) in environment where key.hasPrefix("ENTRUST_SMTP_") { settings[key] = value }
        guard settings[SMTPConfig.Key.url] != nil else { return nil }
        return try SMTPConfig.fromEnvironment(settings)
    }
}
