import EntrustConfig
import EntrustCore
import Foundation
import Testing

/// The reader on its own, as other loaders (holiday calendars, scorecards, bulk loads) use it.
@Suite struct YAMLReaderTests {
    struct Holiday: Equatable {
        var date: String
        var name: LocalizedText
        var paid: Bool
        var days: Int?
    }

    func readHolidays(_ yaml: String) throws(ConfigError) -> [Holiday] {
        try YAMLReader.readMapping(yaml: yaml, file: "holidays.yaml") { root in
            root.list("holidays", nonEmpty: true) { item in
                item.mapping(named: "a holiday") { row in
                    row.declare("date", "name", "paid", "days")
                    let date = row.string("date")
                    let name = row.localized("name")
                    let paid = row.bool("paid")
                    let days = row.optionalInt("days", in: 1...10)
                    guard let date, let name, let paid else { return nil }
                    return Holiday(date: date, name: name, paid: paid, days: days)
                }
            }
        }
    }

    func issues(_ yaml: String) -> [ConfigIssue] {
        do {
            _ = try readHolidays(yaml)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func readsAValidFile() throws {
        let holidays = try readHolidays("""
        holidays:
          - date: 2024-09-02
            name: {vi: "Quốc khánh", en: "National Day"}
            paid: true
            days: 2
          - {date: 2024-01-01, name: {vi: "Tết Dương lịch", en: "New Year"}, paid: false}
        """)
        #expect(holidays == [
            Holiday(date: "2024-09-02", name: LocalizedText(vi: "Quốc khánh", en: "National Day"), paid: true, days: 2),
            Holiday(date: "2024-01-01", name: LocalizedText(vi: "Tết Dương lịch", en: "New Year"), paid: false, days: nil),
        ])
    }

