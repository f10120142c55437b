import Foundation

/// A webhook endpoint's subscription: `obligation.*`, `contract.expiring` or `*`.
public struct EventPattern: Hashable, Codable, Sendable, CustomStringConvertible {
    public let text: String

    /// - Throws: `CoreError.invalidValue` naming `field` when the pattern is not `name(.name)*` with an optional final `*`.
    public init(_ text: String, field: String = "--events") throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let body = trimmed.hasSuffix("*") ? String(trimmed.dropLast()) : trimmed
        let allowed = body.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" }
        guard !trimmed.isEmpty, allowed, !body.contains(".."), trimmed == "*" || !body.hasPrefix("."),
              !trimmed.hasSuffix("*") || body.isEmpty || body.hasSuffix(".") else {
            throw CoreError.invalidValue(field: field, value: text, expected: "event types such as obligation.due, patterns such as obligation.* or *")
        }
        self.text = trimmed
    }

    public func matches(_ event: String) -> Bool {
        text.hasSuffix("*") ? event.hasPrefix(String(text.dropLast())) : event == text
    }

    public var description: String { text }

    /// Parses `obligation.*,meeting.*`.
    public static func list(_ text: String, field: String = "--events") throws -> [EventPattern] {
        let patterns = try text.split(separator: ",").map { try EventPattern(String($0), field: field) }
        guard !patterns.isEmpty else {
            throw CoreError.invalidValue(field: field, value: text, expected: "at least one event type or pattern, e.g. obligation.*")
        }
        return patterns
    }
}
