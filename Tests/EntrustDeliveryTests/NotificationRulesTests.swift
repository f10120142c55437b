import EntrustConfig
import EntrustCore
import EntrustDelivery
import Foundation
import Testing

/// Rules and templates are checked when loaded, with file and line, not when a reminder is due.
@Suite struct NotificationRulesTests {
    @Test func shippedRulesAndTemplatesAreComplete() throws {
        let rules = try DeliveryFixture.rules()
        #expect(rules.rules.count == 8)
        #expect(rules.quietHours == QuietHours(start: 21 * 60, end: 6 * 60, channels: [.email, .webhook]))
        let due = try #require(rules.rules.first { $0.event == "obligation.due" })
        #expect(due.offsets == [-7, 0])
        #expect(due.source.hasSuffix("rules.yaml:38"))
        #expect(try DeliveryFixture.templates().check(rules: rules).isEmpty)
    }

    @Test func aRuleNamingAMissingTemplateIsReportedWithItsLine() throws {
        let yaml = """
            rules:
              - code: obligation-due
                event: obligation.due
                offsets: [-7, 0]
                audience: [responsible_officer]
                channels: [email]
                template: obligation-due-typo
            """
        let rules = try ReminderRulesLoader.parse(yaml: yaml, file: "notifications/rules.yaml")
        let issues = try DeliveryFixture.templates().check(rules: rules)
        #expect(issues.count == 6) // three parts in two languages
        // The missing file is named where it should be, in the folder the templates were loaded from.
        #expect(issues.first == "notifications/rules.yaml:2: rule 'obligation-due' names template 'obligation-due-typo', but "
            + "\(DeliveryFixture.notifications.relativePath)/vi/obligation-due-typo.subject.mustache does not exist")
    }

    @Test func badRulesAreRefusedWithFileLineAndField() throws {
        let yaml = """
            quiet_hours:
              start: "9pm"
            rules:
              - code: x
                event: obligation.due
                offsets: [-7]
                audience: [everyone]
                channels: [sms]
                template: obligation-due
                urgnet: true
            """
        let error = try #require(throws: ConfigError.self) { try ReminderRulesLoader.parse(yaml: yaml, file: "rules.yaml") }
        let text = error.description
        #expect(text.contains("rules.yaml:2"))
        #expect(text.contains("'9pm' is not a time of day"))
        #expect(text.contains("everyone"))
        #expect(text.contains("sms"))
        #expect(text.contains("urgnet"))
    }

    @Test func aTemplateThatDoesNotParseIsReportedWithFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notifications-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for language in ["vi", "en"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(language), withIntermediateDirectories: true)
            for part in ["subject", "text", "html"] {
                try "Hạn {{due_date_display}}\n".write(to: folder.appendingPathComponent("\(language)/x.\(part).mustache"), atomically: true, encoding: .utf8)
            }
        }
        try "Dòng một\nDòng hai {{#title}} chưa đóng\n".write(to: folder.appendingPathComponent("vi/x.text.mustache"), atomically: true, encoding: .utf8)
        let error = try #require(throws: DeliveryError.self) { try NotificationTemplates.load(folder: folder) }
        #expect(error.description.contains("vi/x.text.mustache:"))
        #expect(error.description.contains("a section is never closed"), "a sentence, not the parser's case name: \(error)")
        #expect(!error.description.contains("en/x.text.mustache"))
    }
}
