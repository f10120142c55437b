import Foundation
import EntrustTestSupport
import Testing

/// Huge headers and bodies against a real `entrust serve` on 127.0.0.1 (the parser that refuses them is NIO's, so
/// only a socket shows it): each is answered 400, 413, 414 or 431 — or the connection is closed — and the server
/// stays up, answering `/healthz`, with nothing written. The payloads are generated here, not kept in the corpus.
@Suite(.serialized, .serverLogOnFailure) struct BadInputServeTests {
    /// curl with the given arguments, awaited; the status (0 when the server closed the connection without an answer)
    /// and body.
    static func curl(_ arguments: [String], in folder: URL) async throws -> (status: Int, body: String) {
        let output = try await BadInput.spawn("/usr/bin/curl", ["-s", "-m", "60", "-o", "-", "-w", "\n%{http_code}"] + arguments, in: folder)
        let status = Int(output.stdout.split(separator: "\n").last ?? "") ?? 0
        return (status, String(output.stdout.dropLast(String(status).count + 1)))
    }

    // A hang guard, not a timing: under the whole parallel suite this took 7.5 minutes in CI.
    @Test(.timeLimit(.minutes(20))) func hugeHeadersAndBodiesAreRefusedAndTheServerStaysUp() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        _ = try await cli.succeeds(["users", "add", "kb.robot", "--role", "bank_staff", "--person", "KB-CB01"])
        let token = try await cli.succeeds(["tokens", "create", "--user", "kb.robot"]).split(separator: " ").last.map(String.init)?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        // The server's planner writes on its own (horizons, reminders), so what is compared is what requests could write.
        let written = "SELECT (SELECT COUNT(*) FROM obligation WHERE status != 'open') || '/' || (SELECT COUNT(*) FROM user_session)"
        let before = try await cli.sql(written)
        let server = try await ServeProcess(cli: cli, db: cli.database)
        func healthy(_ after: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            #expect(server.process.isRunning, "the server stopped after \(after)", sourceLocation: sourceLocation)
            #expect(try await Self.curl([server.base + "/healthz"], in: cli.folder).status == 200, "no health after \(after)", sourceLocation: sourceLocation)
        }
        let big = cli.folder.appendingPathComponent("big")
        try FileManager.default.createDirectory(at: big, withIntermediateDirectories: true)
        func file(_ name: String, _ text: String) throws -> String {
            let url = big.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }

        // Headers: one of 100 KB, one of 1 MB, 10,000 small ones, a 100 KB cookie, a 100 KB path.
        let headerCases: [(String, [String])] = [
            ("a 100 KB header", ["-H", "X-Junk: " + String(repeating: "a", count: 100_000)]),
            ("a 1 MB header", ["-H", "@" + (try file("one-mb.txt", "X-Junk: " + String(repeating: "b", count: 1_000_000) + "\n"))]),
            ("10,000 headers", ["-H", "@" + (try file("many.txt", (1...10_000).map { "X-Junk-\($0): \($0)" }.joined(separator: "\n") + "\n"))]),
            ("a 100 KB cookie", ["-H", "Cookie: entrust_session=" + String(repeating: "c", count: 100_000)]),
        ]
        for (what, arguments) in headerCases {
            let answer = try await Self.curl(arguments + [server.base + "/week"], in: cli.folder)
            #expect([0, 400, 431].contains(answer.status), "\(what): \(answer.status) \(answer.body.prefix(200))")
            try await healthy(what)
        }
        let longPath = try await Self.curl([server.base + "/groups/" + String(repeating: "d", count: 100_000)], in: cli.folder)
        #expect([0, 400, 404, 414, 431].contains(longPath.status), "a 100 KB path: \(longPath.status)")
        try await healthy("a 100 KB path")

        // Bodies: 10 MB of JSON with and without a length, a length that lies, 10 MB of form to the sign-in page.
        let tenMB = try file("ten-mb.json", "{\"evidence\": \"" + String(repeating: "e", count: 10 * 1024 * 1024) + "\"}")
        // Creating a contract reads the body right after the role check (no lookup first that could answer 404).
        let complete = server.base + "/api/v1/contracts"
        let auth = ["-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/json"]
        let bodyCases: [(String, [String], [Int])] = [
            ("10 MB of JSON", auth + ["--data-binary", "@" + tenMB, complete], [413]),
            ("10 MB of chunked JSON", auth + ["-H", "Transfer-Encoding: chunked", "--data-binary", "@" + tenMB, complete], [413]),
            ("a Content-Length of 100 GB", auth + ["-H", "Content-Length: 100000000000", "--data-binary", "{}", complete], [0, 400, 413]),
            ("10 MB of form to /login", ["-H", "Content-Type: application/x-www-form-urlencoded",
                                          "--data-binary", "@" + (try file("ten-mb.form", "username=" + String(repeating: "f", count: 10 * 1024 * 1024))),
                                          server.base + "/login"], [413]),
        ]
        for (what, arguments, expected) in bodyCases {
            let answer = try await Self.curl(arguments, in: cli.folder)
            #expect(expected.contains(answer.status), "\(what): \(answer.status) \(answer.body.prefix(300))")
            if answer.status == 413 && arguments.contains(complete) {
                #expect(answer.body.contains("\"status\":413") && answer.body.contains("larger than"), "\(what): \(answer.body.prefix(300))")
            }
            try await healthy(what)
        }
        #expect(await server.stop() == 0)
        for leak in ["Fatal error", "Stack", "SQLite error"] { #expect(!server.log.contains(leak), "the server log: \(server.log.suffix(2000))") }
        #expect(try await cli.sql(written) == before, "hostile requests changed the database")
    }
}
