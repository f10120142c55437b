/// A person a reminder can reach.
public struct ReminderRecipient: Hashable, Codable, Sendable {
    /// The person's code, e.g. `TANSON-HND-CB`.
    public var code: String
    public var name: String
    public var email: String?
    public var phone: String?
    public var language: Language

    public init(code: String, name: String, email: String? = nil, phone: String? = nil, language: Language = .vi) {
        self.code = code
        self.name = name
        self.email = email
        self.phone = phone
        self.language = language
    }
}
