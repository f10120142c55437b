import EntrustCore

/// What an outbox message carries until it is rendered and sent: the template, the person and the data.
public struct OutboxPayload: Codable, Sendable, Equatable {
    /// The notification template (`notifications/<lang>/<template>.*.mustache`); nil for `endpoint.test`.
    public var template: String?
    public var language: Language
    public var recipient: ReminderRecipient?
    /// Values for the templates and the webhook's `data`.
    public var data: [String: String]

    public init(template: String?, language: Language, recipient: ReminderRecipient?, data: [String: String]) {
        self.template = template
        self.language = language
        self.recipient = recipient
        self.data = data
    }
}

extension OutboxPayload {
    /// The payload as stored: the same text as `JSONEncoder` with sorted keys and unescaped slashes. Hand-written
    /// because Foundation's encoder was the largest single cost of planning (a sixth of a province's month).
    var storedJSON: String {
        var out = "{\"data\":{"
        for (index, key) in data.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            Self.append(key, to: &out)
            out += ":"
            Self.append(data[key]!, to: &out)
        }
        out += "},\"language\":"
        Self.append(language.rawValue, to: &out)
        if let recipient {
            out += ",\"recipient\":{\"code\":"
            Self.append(recipient.code, to: &out)
            if let email = recipient.email { out += ",\"email\":"; Self.append(email, to: &out) }
            out += ",\"language\":"
            Self.append(recipient.language.rawValue, to: &out)
            out += ",\"name\":"
            Self.append(recipient.name, to: &out)
            if let phone = recipient.phone { out += ",\"phone\":"; Self.append(phone, to: &out) }
            out += "}"
        }
        if let template { out += ",\"template\":"; Self.append(template, to: &out) }
        return out + "}"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped as JSONEncoder escapes them.
    static func append(_ text: String, to out: inout String) {
        out += "\""
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C { plain = false; break }
        if plain {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case let control where control.value < 0x20:
                    let hex = String(control.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
