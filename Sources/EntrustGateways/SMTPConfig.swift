import Foundation

/// How to reach the mail server. Built from `ENTRUST_SMTP_*` environment keys.
///
/// - `smtps://host:465`: TLS from the first byte.
/// - `smtp://host:587`: STARTTLS, required: the message is refused rather than sent in clear
///   when the server does not offer it.
/// - `smtp://` to a server without STARTTLS only with `ENTRUST_SMTP_ALLOW_PLAINTEXT=1`
///   (a local relay); STARTTLS is still used when offered.
///
/// Certificate verification is always on; `caFile` only changes which CAs are trusted.
public struct SMTPConfig: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is protected.
    public enum Security: String, Sendable, Equatable {
        /// `smtps://`: TLS from the start.
        case implicitTLS
        /// `smtp://` upgraded with STARTTLS; refusing to continue without it.
        case startTLSRequired
        /// `smtp://` with STARTTLS when offered, plaintext otherwise (explicitly allowed).
        case plaintextAllowed
    }

    /// The environment keys read by `fromEnvironment`.
    public enum Key {
        public static let url = "ENTRUST_SMTP_URL"
        public static let user = "ENTRUST_SMTP_USER"
        public static let password = "ENTRUST_SMTP_PASSWORD"
        public static let from = "ENTRUST_SMTP_FROM"
        public static let allowPlaintext = "ENTRUST_SMTP_ALLOW_PLAINTEXT"
        public static let caFile = "ENTRUST_SMTP_CA_FILE"
    }

    public let url: String
    public let security: Security
    public let username: String?
    /// Never printed: `description` and errors leave it out.
    public let password: String?
    public let from: EmailAddress
    public let caFile: String?
    public var connectTimeout: Duration
    public var totalTimeout: Duration

    /// - Throws: `GatewayError.invalidSetting` or `.missingSetting`, naming the environment key to fix.
    public init(
        url: String,
        from: EmailAddress,
        username: String? = nil,
        password: String? = nil,
        allowPlaintext: Bool = false,
        caFile: String? = nil,
        connectTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(60)
    ) throws(GatewayError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty,
              !url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
            throw .invalidSetting(key: Key.url, value: Self.redactedURL(url), expected: "smtps://host:465 or smtp://host:587")
        }
        guard components.user == nil, components.password == nil else {
            throw .invalidSetting(key: Key.url, value: Self.redactedURL(url),
                                  expected: "a URL without credentials: put them in \(Key.user) and \(Key.password)")
        }
        switch scheme {
        case "smtps": security = .implicitTLS
        case "smtp": security = allowPlaintext ? .plaintextAllowed : .startTLSRequired
        default:
            throw .invalidSetting(key: Key.url, value: url, expected: "an smtps:// (implicit TLS) or smtp:// (STARTTLS) URL")
        }
        switch (username, password) {
        case (.some, nil):
            throw .missingSetting(key: Key.password, hint: "\(Key.user) is set, so the password is needed too")
        case (nil, .some):
            throw .missingSetting(key: Key.user, hint: "\(Key.password) is set, so the user name is needed too")
        default:
            break
        }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw .invalidSetting(key: Key.caFile, value: caFile, expected: "a readable PEM file of CA certificates")
        }
        self.url = url
        self.from = from
        self.username = username
        self.password = password
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }

    /// Reads `ENTRUST_SMTP_URL`, `_USER`, `_PASSWORD`, `_FROM`, `_ALLOW_PLAINTEXT` and `_CA_FILE`.
    /// Empty values count as unset.
    /// - Throws: `GatewayError.missingSetting` / `.invalidSetting` naming the key and what is expected.
    public static func fromEnvironment(_ environment: [String: String]) throws(GatewayError) -> SMTPConfig {
        func value(_ key: String) -> String? {
            guard let raw = environment[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        guard let url = value(Key.url) else {
            throw .missingSetting(key: Key.url, hint: "set it to smtps://mail.example.vn:465 (implicit TLS) or smtp://mail.example.vn:587 (STARTTLS)")
        }
        guard let fromText = value(Key.from) else {
            throw .missingSetting(key: Key.from, hint: "set it to the sender, e.g. \"Nhắc việc VBSP <nhacviec@example.vn>\"")
        }
        let from: EmailAddress
        do {
            from = try EmailAddress(parsing: fromText)
        } catch {
            throw .invalidSetting(key: Key.from, value: fromText, expected: "an address like nhacviec@example.vn or \"Name <nhacviec@example.vn>\"")
        }
        let allowPlaintext: Bool
        switch value(Key.allowPlaintext)?.lowercased() {
        case nil, "0", "false", "no": allowPlaintext = false
        case "1", "true", "yes": allowPlaintext = true
        case let other?:
            throw .invalidSetting(key: Key.allowPlaintext, value: other, expected: "1 to allow a server without STARTTLS, or 0")
        }
        // The password keeps surrounding spaces: they may be part of it.
        let password = environment[Key.password].flatMap { $0.isEmpty ? nil : $0 }
        return try SMTPConfig(url: url, from: from, username: value(Key.user), password: password,
                              allowPlaintext: allowPlaintext, caFile: value(Key.caFile))
    }

    public var description: String {
        var parts = ["\(url) (\(security.rawValue))", "from \(from)"]
        if let username { parts.append("user \(username), password set") }
        if let caFile { parts.append("CA file \(caFile)") }
        return parts.joined(separator: ", ")
    }

    /// A URL as shown in errors: userinfo (which might hold a password) is cut out.
    private static func redactedURL(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let schemeEnd = url.range(of: "://") else { return String(url.prefix(200)) }
        guard schemeEnd.upperBound <= at else { return String(url.prefix(200)) }
        return String(url[..<schemeEnd.upperBound]) + "<credentials removed>" + String(url[at...])
    }
}
