import EntrustCore
import Foundation

/// Loads contract templates from `contracts/templates/*.yaml`; the format is described in
/// `contracts/templates/README.md`.
///
/// Every problem in a file is reported with its file, line and field, and a template is only
/// returned when its file has no problem at all.
public enum TemplateLoader {
    /// The clause topics every template must have, whatever else it adds.
    public static let requiredClauses = ["fee", "amendment", "renewal", "termination"]
    /// The three areas of entrusted work (DOMAIN.md): propaganda, inspection and supervision,
    /// coordination with the bank.
    public static let taskAreas = ["propaganda", "supervision", "coordination"]

    /// Parses one template.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - file: how issues name the file.
    /// - Throws: `ConfigError` with every issue in the file.
    public static func parse(yaml: String, file: String) throws(ConfigError) -> ContractTemplate {
        let result = read(yaml: yaml, file: file)
        guard let template = result.template else { throw ConfigError(issues: result.issues) }
        return template
    }

    /// Reads and parses one template file; issues name it by its path as given.
    public static func load(file: URL) throws(ConfigError) -> ContractTemplate {
        let text = try YAMLReader.text(of: file)
        return try parse(yaml: text, file: file.relativePath)
    }

    /// Loads every `*.yaml` file in `directory`, in file-name order.
    ///
    /// A file with problems contributes its issues and no template; so does a file whose template code
    /// was already used by an earlier file. Other files still load, so one bad file does not hide the rest.
    public static func loadAll(directory: URL) -> (templates: [ContractTemplate], issues: [ConfigIssue]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".yaml") }
                .sorted()
        } catch {
            return ([], [ConfigIssue(file: directory.relativePath, line: 0, column: 0, field: "",
                                     message: "cannot list the folder: \(error.localizedDescription)")])
        }
        var templates: [ContractTemplate] = []
        var issues: [ConfigIssue] = []
        var firstFileWithCode: [String: String] = [:]
        for name in names {
            let url = directory.appendingPathComponent(name)
            let file = url.relativePath
            let text: String
            do {
                text = try YAMLReader.text(of: url)
            } catch {
                issues += error.issues
                continue
            }
            let result = read(yaml: text, file: file)
            issues += result.issues
            guard let template = result.template else { continue }
            if let other = firstFileWithCode[template.code] {
                let (line, column) = result.codePosition
                issues.append(ConfigIssue(file: file, line: line, column: column, field: "code",
                                          message: "template code '\(template.code)' is already used by \(other)"))
                continue
            }
            firstFileWithCode[template.code] = file
            templates.append(template)
        }
        return (templates, issues)
    }

    // MARK: - Reading

    private static func read(yaml: String, file: String) -> (template: ContractTemplate?, issues: [ConfigIssue], codePosition: (Int, Int)) {
        var codePosition = (0, 0)
        let result = YAMLReader.read(yaml: yaml, file: file) { root in
            root.mapping(named: "a contract template") { template -> ContractTemplate? in
                template.declare("code", "version", "kind", "title", "parties", "term_months",
                                 "tasks", "clauses", "obligations")
                let codeValue = template.required("code")
                if let codeValue { codePosition = (codeValue.line, codeValue.column) }
                let code = codeValue.flatMap(readCode)
                let version = template.string("version")
                let kind = template.enumValue("kind", ContractKind.self)
                let title = template.localized("title")
                let parties = readParties(template, kind: kind)
                let termMonths = template.int("term_months", in: 1...Int.max)
                let tasks = readTasks(template)
                let clauses = readClauses(template)
                let obligations = readObligations(template)
                guard let code, let version, let kind, let title, let parties, let termMonths,
                      let tasks, let clauses, let obligations else { return nil }
                return ContractTemplate(code: code, version: version, kind: kind, title: title, parties: parties,
                                        termMonths: termMonths, tasks: tasks, clauses: clauses, obligations: obligations)
            }
        }
        return (result.value, result.issues, codePosition)
    }

    /// A code people can type in a URL or a command: ASCII letters, digits, `-` and `_`.
    static func readCode(_ value: ValueReader) -> String? {
        guard let text = value.string() else { return nil }
        guard isCode(text) else {
            value.report("'\(text)' is not a valid code: use only letters a-z and A-Z, digits, '-' and '_'")
            return nil
        }
        return text
    }

    private static func readParties(_ template: MappingReader, kind: ContractKind?) -> [Party]? {
        guard let value = template.required("parties") else { return nil }
        guard let items = value.list({ item in item.enumValue(Party.self).map { (party: $0, at: item) } }) else { return nil }
        // An unknown party was already reported; counting the rest would only add a confusing second issue.
        guard items.count == value.count else { return nil }
        guard items.count == 2 else {
            value.report("expected exactly two parties (the bank side first), found \(items.count)")
            return nil
        }
        var valid = true
        let bankSides: [Party] = [.transactionOffice, .provincialBranch]
        if !bankSides.contains(items[0].party) {
            items[0].at.report("the first party must be the bank side (\(bankSides.map(\.rawValue).joined(separator: " or "))), found '\(items[0].party.rawValue)'")
            valid = false
        }
        if let kind, items[1].party != counterpart(of: kind) {
            items[1].at.report("a \(kind.rawValue) contract is signed with \(counterpart(of: kind).rawValue), found '\(items[1].party.rawValue)'")
            valid = false
        }
        return valid ? items.map(\.party) : nil
    }

    /// The side across from the bank, which is what each contract kind is named after.
    private static func counterpart(of kind: ContractKind) -> Party {
        switch kind {
        case .communeEntrustment: return .communeAssociation
        case .districtAgreement: return .districtAssociation
        case .provincialAgreement: return .provincialAssociation
        case .groupMandate: return .group
        }
    }

    private static func readTasks(_ template: MappingReader) -> [TaskTemplate]? {
        var firstLine: [String: Int] = [:]
        var valid = true
        let tasks = template.list("tasks", nonEmpty: true) { (item: ValueReader) -> TaskTemplate? in
            let task: TaskTemplate? = item.mapping(named: "a task") { task in
                task.declare("code", "area", "title")
                let codeValue = task.required("code")
                let code = codeValue.flatMap { unique(readCode($0), at: $0, kind: "task", seen: &firstLine) }
                let area = task.choice("area", from: taskAreas)
                let title = task.localized("title")
                guard let code, let area, let title else { return nil }
                return TaskTemplate(code: code, area: area, title: title)
            }
            if task == nil { valid = false }
            return task
        }
        guard let tasks, valid else { return nil }
        return tasks
    }

    private static func readClauses(_ template: MappingReader) -> [String: LocalizedText]? {
        guard let value = template.required("clauses") else { return nil }
        var valid = true
        let entries = value.entries { topic, text -> LocalizedText? in
            guard isValidTopic(topic, at: text) else { valid = false; return nil }
            guard let localized = text.localized() else { valid = false; return nil }
            return localized
        }
        guard let entries else { return nil }
        let topics = Set(entries.map(\.key))
        for topic in requiredClauses where !topics.contains(topic) {
            value.report("missing clause '\(topic)' (every template needs: \(requiredClauses.joined(separator: ", ")))")
            valid = false
        }
        guard valid else { return nil }
        return Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Clause topics follow the code rules; the issue points at the clause text, whose field names the topic.
    private static func isValidTopic(_ topic: String, at value: ValueReader) -> Bool {
        guard isCode(topic) else {
            value.report("'\(topic)' is not a valid clause topic: use only letters a-z and A-Z, digits, '-' and '_'")
            return false
        }
        return true
    }

    private static func isCode(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_": return true
            default: return false
            }
        }
    }

    private static func readObligations(_ template: MappingReader) -> [ObligationTemplate]? {
        var firstLine: [String: Int] = [:]
        var valid = true
        let obligations = template.list("obligations", nonEmpty: true) { (item: ValueReader) -> ObligationTemplate? in
            let obligation = readObligation(item, seen: &firstLine)
            if obligation == nil { valid = false }
            return obligation
        }
        guard let obligations, valid else { return nil }
        return obligations
    }

    private static func readObligation(_ item: ValueReader, seen: inout [String: Int]) -> ObligationTemplate? {
        item.mapping(named: "an obligation") { obligation -> ObligationTemplate? in
            obligation.declare("code", "title", "responsible", "participants", "schedule", "evidence", "grace_days")
            let codeValue = obligation.required("code")
            let code = codeValue.flatMap { unique(readCode($0), at: $0, kind: "obligation", seen: &seen) }
            let title = obligation.localized("title")
            let responsible = obligation.enumValue("responsible", Party.self)
            let participants = readParticipants(obligation, responsible: responsible)
            let schedule = obligation.required("schedule").flatMap(ScheduleReader.schedule)
            let evidence = obligation.localized("evidence")
            let graceDays = obligation.int("grace_days", in: 0...Int.max)
            guard let code, let title, let responsible, let participants, let schedule, let evidence, let graceDays else {
                return nil
            }
            return ObligationTemplate(code: code, title: title, responsible: responsible, participants: participants,
                                      schedule: schedule, evidence: evidence, graceDays: graceDays)
        }
    }

    /// Optional; every entry must be a known party, listed once, and not the responsible party again.
    private static func readParticipants(_ obligation: MappingReader, responsible: Party?) -> [Party]? {
        guard let value = obligation.value("participants") else { return [] }
        var valid = true
        var parties: [Party] = []
        let read = value.list { (item: ValueReader) -> Party? in
            guard let party = item.enumValue(Party.self) else {
                valid = false
                return nil
            }
            if party == responsible {
                item.report("'\(party.rawValue)' is already the responsible party; list only the others who take part")
                valid = false
            } else if parties.contains(party) {
                item.report("'\(party.rawValue)' is listed twice")
                valid = false
            }
            parties.append(party)
            return party
        }
        return valid && read != nil ? parties : nil
    }

    /// `code` if no earlier item of the same list used it; reports the duplicate otherwise.
    private static func unique(_ code: String?, at value: ValueReader, kind: String, seen: inout [String: Int]) -> String? {
        guard let code else { return nil }
        if let line = seen[code] {
            value.report("duplicate \(kind) code '\(code)' (first used on line \(line))")
            return nil
        }
        seen[code] = value.line
        return code
    }
}
