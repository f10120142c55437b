import Foundation
import Testing

/// Issue 13 on the command line: the extremes of every value option of every command (§1), control characters in
/// arguments, CSV and YAML (§8), one limit per kind of text field (§9), completion dates (§6) and impossible values on
/// import (§10). Every refusal is an `error:` line (or ArgumentParser's usage error), never a signal.
@Suite(.serialized) struct InputLimitsCLITests {
    /// Commands that serve, deliver, measure or reach the network run until stopped: their options are covered by
    /// the `Bounds` transforms, which ArgumentParser applies before `run`.
    static let longRunning: Set<String> = ["serve", "deliver", "bench", "demo", "email", "test"]

    /// A value that lets a command reach its `run` for an option that is not the one under test.
    static func filler(_ name: String) -> String {
        switch name {
        case "start": "2024-03-20T08:00"
        case "month", "from", "to": "2024-02"
        case "on", "date", "founded", "until", "horizon", "due-after", "due-before", "end", "joined", "deadline", "today": "2024-03-01"
        case "kind": "group_meeting"
        case "group": "TS-G01"
        case "association": "TANSON-HND"
        case "commune": "TANSON"
        case "year": "2024"
        default: "x"
        }
    }

    /// The extreme an option's name calls for: the far end of a date, a month, a date-time or a number.
    static func extreme(_ name: String) -> String {
        switch filler(name) {
        case "2024-03-20T08:00": "9999-06-01T08:00"
        case "2024-02": "0001-01"
        case "2024": "99999999999999999999"
        default: name.contains("limit") || name.contains("months") || name.contains("count") || name.contains("port")
            || name.contains("day") || name.contains("top") || name.contains("minutes") || name.contains("duration")
            || name.contains("capacity") || name.contains("target") || name.contains("window") || name.contains("saving")
            ? "99999999999999999999" : "9999-12-31"
        }
    }

    struct Leaf {
        var path: [String]
        var positionals: Int
        var options: [(name: String, required: Bool)]
    }

