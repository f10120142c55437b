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
            JSONText.appendQuoted(key, to: &out)
            out += ":"
            JSONText.appendQuoted(data[key]!, to: &out)
        }
        out += "},\"language\":"
        JSONText.appendQuoted(language.rawValue, to: &out)
        if let recipient {
            out += ",\"recipient\":{\"code\":"
            JSONText.appendQuoted(recipient.code, to: &out)
            if let email = recipient.email { out += ",\"email\":"; JSONText.appendQuoted(email, to: &out) }
            out += ",\"language\":"
            JSONText.appendQuoted(recipient.language.rawValue, to: &out)
            out += ",\"name\":"
            JSONText.appendQuoted(recipient.name, to: &out)
            if let phone = recipient.phone { out += ",\"phone\":"; JSONText.appendQuoted(phone, to: &out) }
            out += "}"
        }
        if let template { out += ",\"template\":"; JSONText.appendQuoted(template, to: &out) }
        return out + "}"
    }
}
