import EntrustCore
import Foundation
import Mustache

/// The message templates under `notifications/<lang>/`: for each template name, a
/// `NAME.subject.mustache`, `NAME.text.mustache` and `NAME.html.mustache` in `vi/` and in `en/`.
///
/// All are parsed when loaded, so that a broken template is an error at start-up (or in
/// `entrust notifications check`), not when a reminder is due at 3 a.m.
public struct NotificationTemplates: Sendable {
    /// The three parts of an email; webhooks carry the subject and the text too.
    public static let parts = ["subject", "text", "html"]

    /// Keyed `vi/obligation-due.subject`.
    let templates: [String: MustacheTemplate]
    /// Where each template came from, for messages.
    let files: [String: String]
    /// The folder they were loaded from, as given, to name a missing file where it should be.
    var folder = "notifications"

    /// Loads and parses every `*.mustache` file in `folder/vi` and `folder/en`.
    /// - Throws: `DeliveryError.templates` naming each file (and line) that does not parse.
    public static func load(folder: URL) throws(DeliveryError) -> NotificationTemplates {
        var templates: [String: MustacheTemplate] = [:]
        var files: [String: String] = [:]
        var issues: [String] = []
        for language in Language.allCases {
            let directory = folder.appendingPathComponent(language.rawValue)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            if names.isEmpty { issues.append("\(directory.relativePath): no templates (expected NAME.subject.mustache, NAME.text.mustache, NAME.html.mustache)") }
            for name in names.sorted() where name.hasSuffix(".mustache") {
                let url = directory.appendingPathComponent(name)
                let key = "\(language.rawValue)/\(name.dropLast(".mustache".count))"
                guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                    issues.append("\(url.relativePath): cannot be read as UTF-8 text")
                    continue
                }
                do {
                    templates[key] = try parse(text, html: name.hasSuffix(".html.mustache"))
                    files[key] = url.relativePath
                } catch {
                    issues.append("\(url.relativePath)\(describe(error))")
                }
            }
        }
        guard issues.isEmpty else { throw .templates(issues) }
        return NotificationTemplates(templates: templates, files: files, folder: folder.relativePath)
    }

    /// Subjects and texts are plain text (no HTML escaping); HTML parts escape what they insert.
    static func parse(_ text: String, html: Bool) throws -> MustacheTemplate {
        // The pragma goes on the first line so that line numbers in errors stay the file's own.
        try MustacheTemplate(string: (html ? "" : "{{% CONTENT_TYPE: TEXT}}") + text)
    }

    /// `:3: a tag is not finished … near “…”` from a parser error.
    static func describe(_ error: any Error) -> String {
        if let parser = error as? MustacheTemplate.ParserError {
            let near = parser.context.line.trimmingCharacters(in: .whitespaces)
            return ":\(parser.context.lineNumber): \(reason(parser.error))" + (near.isEmpty ? "" : " near “\(near)”")
        }
        return ": \(error)"
    }

    /// The parser's complaint as a sentence for the person editing the template.
    static func reason(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .expectedSectionEnd?: return "a section is never closed ({{#name}} or {{^name}} without its {{/name}})"
        case .sectionCloseNameIncorrect?: return "a section is closed under another name than it was opened with"
        case .unfinishedName?: return "a tag is not finished (a {{ without its }}, or a name with spaces)"
        case .invalidSetDelimiter?: return "a {{=…=}} delimiter tag is malformed"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: return "a {{% …}} pragma is not understood"
        case .transformAppliedToInheritanceSection?, .illegalTokenInsideInheritSection?, .textInsideInheritSection?:
            return "a partial's inherited section is malformed"
        case nil: return "\(error)"
        }
    }

    /// Checks that every rule's template exists in every language and part, and renders each with
    /// sample data for its event: an empty subject or text is reported too.
    /// - Returns: problems, each naming a file and line.
    public func check(rules: ReminderRuleSet) -> [String] {
        var issues: [String] = []
        for rule in rules.rules {
            for language in Language.allCases {
                for part in Self.parts {
                    let key = "\(language.rawValue)/\(rule.template).\(part)"
                    guard let template = templates[key] else {
                        issues.append("\(rule.source): rule '\(rule.code)' names template '\(rule.template)', but \(folder)/\(key).mustache does not exist")
                        continue
                    }
                    let output = template.render(Self.context(data: SampleData.forEvent(rule.event), language: language, recipient: SampleData.recipient(language)))
                    if part != "html", output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                        issues.append("\(files[key] ?? key):1: renders to nothing for a sample \(rule.event) event")
                    }
                    if part == "subject", output.trimmingCharacters(in: .whitespacesAndNewlines).contains("\n") {
                        issues.append("\(files[key] ?? key):1: a subject must be one line")
                    }
                }
            }
        }
        return issues
    }

    /// The values a template sees: the message's data; each `x_vi`/`x_en` pair also as `x` in the
    /// reader's language; the recipient's name; and `lang`.
    static func context(data: [String: String], language: Language, recipient: ReminderRecipient?) -> [String: String] {
        var context = data
        for (key, value) in data where key.hasSuffix("_\(language.rawValue)") {
            context[String(key.dropLast(3))] = value
        }
        context["lang"] = language.rawValue
        if let recipient {
            context["recipient_name"] = recipient.name
            context["recipient_code"] = recipient.code
        }
        return context
    }

    /// Renders a notification for one person, in their language.
    /// - Throws: `DeliveryError.render` when the template is missing (it was deleted after loading).
    /// - Parameter html: false for a webhook, which carries the subject and the text only: the HTML part (escaping
    ///   every value) was a fifth of a webhook's CPU time and was thrown away; `html` is then empty.
    public func render(_ name: String, language: Language, data: [String: String], recipient: ReminderRecipient?,
                       html: Bool = true) throws(DeliveryError) -> RenderedMessage {
        let context = Self.context(data: data, language: language, recipient: recipient)
        var parts: [String: String] = html ? [:] : ["html": ""]
        for part in Self.parts where html || part != "html" {
            guard let template = templates["\(language.rawValue)/\(name).\(part)"] else {
                throw .render(template: name, reason: "notifications/\(language.rawValue)/\(name).\(part).mustache is missing")
            }
            parts[part] = template.render(context)
        }
        return RenderedMessage(subject: parts["subject"]!.trimmingCharacters(in: .whitespacesAndNewlines),
                               text: parts["text"]!, html: parts["html"]!)
    }

    /// Renders an endpoint's own body template (JSON, usually) with the message's values.
    public static func renderBody(_ template: String, context: [String: String]) throws(DeliveryError) -> String {
        do {
            return try parseBody(template).render(context)
        } catch {
            throw .render(template: "endpoint body", reason: "it does not parse\(describe(error))")
        }
    }

    /// Endpoint bodies are JSON: `{{value}}` is escaped as the inside of a JSON string; `{{{value}}}` inserts it raw.
    static func parseBody(_ template: String) throws -> MustacheTemplate {
        JSONStringContentType.registered
        return try MustacheTemplate(string: "{{% CONTENT_TYPE: \(JSONStringContentType.name)}}" + template)
    }

    /// Checks an endpoint body template when it is registered.
    public static func checkBody(_ template: String, file: String) throws(DeliveryError) {
        do {
            _ = try parseBody(template)
        } catch {
            throw .templates(["\(file)\(describe(error))"])
        }
    }
}
