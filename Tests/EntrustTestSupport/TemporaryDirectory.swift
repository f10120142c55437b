import Foundation

/// A fresh folder per test, removed afterwards.
final class TemporaryDirectory {
    let url: URL

    init(_ label: String = "test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-gateways-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
