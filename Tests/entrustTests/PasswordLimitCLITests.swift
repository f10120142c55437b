import Foundation
import Testing

/// Issue 13 (5): `users add` and `users passwd` refuse a password bcrypt would truncate (over 72 bytes of UTF-8),
/// saying so, and write nothing.
@Suite("password limits on the CLI") struct PasswordLimitCLITests {
    /// 61 characters, 82 bytes: Vietnamese marks take 2 or 3 bytes each.
    static let passphrase = "Mùa xuân ấy, đồng lúa quê hương tôi xanh mướt, mẹ tôi gặt lúa"

    /// `entrust ARGS` with `input` on stdin: (status, stderr).
    static func run(_ cli: CLI, _ arguments: [String], input: String) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments + ["--db", cli.database, "--contracts", CLI.packageRoot.appendingPathComponent("contracts").path]
        var environment = ProcessInfo.processInfo.environment
        environment["ENTRUST_TODAY"] = cli.today
        environment.removeValue(forKey: "ENTRUST_DB")
        process.environment = environment
        process.currentDirectoryURL = cli.folder
        let stdin = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        stdin.fileHandleForWriting.write(Data((input + "\n").utf8))
        try stdin.fileHandleForWriting.close()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    @Test func aPasswordOverSeventyTwoBytesIsRefusedWhereItIsSet() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.ok(["load", try cli.write("district.yaml", districtYAML)])
        let rows = try cli.auditRows()
        let added = try Self.run(cli, ["users", "add", "hoa", "--role", "viewer", "--password-stdin"], input: Self.passphrase)
        #expect(added.status != 0)
        #expect(added.stderr.hasPrefix("error: ") && added.stderr.contains("72 bytes") && added.stderr.contains("UTF-8"), "\(added.stderr)")
        #expect(try cli.auditRows() == rows, "a refused account was written")
        // Its first 54 characters are exactly 72 bytes: accepted; and a change to the long one is refused too.
        let short = String(Self.passphrase.prefix(54))
        #expect(try Self.run(cli, ["users", "add", "hoa", "--role", "viewer", "--password-stdin"], input: short).status == 0)
        let changed = try Self.run(cli, ["users", "passwd", "hoa", "--password-stdin"], input: Self.passphrase)
        #expect(changed.status != 0)
        #expect(changed.stderr.contains("72 bytes"), "\(changed.stderr)")
    }
}
