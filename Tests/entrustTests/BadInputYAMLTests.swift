import Foundation
import Testing

/// The YAML half of the corpus (`Tests/BadInput/yaml`), through every loader of human-edited YAML: the organisation
/// bulk file (`load`), contract templates (`templates check`), the group scorecard (`evaluate`), fee schedules (`fees`),
/// the holiday calendar (`holidays list`, `meetings schedule`) and reminder rules (`notifications check`,
/// `reminders plan`). Every refusal names the file and line; nothing is written.
@Suite(.serialized) struct BadInputYAMLTests {
    /// Where each corpus file is put in a copy of `contracts/` (or `notifications/`), and the command that reads it.
    struct Loader {
        var name: String
        /// The file's path inside the copied folder, and how errors name it.
        var target: String
        var notifications = false
        var commands: [[String]]
    }

    static let loaders: [Loader] = [
        Loader(name: "template", target: "templates/hostile.yaml", commands: [["templates", "check"]]),
        Loader(name: "scorecard", target: "scorecards/group.yaml", commands: [["evaluate", "--month", "2024-02"]]),
        Loader(name: "fees", target: "fees/entrustment.yaml", commands: [["fees", "--month", "2024-02"]]),
        Loader(name: "holidays", target: "calendars/vn-holidays.yaml", commands: [
            ["holidays", "list", "--year", "2024"],
            ["meetings", "schedule", "--kind", "group_meeting", "--group", "TS-G01", "--start", "2024-04-10T08:00", "--rrule", "FREQ=MONTHLY;COUNT=3"],
        ]),
        Loader(name: "rules", target: "rules.yaml", notifications: true, commands: [["notifications", "check"], ["reminders", "plan"]]),
    ]

    /// Copies `contracts/` and `notifications/` into the CLI's folder with `file` in place of the loader's target.
    func install(_ file: String, for loader: Loader, in cli: CLI) throws -> (contracts: String, environment: [String: String]) {
        let contracts = cli.path("contracts-\(loader.name)"), notifications = cli.path("notifications-\(loader.name)")
        for (from, to) in [("contracts", contracts), ("notifications", notifications)] where !FileManager.default.fileExists(atPath: to) {
            try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent(from).path, toPath: to)
        }
        let target = (loader.notifications ? notifications : contracts) + "/" + loader.target
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: BadInput.path(file), toPath: target)
        return (contracts, ["ENTRUST_NOTIFICATIONS": notifications])
    }

    /// Runs every command of the loader with the hostile file in place; each must refuse, naming the file.
    func refuses(_ file: String, loader: Loader, saying expected: [String], in cli: CLI, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let (contracts, environment) = try install(file, for: loader, in: cli)
        let fileName = URL(fileURLWithPath: loader.target).lastPathComponent
        for command in loader.commands {
            try await cli.refuses(command, saying: ["invalid configuration", fileName] + expected, environment: environment, contracts: contracts,
                            sourceLocation: sourceLocation)
        }
    }

    // The limit only catches a hang (an expanding bomb never ends): the commands run one after another while the rest of
    // the suite, both engines, shares the two cores, which took 7.5 minutes in CI.
    @Test(.timeLimit(.minutes(20))) func aliasBombsAreRefusedAtTheFirstAnchorEverywhereWithinAMemoryLimit() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        for bomb in ["yaml/billion-laughs.yaml", "yaml/alias-bomb-in-key.yaml"] {
            try await cli.refuses(["load", BadInput.path(bomb)],
                            saying: [":3:", "anchors and aliases are not allowed (&name, *name): write the value out in full"])
            for loader in Self.loaders {
                try await refuses(bomb, loader: loader, saying: [":3:", "anchors and aliases are not allowed"], in: cli)
            }
            // Under a 1 GiB address-space limit (expanding the bomb needs far more), the refusal is the same.
            let limited = try await BadInput.spawn("/bin/sh", ["-c", "ulimit -v 1048576; exec \"$0\" \"$@\"", CLI.executable.path, "load",
                                                                BadInput.path(bomb), "--db", cli.database],
                                                   environment: ProcessInfo.processInfo.merging(["ENTRUST_TODAY": cli.today]), in: cli.folder)
            #expect(limited.status == 1 && limited.stderr.contains("anchors and aliases are not allowed"), "\(limited.status): \(limited.stderr)")
        }
        // Deep nesting is no alias, but would recurse once per level: refused by its depth, not by a crash.
        let deep = try cli.write("deep.yaml", "admin_units: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n")
        try await cli.refuses(["load", deep], saying: ["deep.yaml:1:15: the values are nested too deeply"])
    }

    @Test func wrongTypesAreNamedWithFileLineAndField() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        try await cli.refuses(["load", BadInput.path("yaml/organisation-wrong-types.yaml")], saying: [
            "organisation-wrong-types.yaml:3", "name", "organisation-wrong-types.yaml:5", "fixed_day", "organisation-wrong-types.yaml:7", "approver",
        ])
        let cases: [(file: String, loader: Int, expected: [String])] = [
            ("yaml/template-wrong-types.yaml", 0, ["hostile.yaml:5", "title", "hostile.yaml:7", "term_months", "hostile.yaml:22", "schedule",
                                                   "hostile.yaml:24", "grace_days"]),
            ("yaml/scorecard-wrong-types.yaml", 1, ["group.yaml:4", "good", "group.yaml:7", "max_points", "group.yaml:17"]),
            ("yaml/fees-wrong-types.yaml", 2, ["entrustment.yaml:5", "programmes", "entrustment.yaml:12", "split"]),
            ("yaml/holidays-wrong-types.yaml", 3, ["vn-holidays.yaml:17", "days_after", "vn-holidays.yaml:25", "month"]),
            ("yaml/rules-wrong-types.yaml", 4, ["rules.yaml:10", "offsets", "rules.yaml:28", "urgent"]),
        ]
        for (file, loader, expected) in cases {
            try await refuses(file, loader: Self.loaders[loader], saying: expected, in: cli)
        }
    }

    @Test func unknownKeysAreRefusedByNameWithTheLikelyKey() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        try await cli.refuses(["load", BadInput.path("yaml/organisation-unknown-key.yaml")], saying: [
            "organisation-unknown-key.yaml:3", "bank_unti", "did you mean 'bank_unit'?", "organisation-unknown-key.yaml:4", "peoples", "did you mean 'people'?",
        ])
        let cases: [(file: String, loader: Int, expected: [String])] = [
            ("yaml/template-unknown-key.yaml", 0, ["hostile.yaml:19", "titel", "hostile.yaml:25", "unknown key 'penalty'"]),
            ("yaml/scorecard-unknown-key.yaml", 1, ["group.yaml:14", "max_point", "group.yaml:22", "at_leest"]),
            ("yaml/fees-unknown-key.yaml", 2, ["entrustment.yaml:7", "reductons", "reductions"]),
            ("yaml/holidays-unknown-key.yaml", 3, ["vn-holidays.yaml:17", "day_after", "did you mean 'days_after'?"]),
            ("yaml/rules-unknown-key.yaml", 4, ["rules.yaml:12", "chanels", "channels"]),
        ]
        for (file, loader, expected) in cases {
            try await refuses(file, loader: Self.loaders[loader], saying: expected, in: cli)
        }
    }
}

extension ProcessInfo {
    /// The environment with some variables set.
    func merging(_ extra: [String: String]) -> [String: String] { environment.merging(extra) { $1 } }
}
