import EntrustCore
import Foundation

/// Secrets the server replicas share (table `server_secret`), such as the key that signs sign-in form tokens. They
/// live in the database so that every replica on one database uses the same key; none is ever logged or shown.
public struct ServerSecretStore: Sendable {
    public let database: AppDatabase

    public init(_ database: AppDatabase) { self.database = database }

    /// The server secret called `name` (32 bytes), made on first use. Replicas racing to make it keep the first one
    /// written (`ON CONFLICT DO NOTHING`, then read back), so every replica signs with the same key.
    public func secret(_ name: String) throws -> [UInt8] {
        let stored = try database.backend.read { db in
            try db.fetchString(sql: "SELECT secret FROM server_secret WHERE name = ?", arguments: [name])
        }
        let hex = try stored ?? database.backend.write { db in
            var generator = SystemRandomNumberGenerator()
            let fresh = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
            try db.execute(sql: "INSERT INTO server_secret (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                           arguments: [name, fresh, VietnamTime.iso8601(database.clock.now())])
            return try db.fetchString(sql: "SELECT secret FROM server_secret WHERE name = ?", arguments: [name]) ?? fresh
        }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            guard let byte = UInt8(hex[index..<next], radix: 16) else { break }
            bytes.append(byte)
            index = next
        }
        guard bytes.count == 32 else { throw StoreError.database("the server secret '\(name)' is damaged; delete its row to make a new one") }
        return bytes
    }
}
