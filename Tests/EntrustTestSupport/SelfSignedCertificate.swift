import Foundation

/// A self-signed certificate for localhost and 127.0.0.1, made with the openssl CLI.
struct SelfSignedCertificate {
    let certificatePath: String
    let keyPath: String

    init(in directory: TemporaryDirectory) throws {
        certificatePath = directory.path("cert.pem")
        keyPath = directory.path("key.pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                             "-keyout", keyPath, "-out", certificatePath, "-days", "2",
                             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ChildServerError(message: "openssl req failed with status \(process.terminationStatus)")
        }
    }
}
