import Foundation
import Testing

/// Runs the built `entrust` executable as a person would, in its own temporary folder.
struct CLI {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let executable: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("entrust")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/entrust")
    }()

    let folder: URL
    var today = "2024-03-15"

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var database: String { folder.appendingPathComponent("test.sqlite").path }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Runs `entrust ARGS --db … --contracts …` with a fixed today.
    @discardableResult
    func run(_ arguments: [String], db: String? = nil, contracts: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments + ["--db", db ?? database, "--contracts", contracts ?? Self.packageRoot.appendingPathComponent("contracts").path]
        var environment = ProcessInfo.processInfo.environment
        environment["ENTRUST_TODAY"] = today
        environment["ENTRUST_NOTIFICATIONS"] = Self.packageRoot.appendingPathComponent("notifications").path
        environment.removeValue(forKey: "ENTRUST_AS")
        environment.removeValue(forKey: "ENTRUST_DB")
        process.environment = environment
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs a command that must succeed, and returns what it printed.
    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let output = try run(arguments)
        #expect(output.status == 0, "entrust \(arguments.joined(separator: " ")) failed: \(output.stderr)", sourceLocation: sourceLocation)
        return output.stdout
    }

    /// Runs a command that must fail with one clear `error:` line and no trace of internals.
    func fails(_ arguments: [String], db: String? = nil, saying expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let output = try run(arguments, db: db)
        #expect(output.status != 0, "entrust \(arguments.joined(separator: " ")) should have failed", sourceLocation: sourceLocation)
        #expect(output.stderr.hasPrefix("error: "), "stderr: \(output.stderr)", sourceLocation: sourceLocation)
        #expect(output.stderr.contains(expected), "expected “\(expected)” in: \(output.stderr)", sourceLocation: sourceLocation)
        for leak in ["SELECT", "INSERT", "UPDATE ", "Fatal error", "Stack", "GRDB", "SQLite error"] {
            #expect(!output.stderr.contains(leak), "internals leaked: \(output.stderr)", sourceLocation: sourceLocation)
        }
    }

    /// The number of audit rows, which every change adds to: unchanged means nothing was written.
    func auditRows() throws -> Int {
        let output = try run(["audit", "verify"])
        guard let number = output.stdout.split(separator: " ").compactMap({ Int($0) }).first else { return -1 }
        return number
    }

    func cleanUp() { try? FileManager.default.removeItem(at: folder) }
}

/// A small district for the CLI tests, as a bulk file.
let districtYAML = """
admin_units:
  - {code: HANAM, kind: province, name: Hà Nam}
  - {code: KIMBANG, kind: district, name: Kim Bang, parent: HANAM, valid_until: "2025-06-30"}
  - {code: TANSON, kind: commune, name: Tân Sơn, parent: KIMBANG}
bank_units:
  - {code: VBSP, kind: head_office, name: Ngân hàng Chính sách xã hội}
  - {code: HNA, kind: provincial_branch, name: Chi nhánh Hà Nam, parent: VBSP}
  - {code: KB, kind: transaction_office, name: Phòng giao dịch Kim Bang, parent: HNA}
  - {code: KB-TANSON, kind: transaction_point, name: Điểm giao dịch xã Tân Sơn, parent: KB, commune: TANSON, fixed_day: 14}
associations:
  - {code: KIMBANG-HND, kind: farmers, level: district, name: Hội Nông dân huyện Kim Bang, admin_unit: KIMBANG}
  - {code: TANSON-HND, kind: farmers, level: commune, name: Hội Nông dân xã Tân Sơn, admin_unit: TANSON, parent: KIMBANG-HND}
people:
  - {code: KB-GD, name: Nguyễn Văn Hùng, bank_unit: KB, position: director, approver: true}
  - {code: KB-CB01, name: Lê Minh Tuấn, bank_unit: KB, position: credit_officer}
  - {code: TANSON-HND-CT, name: Vũ Thị Hoa, association: TANSON-HND, position: chair, standing_committee: true, phone: "0912 345 678"}
"""
