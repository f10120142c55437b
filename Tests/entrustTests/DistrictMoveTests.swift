import EntrustEngineTestSupport
import Foundation
import Testing

/// Moving a district from its SQLite file into PostgreSQL with `entrust export` and `entrust import district`.
@Suite(.serialized) struct DistrictMoveTests {
    func count(_ cluster: String, _ table: String) throws -> String {
        try csvQuery(.postgres, cluster, "SELECT COUNT(*) AS n FROM \(table)")
    }

    @Test func theDemoDistrictMovesIntoPostgreSQLAndReportsTheSameFigures() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let demo = cli.path("demo.sqlite")
        #expect(try cli.run(["demo"], db: demo).status == 0)
        #expect(try cli.run(["evaluate", "--month", "2023-08"], db: demo).status == 0)
        let before = try cli.run(["report", "district", "--month", "2023-08", "--lang", "en"], db: demo).stdout
        #expect(before.contains("512,143"), "\(before)")

        let file = cli.path("kimbang.export")
        let exported = try cli.run(["export", "--out", file, "--lang", "en"], db: demo)
        #expect(exported.status == 0 && exported.stdout.contains("Export id: "), "\(exported.stdout)\(exported.stderr)")
        try cli.fails(["export", "--out", file], db: demo, saying: "exists already")

        let cluster = try TestEngine.postgres.location(in: cli.folder)
        let dry = try cli.run(["import", "district", file, "--dry-run", "--lang", "en"], db: cluster)
        #expect(dry.status == 0 && dry.stdout.contains("nothing was written"), "\(dry.stdout)\(dry.stderr)")
        #expect(try count(cluster, "contract") == "n\n0")
        #expect(try count(cluster, "district_import") == "n\n0")

        let imported = try cli.run(["import", "district", file, "--lang", "en"], db: cluster)
        #expect(imported.status == 0 && imported.stdout.contains("imported"), "\(imported.stdout)\(imported.stderr)")
        let after = try cli.run(["report", "district", "--month", "2023-08", "--lang", "en"], db: cluster).stdout
        #expect(after == before)
        #expect(try count(cluster, "contract") == "n\n76")
        #expect(try count(cluster, "user_session") == "n\n0")
        let verified = try cli.run(["audit", "verify", "--lang", "en"], db: cluster)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(try count(cluster, "audit_archive") != "n\n0")

        // The same export again, and another district holding the same codes, are refused; nothing changes.
        try cli.fails(["import", "district", file], db: cluster, saying: "was already imported")
        let other = cli.path("other.sqlite")
        #expect(try cli.run(["demo"], db: other).status == 0)
        let otherFile = cli.path("other.export")
        #expect(try cli.run(["export", "--out", otherFile], db: other).status == 0)
        try cli.fails(["import", "district", otherFile], db: cluster, saying: "already exist in this database")
        #expect(try count(cluster, "contract") == "n\n76")

        // An export changed after the fact, or whose audit chain was edited, is refused before anything is written.
        let tampered = cli.path("tampered.export")
        try FileManager.default.copyItem(atPath: otherFile, toPath: tampered)
        _ = try sqlite(tampered, "DELETE FROM contract_change WHERE id = (SELECT MAX(id) FROM contract_change)")
        try cli.fails(["import", "district", tampered], db: cluster, saying: "was changed after the export")
        let edited = cli.path("edited.export")
        try FileManager.default.copyItem(atPath: otherFile, toPath: edited)
        _ = try sqlite(edited, "UPDATE audit_log SET actor = 'someone else' WHERE id = 3")
        try cli.fails(["import", "district", edited], db: cluster, saying: "broken audit chain")
        try cli.fails(["import", "district", cli.path("demo.sqlite")], db: cluster, saying: "is not an export")
    }
}
