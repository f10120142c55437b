import Foundation
import Testing

/// The RRULE part of the corpus (`Tests/BadInput/rrule`): nonsense is refused with the part named, by
/// `calendar expand` and by `meetings schedule` (which writes nothing); rules that would repeat forever stop at a
/// documented bound (one year without COUNT or UNTIL, at most 10,000 printed, a horizon at most 10 years ahead).
@Suite(.serialized) struct BadInputRRuleTests {
    @Test func nonsenseRulesAreRefusedNamingThePart() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        let cases = try BadInput.table("rrule/nonsense.tsv")
        #expect(cases.count >= 20)
        for fields in cases {
            let (rule, expected) = (fields[0], fields[1])
            try await cli.refuses(["calendar", "expand", "--rrule", rule, "--start", "2024-01-10T08:00"], saying: [expected])
            try await cli.refuses(["meetings", "schedule", "--kind", "group_meeting", "--group", "TS-G01", "--start", "2024-01-10T08:00", "--rrule", rule],
                            saying: [expected])
        }
        // The options that build a rule are checked the same way.
        // A count outside 1–10,000 is refused by the option itself (Bounds), before a rule is built.
        for count in ["-5", "0", "999999999"] {
            let refused = try await cli.run(["calendar", "expand", "--rrule", "FREQ=DAILY", "--start", "2024-01-10T08:00", "--count=\(count)"])
            #expect(refused.status == 64 && refused.stderr.contains("expected a whole number from 1 to 10000"), "--count \(count): \(refused.stderr)")
        }
        try await cli.refuses(["calendar", "expand", "--rrule", "FREQ=DAILY", "--start", "2024-01-10T08:00", "--count", "2", "--until", "2024-02-01"],
                        saying: ["COUNT and UNTIL cannot both be given"])
        try await cli.refuses(["calendar", "expand", "--rrule", "FREQ=DAILY", "--start", "someday"], saying: ["--start: 'someday' is not a valid date-time"])
        try await cli.refuses(["calendar", "expand", "--lunar", "35", "--start", "2024-01-10T08:00"], saying: ["lunar: '35' is not valid", "expected 1 to 30"])
        try await cli.refuses(["calendar", "expand", "--lunar", "15 every", "--start", "2024-01-10T08:00"], saying: ["lunar: '15 every' is not valid"])
    }

    @Test func rulesWithoutAnEndStopAtADocumentedBoundAndSaySo() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        for fields in try BadInput.table("rrule/unbounded.tsv") {
            let (rule, extra, expected) = (fields[0], fields[1].split(separator: " ").map(String.init), Int(fields[2])!)
            let output = try await cli.run(["calendar", "expand", "--rrule", rule, "--start", "2024-01-10T08:00", "--lang", "en"] + extra)
            let lines = output.stdout.split(separator: "\n")
            #expect(output.status == 0, "\(rule) \(extra): \(output.stderr)")
            #expect(lines.count == expected, "\(rule) \(extra): \(lines.count) occurrences, expected \(expected)")
            #expect(lines.allSatisfy { $0.count == 16 && $0.hasSuffix("T08:00") }, "\(rule): \(lines.prefix(3))")
            if !rule.contains("COUNT") && !rule.contains("UNTIL") && extra.isEmpty {
                #expect(output.stderr.contains("note: the rule has no COUNT or UNTIL (it repeats forever): showing one year from the start"), "\(output.stderr)")
            }
            if expected == 10_000 {
                #expect(output.stderr.contains("note: showing the first 10000 occurrences only"), "\(output.stderr)")
            }
        }
        // Lunar rules have no end either.
        let lunar = try await cli.run(["calendar", "expand", "--lunar", "15", "--start", "2024-01-25T19:00", "--lang", "en"])
        #expect(lunar.stdout.split(separator: "\n").count == 13 && lunar.stderr.contains("showing one year from the start"), "\(lunar.stdout)\(lunar.stderr)")
        let many = try await cli.run(["calendar", "expand", "--lunar", "15", "--start", "2024-01-25T19:00", "--count", "10000"])
        #expect(many.stdout.split(separator: "\n").count == 10_000, "\(many.stderr)")

        // A meeting series without COUNT or UNTIL is written up to its horizon: a year ahead by default, at most ten.
        let scheduled = try await cli.succeeds(["meetings", "schedule", "--kind", "group_meeting", "--group", "TS-G01", "--start", "2024-01-10T08:00",
                                    "--rrule", "FREQ=DAILY", "--holiday-policy", "keep", "--lang", "en"])
        // From 10 January 2024 to 15 March 2025 (today 15 March 2024, plus twelve months): 431 days.
        #expect(scheduled.contains("scheduled TS-G01-HT: 431 occurrences"), "\(scheduled)")
        try await cli.refuses(["meetings", "schedule", "--kind", "group_meeting", "--group", "TS-G01", "--start", "2024-01-10T08:00",
                         "--rrule", "FREQ=DAILY", "--horizon", "2200-12-31"],
                        saying: ["--horizon '2200-12-31': is more than 10 years ahead (the latest is 2034-03-15)", "entrust meetings extend"])
        try await cli.refuses(["meetings", "extend", "--until", "2200-12-31"], saying: ["--until '2200-12-31': is more than 10 years ahead"])
        // Past the input years, the date itself is refused.
        try await cli.refuses(["meetings", "extend", "--until", "9999-12-31"], saying: ["--until: '9999-12-31' is out of range (the year must be from 1900 to 2200)"])
        // A start in year 1 (a daily rule of 740,000 days to the horizon) is outside the input years altogether; from 1900
        // a daily rule stays under the 100,000-occurrence limit.
        try await cli.refuses(["meetings", "schedule", "--kind", "group_meeting", "--group", "TS-G01", "--start", "0001-01-01T08:00", "--rrule", "FREQ=DAILY"],
                        saying: ["--start", "out of range 1900-2200"])
        let far = try await cli.succeeds(["meetings", "schedule", "--kind", "loan_review", "--group", "TS-G01", "--start", "2024-04-10T08:00",
                              "--rrule", "FREQ=YEARLY", "--horizon", "2034-03-15", "--lang", "en"])
        #expect(far.contains("scheduled TS-G01-BX: 10 occurrences"), "\(far)")
    }
}