    @Test func collectsEveryIssueInLineOrder() {
        let found = issues("""
        holidays:
          - date: 2024-09-02
            name: {vi: "Quốc khánh", en: ""}
            paid: yes
            days: [1]
          - name: {vi: "Tết", en: "Tet", fr: "Têt"}
            paid: true
            colour: red
        extra: 1
        """)
        #expect(found.map { "\($0.line):\($0.column) \($0.field): \($0.message)" } == [
            "3:34 holidays[0].name.en: must not be empty",
            "4:11 holidays[0].paid: expected true or false, found 'yes'",
            "5:11 holidays[0].days: expected an integer, found a list",
            "6:5 holidays[1].date: missing required key 'date' in a holiday",
            "6:34 holidays[1].name.fr: unknown key 'fr' in a text in two languages (expected one of: vi, en)",
            "8:5 holidays[1].colour: unknown key 'colour' in a holiday (expected one of: date, name, paid, days)",
            "9:1 extra: unknown key 'extra' (expected one of: holidays)",
        ])
    }

    @Test func wrongShapesAreNamed() {
        #expect(issues("holidays: 3\n").map(\.message) == ["expected a list, found '3'"])
        #expect(issues("- a\n- b\n").map(\.message) == ["expected a mapping (key: value), found a list"])
        #expect(issues("holidays: []\n").map(\.message) == ["must not be empty"])
        #expect(issues("holidays:\n").map(\.message) == ["missing value"])
        #expect(issues("").map { "\($0.line) \($0.message)" } == ["1 the file is empty"])
    }

    @Test func syntaxErrorsCarryTheLineYamsGives() {
        let found = issues("holidays:\n  - date: [2024-01-01\n    paid: true\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 3)
        #expect(found.first?.field == "")
        #expect(found.first?.message.hasPrefix("YAML syntax error: ") == true)
        #expect(found.first?.description.hasPrefix("holidays.yaml:3:") == true)

        let tab = issues("holidays:\n\t- date: x\n")
        #expect(tab.map(\.line) == [2])

        let twoDocuments = issues("holidays: []\n---\nholidays: []\n")
        #expect(twoDocuments.map { "\($0.line) \($0.message)" }
                == ["2 YAML syntax error: a second document starts here ('---'); a file holds one document"])
    }

    @Test func duplicateKeysAreRefused() {
        let found = issues("holidays: []\nholidays: []\n")
        #expect(found.map(\.message) == ["duplicate key 'holidays' in the same mapping"])
        #expect(found.first?.line == 1)
    }

    // Hang guards (a bomb that expands never ends), not timings: the whole two-engine suite shares 2 cores.
    @Test(.timeLimit(.minutes(20))) func anAliasBombIsRefused() {
        var bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        bomb += "holidays: *i\n"
        let found = issues(bomb)
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.message.hasPrefix("anchors and aliases are not allowed") })
        #expect(found.first?.line == 1)
        #expect(found.contains { $0.line == 10 })
    }

    /// Yams hashes mapping keys while composing, so an alias used as a key would expand inside Yams itself.
    @Test(.timeLimit(.minutes(20))) func anAliasBombInAKeyIsRefusedBeforeYamsExpandsIt() {
        var bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ",") + "]\n"
            previous = name
        }
        bomb += "? *j\n: boom\n"
        let found = issues(bomb)
        #expect(found.contains { $0.line == 11 && $0.message.hasPrefix("anchors and aliases are not allowed") })
    }

    @Test func aLoneAnchorOrAliasIsRefused() {
        #expect(issues("holidays: &list []\n").map { "\($0.line):\($0.column) \($0.message)" }
                == ["1:11 anchors and aliases are not allowed (&name, *name): write the value out in full"])
        #expect(issues("holidays: [*nowhere]\n").map { "\($0.line):\($0.column)" } == ["1:12"])
    }

    @Test func starsAndAmpersandsInTextAreKept() throws {
        let holidays = try readHolidays("""
        holidays:
          - date: 5*3
            name:
              vi: "Ngày *quan trọng* & vui"
              en: |
                *Important* day
            paid: true
        """)
        #expect(holidays.first?.date == "5*3")
        #expect(holidays.first?.name.vi == "Ngày *quan trọng* & vui")
        #expect(holidays.first?.name.en == "*Important* day")
    }

    @Test func enumValuesListTheAllowedOnes() {
        let result = YAMLReader.read(yaml: "party: bank\n", file: "p.yaml") { root in
            root.mapping { $0.enumValue("party", Party.self) }
        }
        #expect(result.value == nil)
        #expect(result.issues.map(\.description) == [
            "p.yaml:1:8: party: unknown value 'bank' (expected one of: \(Party.allCases.map(\.rawValue).joined(separator: ", ")))",
        ])
        let ok = YAMLReader.read(yaml: "party: group_leader\n", file: "p.yaml") { root in
            root.mapping { $0.enumValue("party", Party.self) }
        }
        #expect(ok.value == .groupLeader)
        #expect(ok.issues.isEmpty)
    }

    @Test func freeKeyedMappingsKeepFileOrder() {
        let result = YAMLReader.read(yaml: "rates:\n  b: 2\n  a: 1\n  c: x\n", file: "r.yaml") { root in
            root.mapping { $0.entries("rates") { _, value in value.int() } }
        }
        #expect(result.value == nil)
        #expect(result.issues.map(\.field) == ["rates.c"])
        let ok = YAMLReader.read(yaml: "rates:\n  b: 2\n  a: 1\n", file: "r.yaml") { root in
            root.mapping { $0.entries("rates") { _, value in value.int() }?.map { "\($0.key)=\($0.value)" } }
        }
        #expect(ok.value == ["b=2", "a=1"])
    }

    @Test func issuesPrintLikeCompilerDiagnostics() {
        let error = ConfigError(issues: [
            ConfigIssue(file: "a.yaml", line: 3, column: 5, field: "obligations[0].code", message: "must not be empty"),
            ConfigIssue(file: "a.yaml", line: 7, column: 1, field: "", message: "YAML syntax error: x"),
        ])
        #expect(error.description == "a.yaml:3:5: obligations[0].code: must not be empty\na.yaml:7:1: YAML syntax error: x")
    }
}
