import EntrustCore
import Foundation

/// Loads a holiday calendar from `contracts/calendars/*.yaml` (the format is in the header comment of
/// `contracts/calendars/vn-holidays.yaml`): every issue with file, line and field, unknown keys refused.
public enum HolidayCalendarLoader {
    /// A loaded calendar with its code and name.
    public struct Loaded: Sendable {
        public let code: String
        public let name: LocalizedText
        public let calendar: HolidayCalendar
        /// Where each override was announced, by holiday code and year, for display.
        public let sources: [String: String]
    }

    /// Reads and parses one calendar file; issues name it by its path as given.
    public static func load(file: URL) throws(ConfigError) -> Loaded {
        try parse(yaml: try YAMLReader.text(of: file), file: file.relativePath)
    }

    public static func parse(yaml: String, file: String) throws(ConfigError) -> Loaded {
        var extraIssues: [ConfigIssue] = []
        let loaded = try YAMLReader.readMapping(yaml: yaml, file: file) { root -> Loaded? in
            root.declare("code", "name", "weekend_compensation", "holidays", "overrides")
            let code = root.string("code"), name = root.localized("name")
            let compensates = root.optionalBool("weekend_compensation") ?? false
            struct RuleInput {
                var code: String, name: LocalizedText, anchor: HolidayRule.Anchor, before: Int, after: Int
                var value: ValueReader
            }
            var codeLines: [String: Int] = [:]
            let inputs: [RuleInput] = root.list("holidays", nonEmpty: true) { item in
                item.mapping(named: "a holiday") { row -> RuleInput? in
                    row.declare("code", "name", "solar", "lunar", "days_before", "days_after")
                    let code = row.string("code"), name = row.localized("name")
                    let before = row.optionalInt("days_before", in: 0...15) ?? 0
                    let after = row.optionalInt("days_after", in: 0...15) ?? 0
                    func monthDay(_ key: String, maxDay: Int) -> (Int, Int)? {
                        row.optionalMapping(key, named: "a month and day") { md -> (Int, Int)? in
                            md.declare("month", "day")
                            guard let month = md.int("month", in: 1...12), let day = md.int("day", in: 1...maxDay) else { return nil }
                            return (month, day)
                        }
                    }
                    let hasSolar = row.contains("solar"), hasLunar = row.contains("lunar")
                    var anchor: HolidayRule.Anchor?
                    if hasSolar == hasLunar {
                        row.report("give exactly one of solar or lunar")
                    } else if hasSolar, let (month, day) = monthDay("solar", maxDay: 31) {
                        if day > LocalDate.daysIn(year: 2024, month: month) {
                            row.report("day \(day) does not exist in month \(month)", at: "solar")
                        } else {
                            anchor = .solar(month: month, day: day)
                        }
                    } else if hasLunar, let (month, day) = monthDay("lunar", maxDay: 30) {
                        anchor = .lunar(month: month, day: day)
                    }
                    guard let code, let name, let anchor else { return nil }
                    if let line = codeLines[code] {
                        row.report("holiday code '\(code)' is already used at line \(line)", at: "code")
                        return nil
                    }
                    codeLines[code] = row.line
                    return RuleInput(code: code, name: name, anchor: anchor, before: before, after: after,
                                     value: ValueReader(node: item.node, log: item.log, field: item.field))
                }
            } ?? []
            var overrides: [String: [Int: [LocalDate]]] = [:]
            var sources: [String: String] = [:]
            _ = root.optionalList("overrides") { item in
                item.mapping(named: "an override") { row -> Bool? in
                    row.declare("holiday", "year", "days", "source")
                    let holiday = row.string("holiday"), year = row.int("year", in: 1900...2200)
                    let source = row.optionalString("source")
                    let days: [LocalDate]? = row.list("days") { day in
                        guard let text = day.string() else { return nil }
                        guard let date = try? LocalDate.parse(text, field: "days") else {
                            day.report("'\(text)' is not a valid date (YYYY-MM-DD, years \(LocalDate.inputYears.lowerBound)–\(LocalDate.inputYears.upperBound))")
                            return nil
                        }
                        return date
                    }
                    guard let holiday, let year, let days else { return nil }
                    guard codeLines[holiday] != nil else {
                        row.report("unknown holiday '\(holiday)' (known: \(inputs.map(\.code).joined(separator: ", ")))", at: "holiday")
                        return nil
                    }
                    if overrides[holiday]?[year] != nil {
                        row.report("\(holiday) \(year) is overridden twice", at: "year")
                        return nil
                    }
                    overrides[holiday, default: [:]][year] = days
                    if let source { sources["\(holiday) \(year)"] = source }
                    return true
                }
            }
            var rules: [HolidayRule] = []
            for input in inputs {
                do {
                    rules.append(try HolidayRule(code: input.code, name: input.name, anchor: input.anchor, daysBefore: input.before,
                                                 daysAfter: input.after, overrides: overrides[input.code] ?? [:]))
                } catch {
                    input.value.report(String(describing: error))
                }
            }
            guard let code, let name, rules.count == inputs.count else { return nil }
            do {
                return Loaded(code: code, name: name, calendar: try HolidayCalendar(rules: rules, compensatesWeekendHolidays: compensates),
                              sources: sources)
            } catch {
                extraIssues.append(ConfigIssue(file: file, line: 0, column: 0, field: "holidays", message: String(describing: error)))
                return nil
            }
        }
        if !extraIssues.isEmpty { throw ConfigError(issues: extraIssues) }
        return loaded
    }
}
