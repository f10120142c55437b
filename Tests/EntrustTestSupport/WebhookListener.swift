import Foundation

/// `Support/webhook_listener.py` running on 127.0.0.1, and what it received.
struct WebhookListener {
    /// One scripted answer; the last one repeats.
    struct Step: Encodable {
        var status = 200
        var headers: [String: String] = [:]
        var body = ""
        var delay = 0.0
    }

    struct Request: Decodable {
        let index: Int
        let client_port: Int
        let method: String
        let path: String
        let headers: [[String]]
        let body_base64: String

        func header(_ name: String) -> String? {
            headers.first { $0[0].lowercased() == name.lowercased() }?[1]
        }

        var body: [UInt8] { Array(Data(base64Encoded: body_base64) ?? Data()) }
    }

    let server: ChildServer
    let logPath: String
    let scheme: String

    var url: String { "\(scheme)://127.0.0.1:\(server.port)/hooks/entrust" }

    static func start(_ steps: [Step], in directory: TemporaryDirectory, tls: SelfSignedCertificate? = nil) async throws -> WebhookListener {
        let scriptPath = directory.path("script-\(UUID().uuidString).json")
        let logPath = directory.path("requests-\(UUID().uuidString).jsonl")
        try JSONEncoder().encode(steps).write(to: URL(fileURLWithPath: scriptPath))
        var arguments = [scriptPath, logPath]
        if let tls {
            arguments += ["--tls", tls.certificatePath, tls.keyPath]
        }
        let server = try await ChildServer(script: "webhook_listener.py", arguments: arguments, in: directory)
        return WebhookListener(server: server, logPath: logPath, scheme: tls == nil ? "http" : "https")
    }

    /// Every request received so far, in order.
    func requests() throws -> [Request] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// Holds the answers to request `index` and later ones (nil lets everything through again).
    func hold(from index: Int?) throws {
        let gate = URL(fileURLWithPath: logPath + ".gate")
        if let index {
            try Data(String(index).utf8).write(to: gate, options: .atomic)
        } else if FileManager.default.fileExists(atPath: gate.path) {
            try FileManager.default.removeItem(at: gate)
        }
    }

    /// How many requests have arrived so far (the listener keeps the number in a small file), for polling.
    func requestCount() -> Int {
        guard let data = FileManager.default.contents(atPath: logPath + ".count") else { return 0 }
        return Int(String(decoding: data, as: UTF8.self)) ?? 0
    }

    /// Answers every request with `status` (a receiver down for a while) until called with nil.
    func answer(status: Int?) throws {
        let file = URL(fileURLWithPath: logPath + ".status")
        if let status {
            try Data(String(status).utf8).write(to: file, options: .atomic)
        } else if FileManager.default.fileExists(atPath: file.path) {
            try FileManager.default.removeItem(at: file)
        }
    }

    func stop() { server.stop() }
}
