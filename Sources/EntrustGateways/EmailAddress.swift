import Foundation

/// A mailbox: an ASCII address with an optional display name (which may be Vietnamese).
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// `local@domain`, ASCII only (no SMTPUTF8).
    public let address: String
    /// Shown by mail clients; encoded per RFC 2047 when not plain ASCII.
    public let name: String?

    /// - Throws: `GatewayError.invalidField` for anything that could not go into `RCPT TO:<…>`.
    public init(_ address: String, name: String? = nil) throws(GatewayError) {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let forbidden: Set<UInt8> = Set("<>()[],;:\\\"".utf8)
        let clean = address.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, clean,
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), address.utf8.count <= 254 else {
            throw .invalidField(field: "email address", value: String(address.prefix(100)), expected: "an ASCII address like hoi.nong.dan@example.vn")
        }
        let trimmedName = name?.trimmingCharacters(in: .whitespaces)
        if let trimmedName, trimmedName.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .invalidField(field: "email display name", value: String(trimmedName.prefix(100)), expected: "text without line breaks or control characters")
        }
        self.address = address
        self.name = trimmedName?.isEmpty == true ? nil : trimmedName
    }

    /// Parses `Name <local@domain>` or a bare `local@domain`.
    public init(parsing text: String) throws(GatewayError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast())
            }
            try self.init(address, name: name.isEmpty ? nil : name)
        } else {
            try self.init(trimmed)
        }
    }

    /// The domain part, used for `Message-ID`.
    public var domain: String {
        String(address[address.index(after: address.lastIndex(of: "@")!)...])
    }

    public var description: String {
        name.map { "\($0) <\(address)>" } ?? address
    }
}
