import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One throwaway PostgreSQL cluster per test process, started on first use.
///
/// `initdb` runs in a fresh folder under /tmp (as the `postgres` user when we are root, since `initdb` refuses root),
/// and `postgres` listens only on a Unix socket in that folder, with durability switched off (`fsync`,
/// `synchronous_commit`, `full_page_writes`): a test cluster is thrown away, so it need not survive a power cut.
/// Its log goes to `.build/test-output/postgres-<pid>.log`.
///
/// It stops when the test process ends, however it ends: a detached watchdog polls our pid and then runs
/// `pg_ctl stop -m immediate` and removes the folder. A cluster left by a run killed together with its watchdog is
/// swept at the next start (its folder names a dead pid). Each cluster has its own socket folder and no TCP port, so a
/// leftover can never collide with a new one.
///
/// Each test gets its own database, copied with `CREATE DATABASE … TEMPLATE` from a template that is prepared once
/// (for example migrated by the store), see ``database(template:prepare:)``.
// Lock-guarded: `templates` is only touched under `lock`; the rest is immutable after start.
final class PostgresTestCluster: @unchecked Sendable {
    /// The folder holding the data directory, the socket and the owner's pid.
    let folder: String
    let binDirectory: String
    let logPath: String
    var socketDirectory: String { folder }

    private let lock = NSLock()
    private var templates: [String: Result<Void, any Error>] = [:]

    /// Roles in this group must sign in with a password (scram-sha-256); every other role is trusted.
    static let passwordRole = "password_login"

    /// Creates a login role that must give `password`, for tests of credentials.
    func createPasswordUser(_ name: String, password: String) throws {
        try psql("CREATE ROLE \(name) LOGIN PASSWORD '\(password)' IN ROLE \(Self.passwordRole)")
    }

    private static let sharedCluster = Result { try PostgresTestCluster.start() }

    /// The process's cluster, started on the first call; a failure to start is reported to every caller.
    static func shared() throws -> PostgresTestCluster { try sharedCluster.get() }

    private init(folder: String, binDirectory: String, logPath: String) {
        self.folder = folder
        self.binDirectory = binDirectory
        self.logPath = logPath
    }

    /// A libpq-style URL for `database` over the cluster's socket, as user `postgres` (trust authentication).
    func url(database: String) -> String {
        "postgres://postgres@/\(database)?host=\(socketDirectory)"
    }

    /// A new, empty-or-copied database for one test; returns its name.
    ///
    /// - Parameters:
    ///   - template: the template's name; `prepare` runs once per process for it, with the template's URL, and must
    ///     close every connection it opened (PostgreSQL copies a template only while nobody is connected to it).
    func database(template: String, prepare: (String) throws -> Void) throws -> String {
        try ensureTemplate(template, prepare: prepare)
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql("CREATE DATABASE \(name) TEMPLATE \(template)")
        return name
    }

