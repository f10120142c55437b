import Foundation
import Yams

/// Reads human-edited YAML files into typed values, collecting every issue with its file, line and field.
///
/// Built on `Yams` composition (nodes carry their position). Anchors and aliases are refused outright,
/// which also defeats "billion laughs" expansion bombs (see `YAMLReader+AliasGuard.swift`).
///
/// ```swift
/// let calendar = try YAMLReader.readMapping(yaml: text, file: "contracts/calendars/vn.yaml") { root in
///     root.declare("code", "holidays")
///     …
/// }
/// ```
public enum YAMLReader {
    /// Parses `yaml` and hands its root value to `body`.
    ///
    /// - Returns: the value `body` built, or nil when there was any issue (a value is only returned
    ///   when the whole file is valid), and every issue in line order.
    public static func read<T>(yaml: String, file: String, _ body: (ValueReader) -> T?) -> (value: T?, issues: [ConfigIssue]) {
        let log = IssueLog(file: file)
        guard let (root, parser) = compose(yaml, log: log) else {
            return (nil, log.sortedIssues)
        }
        let value = withExtendedLifetime(parser) {
            body(ValueReader(node: root, log: log, field: ""))
        }
        let issues = log.sortedIssues
        return (issues.isEmpty ? value : nil, issues)
    }

    /// Parses `yaml`, whose root must be a mapping, and reads it with `body`; unknown root keys are flagged.
    ///
    /// - Throws: `ConfigError` with every issue found, when there is at least one.
    public static func readMapping<T>(yaml: String, file: String, _ body: (MappingReader) -> T?) throws(ConfigError) -> T {
        let result = read(yaml: yaml, file: file) { root in root.mapping(body) }
        guard let value = result.value else {
            throw ConfigError(issues: result.issues.isEmpty
                ? [ConfigIssue(file: file, line: 0, column: 0, field: "", message: "no value was read")]
                : result.issues)
        }
        return value
    }

    /// The UTF-8 text of a file, or a `ConfigError` naming the file when it cannot be read.
    ///
    /// - Parameter name: how issues name the file; defaults to the path as given.
    public static func text(of url: URL, name: String? = nil) throws(ConfigError) -> String {
        let file = name ?? url.relativePath
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigError(issues: [ConfigIssue(file: file, line: 0, column: 0, field: "",
                                                   message: "cannot read the file: \(error.localizedDescription)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(issues: [ConfigIssue(file: file, line: 0, column: 0, field: "",
                                                   message: "the file is not UTF-8 text")])
        }
        return text
    }

    // MARK: - Composition

    /// The root node and the parser that made it. The parser must outlive any look at node anchors:
    /// Yams holds anchors weakly and the parser keeps them alive.
    static func compose(_ yaml: String, log: IssueLog) -> (Node, Parser)? {
        // libyaml skips a byte-order mark; dropping it here keeps our own positions in step with its marks.
        let text = yaml.hasPrefix("\u{FEFF}") ? String(yaml.dropFirst()) : yaml
        let defused = AliasGuard.defuse(text)
        guard let (root, parser) = composeOnce(defused, log: log) else { return nil }
        let refused = withExtendedLifetime(parser) { AliasGuard.refuseAnchors(in: root, log: log) }
        guard !refused else { return nil }
        if defused == text { return (root, parser) }
        // The defused text had no alias, and every alias of the original was defused, so the
        // original has none either: composing it cannot expand anything.
        return composeOnce(text, log: log)
    }

    private static func composeOnce(_ text: String, log: IssueLog) -> (Node, Parser)? {
        do {
            let parser = try Parser(yaml: text, encoding: .utf8)
            guard let root = try parser.singleRoot() else {
                log.add(line: 1, column: 1, field: "", message: "the file is empty")
                return nil
            }
            return (root, parser)
        } catch let error as YamlError {
            report(error, in: text, log: log)
            return nil
        } catch {
            log.add(line: 0, column: 0, field: "", message: "cannot parse the YAML: \(error)")
            return nil
        }
    }

    private static func report(_ error: YamlError, in text: String, log: IssueLog) {
        func syntax(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) {
            // Yams words this one as a continuation of its context; say it plainly.
            if problem == "but found another document" {
                log.add(line: mark.line, column: mark.column, field: "",
                        message: "YAML syntax error: a second document starts here ('---'); a file holds one document")
                return
            }
            // libyaml names its own API here ("set with yaml_set_max_nest_level()"); say what is wrong with the file.
            if problem.hasPrefix("Maximum nesting level reached") {
                log.add(line: mark.line, column: mark.column, field: "",
                        message: "the values are nested too deeply (lists or mappings inside each other hundreds of levels down)")
                return
            }
            var message = "YAML syntax error: \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            log.add(line: mark.line, column: mark.column, field: "", message: message)
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            syntax(context, problem, mark)
        case let .duplicatedKeysInMapping(duplicates, context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            log.add(line: context.mark.line, column: context.mark.column, field: "",
                    message: "duplicate key \(names) in the same mapping")
        case let .reader(problem, offset, _, _):
            let (line, column) = offset.map { position(ofUTF8Offset: $0, in: text) } ?? (0, 0)
            log.add(line: line, column: column, field: "", message: "cannot read the text: \(problem)")
        default:
            log.add(line: 0, column: 0, field: "", message: "cannot parse the YAML: \(error)")
        }
    }

    /// Line and column (1-based, in Unicode scalars) of a byte offset, for libyaml reader errors.
    private static func position(ofUTF8Offset offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1, bytes = 0
        for scalar in text.unicodeScalars {
            if bytes >= offset { break }
            bytes += String(scalar).utf8.count
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