    static func leaves(_ node: [String: Any], path: [String]) -> [Leaf] {
        let name = node["commandName"] as? String ?? ""
        let here = path + (path.isEmpty && name == "entrust" ? [] : [name])
        if let subcommands = node["subcommands"] as? [[String: Any]], !subcommands.isEmpty {
            return subcommands.flatMap { leaves($0, path: here) }
        }
        var leaf = Leaf(path: here, positionals: 0, options: [])
        for argument in node["arguments"] as? [[String: Any]] ?? [] {
            let kind = argument["kind"] as? String
            let optional = argument["isOptional"] as? Bool ?? true
            let long = (argument["names"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == "long" }?["name"] as? String
            if kind == "positional" && !optional { leaf.positionals += 1 }
            if kind == "option", let long, !["db", "contracts", "notifications", "as", "lang", "format"].contains(long) {
                leaf.options.append((long, !optional))
            }
        }
        return [leaf]
    }

    @Test func everyValueOptionOfEveryCommandAnswersItsExtremes() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        let dump = try await cli.run(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let leaves = Self.leaves(root["command"] as? [String: Any] ?? [:], path: []).filter { Set($0.path).isDisjoint(with: Self.longRunning) }
        #expect(leaves.count > 40, "commands found: \(leaves.count)")
        // One run per option (and one for the positionals), with the extreme its name calls for, three at a time.
        var invocations: [[String]] = []
        for leaf in leaves where !leaf.options.isEmpty || leaf.positionals > 0 {
            let targets: [String?] = leaf.options.map(\.name) + (leaf.positionals > 0 ? [nil] : [])
            for target in targets {
                let value = target.map(Self.extreme) ?? "9999-12-31"
                var arguments = leaf.path + Array(repeating: target == nil ? value : "X", count: leaf.positionals)
                for option in leaf.options where option.name == target || option.required {
                    arguments.append("--\(option.name)=\(option.name == target ? value : Self.filler(option.name))")
                }
                invocations.append(arguments)
            }
        }
        var runs = 0
        for start in stride(from: 0, to: invocations.count, by: 3) {
            let batch = Array(invocations[start..<min(start + 3, invocations.count)])
            let outputs = try await withThrowingTaskGroup(of: ([String], CLI.Output).self) { group in
                for arguments in batch { group.addTask { (arguments, try await cli.run(arguments)) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for (arguments, output) in outputs {
                runs += 1
                let shown = "entrust \(arguments.joined(separator: " "))"
                #expect(output.status < 128, "\(shown) ended by signal \(output.status - 128): \(output.stderr.suffix(300))")
                #expect([0, 1, 64].contains(output.status), "\(shown): exit \(output.status) \(output.stderr.suffix(300))")
                for leak in ["Fatal error", "Stack dump", "SQLite error"] { #expect(!output.stderr.contains(leak), "\(shown): \(leak)") }
            }
        }
        #expect(runs > 150, "runs: \(runs)")
    }

    @Test func theCommandsThatOnceTrappedSayWhyInOneLine() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        for start in ["9999-06-01T08:00", "0001-01-01T08:00", "2201-01-01T08:00"] {
            try await cli.refuses(["meetings", "schedule", "--kind", "group_meeting", "--group", "TS-G01", "--start", start, "--rrule", "FREQ=MONTHLY"],
                                  saying: ["--start", "out of range 1900-2200"])
        }
        for month in ["0001-01", "9999-12", "2201-01"] {
            try await cli.refuses(["evaluate", "--month", month], saying: ["--month", "the year must be from 1900 to 2200"])
            try await cli.refuses(["import", "loans", "x.csv", "--month", month], saying: ["--month", "the year must be from 1900 to 2200"])
        }
        let usage = try await cli.run(["obligations", "list", "--limit=-1"])
        #expect(usage.status == 64 && usage.stderr.contains("expected a whole number from 1 to 10000000"), "\(usage.stderr)")
        let overflow = try await cli.run(["obligations", "extend", "--months", "99999999999999999999"])
        #expect(overflow.status == 64, "\(overflow.stderr)")
    }

    @Test func controlCharactersAreRefusedAtEveryDoorAndNothingIsCut() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        // An argument: refused before anything runs.
        try await cli.refuses(["groups", "add", "--name", "Tổ\u{7}chuông", "--commune", "TANSON", "--association", "TANSON-HND",
                               "--founded", "2015-03-01"], saying: ["contains a control character (U+0007)"])
        // A CSV cell.
        let csv = try cli.write("groups-nul.csv", "name,commune,association,founded_on\nTổ A\u{0}B,TANSON,TANSON-HND,2015-03-01\n")
        try await cli.refuses(["groups", "import", csv], saying: ["groups-nul.csv:2", "name", "U+0000"])
        // A YAML value, and a name longer than any name.
        let yaml = try cli.write("people.yaml", """
            people:
              - code: TANSON-X1
                name: "Vũ Thị\\u0000Hoa"
                association: TANSON-HND
                position: officer
              - code: TANSON-X2
                name: "\(String(repeating: "Ă", count: 201))"
                association: TANSON-HND
                position: officer
            """)
        try await cli.refuses(["load", yaml], saying: ["people.yaml:3", "U+0000", "people.yaml:7", "at most 200"])
    }

    @Test func impossibleValuesOnImportAreRefusedWithLineColumnAndValue() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        // More owed than lent.
        let row = LoansCLITests.row(7)
        var cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let disbursed = Int(cells[7]) ?? 0
        cells[8] = String(disbursed + 1)
        let file = try cli.write("loans-owed.csv", [LoansCLITests.header, cells.joined(separator: ",")].joined(separator: "\n"))
        try await cli.refuses(["import", "loans", file, "--month", "2024-03"],
                              saying: ["loans-owed.csv:2", "column outstanding_performing", "is more than disbursed_amount (\(disbursed))"])
        // Groups founded in the future or before 1900.
        for founded in ["2099-01-01", "1800-01-01"] {
            try await cli.refuses(["groups", "add", "--name", "Tổ mới", "--commune", "TANSON", "--association", "TANSON-HND", "--founded", founded],
                                  saying: [founded])
            let csv = try cli.write("groups-\(founded).csv", "name,commune,association,founded_on\nTổ mới,TANSON,TANSON-HND,\(founded)\n")
            try await cli.refuses(["groups", "import", csv], saying: ["groups-\(founded).csv:2", "founded_on"])
        }
    }
}
