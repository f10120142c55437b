import Foundation

/// `Support/smtp_server.py` (aiosmtpd) running on 127.0.0.1, and the messages it accepted.
struct SMTPTestServer {
    /// What a mail client would see in one saved message, decoded by Python's `email` package.
    struct Decoded: Decodable {
        struct Part: Decodable {
            let content_type: String
            let charset: String?
            let transfer_encoding: String?
            let content: String
        }
        let subject: String
        let from: String
        let to: String
        let date: String
        let message_id: String
        let mime_version: String
        let content_type: String
        let content_language: String
        let defects: [String]
        let parts: [Part]
    }

    struct Envelope: Decodable {
        let mail_from: String
        let rcpt_tos: [String]
        let tls: Bool
        let authenticated: Bool?
    }

    enum TLSMode {
        case none
        case startTLS(SelfSignedCertificate)
        case implicit(SelfSignedCertificate)
    }

    let server: ChildServer
    let folder: URL
    let directory: TemporaryDirectory

    var port: Int { server.port }

    static func start(
        in directory: TemporaryDirectory,
        rcptReplies: [String: String] = [:],
        dataReply: String? = nil,
        tls: TLSMode = .none,
        auth: (user: String, password: String)? = nil,
        port: Int? = nil,
        folder existing: URL? = nil
    ) async throws -> SMTPTestServer {
        let folder = existing ?? directory.url.appendingPathComponent("mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var arguments = [folder.path]
        if let port {
            arguments += ["--port", String(port)]
        }
        for (address, reply) in rcptReplies.sorted(by: { $0.key < $1.key }) {
            arguments += ["--rcpt-reply", "\(address)=\(reply)"]
        }
        if let dataReply {
            arguments += ["--data-reply", dataReply]
        }
        switch tls {
        case .none: break
        case let .startTLS(certificate): arguments += ["--starttls", certificate.certificatePath, certificate.keyPath]
        case let .implicit(certificate): arguments += ["--implicit-tls", certificate.certificatePath, certificate.keyPath]
        }
        if let auth {
            arguments += ["--auth", "\(auth.user):\(auth.password)"]
        }
        let server = try await ChildServer(script: "smtp_server.py", arguments: arguments, in: directory)
        return SMTPTestServer(server: server, folder: folder, directory: directory)
    }

    /// Saved messages' raw bytes, in arrival order.
    func rawMessages() throws -> [[UInt8]] {
        try messageIndices().map { Array(try Data(contentsOf: folder.appendingPathComponent("\($0).eml"))) }
    }

    func envelopes() throws -> [Envelope] {
        try messageIndices().map {
            try JSONDecoder().decode(Envelope.self, from: Data(contentsOf: folder.appendingPathComponent("\($0).json")))
        }
    }

    /// Decodes saved message `index` with `Support/parse_mail.py`.
    func decoded(_ index: Int) throws -> Decoded {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ChildServer.python)
        process.arguments = [ChildServer.supportDirectory.appendingPathComponent("parse_mail.py").path,
                             folder.appendingPathComponent("\(index).eml").path]
        let output = directory.url.appendingPathComponent("parsed-\(UUID().uuidString).json")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ChildServerError(message: "parse_mail.py failed with status \(process.terminationStatus)")
        }
        return try JSONDecoder().decode(Decoded.self, from: Data(contentsOf: output))
    }

    private func messageIndices() throws -> [Int] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".eml") }
            .compactMap { Int($0.dropLast(4)) }
            .sorted()
    }

    func stop() { server.stop() }

    /// A plain server again on this one's port and folder, after `stop()`: the gateway coming back.
    func restarted() async throws -> SMTPTestServer {
        try await SMTPTestServer.start(in: directory, port: port, folder: folder)
    }
}
