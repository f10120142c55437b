import Foundation
import Testing

@Suite(.serialized) struct FoundationCLITests {
    @Test func aContractFromDraftToDoneObligation() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("district.yaml", districtYAML)
        #expect(try cli.ok(["load", file]).contains("loaded 3 administrative units, 4 bank units, 2 associations, 3 people"))
        try cli.ok(["contracts", "create", "--office", "KB", "--association", "TANSON-HND", "--start", "2024-01-01", "--as", "KB-CB01"])
        try cli.ok(["contracts", "submit", "KB-TANSON-HND-2024", "--as", "KB-CB01"])
        try cli.fails(["contracts", "approve", "KB-TANSON-HND-2024", "--as", "KB-CB01"], saying: "does not hold the approver role")
        #expect(try cli.ok(["contracts", "approve", "KB-TANSON-HND-2024", "--as", "KB-GD"]).contains("now active"))
        let late = try cli.ok(["obligations", "list", "--association", "TANSON-HND", "--status", "late", "--format", "json"])
        let items = try JSONSerialization.jsonObject(with: Data(late.utf8)) as? [[String: Any]] ?? []
        #expect(!items.isEmpty)
        let ref = try #require(items.first?["ref"] as? String)
        try cli.ok(["obligations", "complete", ref, "--evidence", "Biên bản số 12/BB-HND", "--as", "TANSON-HND-CT"])
        let done = try cli.ok(["obligations", "list", "--contract", "KB-TANSON-HND-2024", "--status", "done", "--format", "json"])
        #expect(done.contains(ref) && done.contains("Biên bản số 12/BB-HND"))
        #expect(try cli.ok(["audit", "log", "--entity", "obligation"]).contains("TANSON-HND-CT"))
        #expect(try cli.ok(["audit", "verify"]).contains("audit log intact"))
    }

    @Test func badInputGetsOneClearLineAndWritesNothing() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.ok(["load", try cli.write("district.yaml", districtYAML)])
        try cli.ok(["contracts", "create", "--office", "KB", "--association", "TANSON-HND", "--start", "2024-01-01", "--number", "KB-1"])
        let before = try cli.auditRows()
        let create = ["contracts", "create", "--office", "KB", "--association", "TANSON-HND"]
        try cli.fails(create + ["--start", "2024-02-30"], saying: "--start: '2024-02-30' is not a valid date")
        try cli.fails(["contracts", "create", "--office", "KB", "--association", "NO-SUCH", "--start", "2024-01-01"], saying: "unknown association 'NO-SUCH'")
        try cli.fails(create + ["--start", "2024-06-01", "--end", "2024-05-31"], saying: "the end date 2024-05-31 is before the start date 2024-06-01")
        try cli.fails(create + ["--start", "2024-01-01", "--number", "KB-1"], saying: "contract 'KB-1' already exists")
        try cli.fails(["contracts", "show", "KB-404"], saying: "unknown contract 'KB-404'")
        try cli.fails(["contracts", "suspend", "KB-1", "--reason", "x"], saying: "suspend is allowed only from: active")
        try cli.fails(["obligations", "list", "--status", "overdue"], saying: "--status")
        try cli.fails(["events", "record", "disbursement", "--association", "TANSON-HND", "--date", "2024-01-05", "--ref", "L1"],
                      saying: "no active contract of association TANSON-HND covers 2024-01-05")
        try cli.fails(["people", "add", "--code", "X1", "--name", "A", "--association", "TANSON-HND", "--email", "nope"], saying: "--email 'nope'")
        try cli.fails(["people", "add", "--code", "X1", "--name", "A", "--association", "TANSON-HND", "--as", "NOBODY"], saying: "unknown person 'NOBODY'")
        // Malformed YAML names the file and line; a file with bad rows names each and loads none of them.
        try cli.fails(["load", try cli.write("broken.yaml", "admin_units:\n  - {code: A, kind: commune\n")], saying: "broken.yaml:")
        let bad = try cli.write("bad.yaml", """
            admin_units:
              - {code: NEWC, kind: commune, name: Xã Mới, parent: KIMBANG}
              - {code: NEWV, kind: vilage, name: Thôn, parent: NEWC}
            people:
              - {code: P9, name: Ai đó, association: NOPE-HND}
            """)
        let output = try cli.run(["load", bad])
        #expect(output.status != 0)
        #expect(output.stderr.contains("bad.yaml:3"), "\(output.stderr)")
        #expect(output.stderr.contains("vilage"))
        try cli.fails(["load", try cli.write("good-then-bad.yaml", """
            admin_units:
              - {code: NEWC, kind: commune, name: Xã Mới, parent: KIMBANG}
            people:
              - {code: P9, name: Ai đó, association: NOPE-HND}
            """)], saying: "good-then-bad.yaml:4")
        #expect(try cli.ok(["admin-units", "list", "--kind", "commune"]).contains("NEWC") == false)
        #expect(try cli.auditRows() == before, "a refused command must write nothing")
    }

    @Test func templatesCheckNamesFileLineAndField() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.ok(["templates", "check"]).contains("templates valid"))
        let shipped = CLI.packageRoot.appendingPathComponent("contracts/templates/commune-entrustment.yaml")
        let text = try String(contentsOf: shipped, encoding: .utf8)
        let broken = text.replacingOccurrences(of: "kind: transaction_day", with: "kind: transaction_dya")
        #expect(broken != text)
        _ = try cli.write("contracts/templates/commune-entrustment.yaml", broken)
        let output = try cli.run(["templates", "check"], contracts: cli.path("contracts"))
        #expect(output.status != 0)
        #expect(output.stderr.contains("commune-entrustment.yaml:"))
        #expect(output.stderr.contains("transaction_dya"))
    }

    @Test func theAuditChainNamesATamperedRow() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.ok(["load", try cli.write("district.yaml", districtYAML)])
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [cli.database, "UPDATE audit_log SET after_json = replace(after_json, 'Tân Sơn', 'Tân Son') WHERE entity_key = 'TANSON'"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        let output = try cli.run(["audit", "verify"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("row 3 was altered"), "\(output.stderr)")
    }

    @Test func demoTwiceNeverDuplicates() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let demo = cli.path("demo.sqlite")
        let first = try cli.run(["demo"], db: demo)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("76 hợp đồng hiệu lực"), "\(first.stdout)")
        func contracts() throws -> Int {
            let json = try cli.run(["contracts", "list", "--state", "active", "--format", "json"], db: demo).stdout
            return (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])?.count ?? -1
        }
        #expect(try contracts() == 76)  // 72 commune contracts and 4 district agreements
        let names = try cli.run(["contracts", "list", "--format", "json"], db: demo).stdout
        for number in ["KB-TANSON-HND-2023", "KB-VANXA-HPN-2023", "KB-DONGHOA-CCB-2023", "KB-LEHO-DTN-2023", "KB-KIMBANG-HND-2023"] {
            #expect(names.contains(number), "\(number)")
        }
        let second = try cli.run(["demo"], db: demo)
        #expect(second.status == 0)
        #expect(second.stdout.contains("already exists"))
        #expect(try contracts() == 76)
        let rebuilt = try cli.run(["demo", "--force"], db: demo)
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try contracts() == 76)
        #expect(try cli.run(["audit", "verify"], db: demo).status == 0)
    }
}