    /// A new empty database (from `template0`), for tests that need no schema; returns its name.
    func emptyDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql("CREATE DATABASE \(name) TEMPLATE template0")
        return name
    }

    private func ensureTemplate(_ template: String, prepare: (String) throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        if let done = templates[template] { return try done.get() }
        let result = Result {
            try psql("CREATE DATABASE \(template) TEMPLATE template0")
            try prepare(url(database: template))
            try psql("ALTER DATABASE \(template) WITH IS_TEMPLATE true ALLOW_CONNECTIONS false")
        }
        templates[template] = result
        try result.get()
    }

    /// Runs one SQL command with `psql` in `database` and returns its unaligned output.
    @discardableResult
    func psql(_ sql: String, database: String = "postgres") throws -> String {
        try Self.run("\(binDirectory)/psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                             "-h", socketDirectory, "-U", "postgres", "-d", database, "-c", sql],
                     asPostgres: false)
    }

    /// A cluster of the caller's own, not shared with other tests, for a test that stops and restarts the server.
    /// Its log is `.build/test-output/postgres-<pid>-<suffix>.log`; call ``destroy()`` at the end (the watchdog
    /// removes it anyway when the process ends).
    static func startPrivate(logSuffix: String) throws -> PostgresTestCluster { try start(logSuffix: "-" + logSuffix) }

    private var dataDirectory: String { "\(folder)/data" }

    /// Stops the server as an operator's restart would (`pg_ctl stop -m fast`: open connections are ended).
    func stopServer() throws {
        try Self.run("\(binDirectory)/pg_ctl", ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "-s"], asPostgres: true)
    }

    /// Starts the server again after ``stopServer()``, waiting until it accepts connections.
    func startServer() throws {
        try Self.run("\(binDirectory)/pg_ctl", ["start", "-D", dataDirectory, "-w", "-t", "60", "-s", "-l", logPath], asPostgres: true)
    }

    /// Stops the server for good and removes its folder.
    func destroy() {
        _ = try? Self.run("\(binDirectory)/pg_ctl", ["stop", "-D", dataDirectory, "-m", "immediate", "-s"], asPostgres: true)
        try? FileManager.default.removeItem(atPath: folder)
    }

    // MARK: - Start

    private static func start(logSuffix: String = "") throws -> PostgresTestCluster {
        let binDirectory = try findBinDirectory()
        sweepLeftovers(binDirectory: binDirectory)

        // A short path: a Unix socket path must fit in 107 bytes.
        let folder = "/tmp/entrust-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        try Data(String(getpid()).utf8).write(to: URL(fileURLWithPath: "\(folder)/owner.pid"))
        try giveToPostgres(folder)

        let logPath = TestLog.outputDirectory.appendingPathComponent("postgres-\(getpid())\(logSuffix).log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        try giveToPostgres(logPath)

        let data = "\(folder)/data"
        try run("\(binDirectory)/initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                           "--locale=C", "--no-sync"], asPostgres: true)
        // Appended by us (root or the owner); postgresql.conf stays owned by the cluster's user.
        let settings = """

            # entrust test cluster: a Unix socket only, durability off (the cluster is thrown away).
            listen_addresses = ''
            unix_socket_directories = '\(folder)'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 300
            """
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(data)/postgresql.conf"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
        try handle.close()

        // Trust for everyone on the socket, except members of `passwordRole`: tests of wrong passwords sign in as those.
        let hba = """
            local all +\(passwordRole) scram-sha-256
            local all all trust
            """
        try Data(hba.utf8).write(to: URL(fileURLWithPath: "\(data)/pg_hba.conf"))
        try giveToPostgres("\(data)/pg_hba.conf")

        try run("\(binDirectory)/pg_ctl", ["start", "-D", data, "-w", "-t", "60", "-s", "-l", logPath],
                asPostgres: true)
        try startWatchdog(folder: folder, binDirectory: binDirectory)
        let cluster = PostgresTestCluster(folder: folder, binDirectory: binDirectory, logPath: logPath)
        try cluster.psql("CREATE ROLE \(passwordRole) NOLOGIN")
        return cluster
    }

    private static func findBinDirectory() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in [15] + versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        throw PostgresTestClusterError(
            message: "PostgreSQL is not installed (no \(root)/<version>/bin/initdb): install Debian's postgresql package (make test does)")
    }

    /// Stops and removes clusters whose owning test process is gone (a run killed together with its watchdog).
    private static func sweepLeftovers(binDirectory: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for entry in entries where entry.hasPrefix("entrust-pg-") {
            let folder = "/tmp/\(entry)"
            guard let text = try? String(contentsOfFile: "\(folder)/owner.pid", encoding: .utf8),
                  let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            _ = try? run("\(binDirectory)/pg_ctl", ["stop", "-D", "\(folder)/data", "-m", "immediate", "-s"],
                         asPostgres: true)
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// A detached shell that outlives us by at most half a second: it stops the cluster once our pid is gone.
    private static func startWatchdog(folder: String, binDirectory: String) throws {
        let stop = asPostgresCommand("\(binDirectory)/pg_ctl", ["stop", "-D", "\(folder)/data", "-m", "immediate", "-s"])
            .map(shellQuoted).joined(separator: " ")
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 0.5; done; \(stop) >/dev/null 2>&1; rm -rf \(shellQuoted(folder))"
        _ = try spawn(["/usr/bin/setsid", "/bin/sh", "-c", script], output: "/dev/null")
    }

    // MARK: - Processes

    private static var isRoot: Bool { geteuid() == 0 }

    private static func asPostgresCommand(_ executable: String, _ arguments: [String]) -> [String] {
        isRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments : [executable] + arguments
    }

    private static func giveToPostgres(_ path: String) throws {
        guard isRoot else { return }
        guard let user = getpwnam("postgres") else {
            throw PostgresTestClusterError(message: "there is no postgres user: install Debian's postgresql package")
        }
        guard chown(path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
            throw PostgresTestClusterError(message: "cannot give \(path) to the postgres user: \(String(cString: strerror(errno)))")
        }
    }

    /// Runs a command to completion; its output goes through a file, so a server it forks cannot hold a pipe open.
    @discardableResult
    private static func run(_ executable: String, _ arguments: [String], asPostgres: Bool) throws -> String {
        let command = asPostgres ? asPostgresCommand(executable, arguments) : [executable] + arguments
        let outputPath = NSTemporaryDirectory() + "entrust-pgcmd-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let pid = try spawn(command, output: outputPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                throw PostgresTestClusterError(message: "waiting for \(executable) failed: \(String(cString: strerror(errno)))")
            }
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED and WEXITSTATUS, which Swift does not import.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw PostgresTestClusterError(message: "\(URL(fileURLWithPath: executable).lastPathComponent) failed (wait status \(status)): \(text)")
        }
        return text
    }

    /// Starts `command` with stdin from /dev/null, stdout and stderr to `output`, in /tmp (the postgres user may not
    /// enter our working directory). posix_spawn rather than Process: Process's wait depends on a run loop that a
    /// blocked thread may not turn.
    private static func spawn(_ command: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Through python3 (which the tests need anyway) to close every inherited descriptor first: a postgres that
        // kept a test's pipe open would keep that pipe's reader waiting for an end of file.
        let command = ["/usr/bin/python3", "-c",
                       "import os, sys; os.closerange(3, 65536); os.chdir('/tmp'); os.execv(sys.argv[1], sys.argv[1:])"]
            + command
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard result == 0 else {
            throw PostgresTestClusterError(message: "cannot start \(command[0]): \(String(cString: strerror(result)))")
        }
        return pid
    }

    private static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

struct PostgresTestClusterError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
