import Foundation

/// An `EmailMessage` rendered as RFC 5322 bytes with CRLF line endings, ready for SMTP DATA.
///
/// Headers are ASCII (non-ASCII as RFC 2047 encoded-words); bodies are UTF-8 in base64 lines of
/// 76 characters, which no relay re-wraps or re-encodes and which never start with a dot.
public struct MIMEMessage: Sendable, Equatable {
    /// The whole message as sent.
    public let bytes: [UInt8]
    /// The `Message-ID` header's value, with angle brackets.
    public let messageID: String

    /// Renders `message`.
    /// - Parameters:
    ///   - from: the sender, when the message does not name its own.
    ///   - date: the `Date:` header, from the injected clock.
    ///   - boundary: the multipart boundary; random by default.
    /// - Throws: `GatewayError.invalidField` for a message without recipients or with an unusable id.
    public init(
        _ message: EmailMessage,
        from defaultFrom: EmailAddress,
        date: Date,
        boundary: String = "=_entrust_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    ) throws(GatewayError) {
        guard !message.to.isEmpty else {
            throw .invalidField(field: "email recipients", value: "none", expected: "at least one address")
        }
        let forbidden: Set<UInt8> = Set("<>()[],;:\\\"@ ".utf8)
        guard !message.id.isEmpty, message.id.utf8.count <= 200,
              message.id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }) else {
            throw .invalidField(field: "email message id", value: String(message.id.prefix(64)), expected: "visible ASCII without spaces, <>, @ or quotes")
        }
        let from = message.from ?? defaultFrom
        messageID = "<\(message.id)@\(from.domain)>"

        var headers: [String] = []
        headers.append("Date: " + RFC5322Date.format(date))
        headers.append(Self.addressHeader("From", [from]))
        headers.append(Self.addressHeader("To", message.to))
        var subject = MIMEHeader("Subject")
        subject.appendText(message.subject)
        headers.append(subject.rendered)
        headers.append("Message-ID: " + messageID)
        headers.append("MIME-Version: 1.0")
        headers.append("Content-Language: " + message.language.rawValue)

        var out = ""
        if let html = message.html {
            headers.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
            out += headers.joined(separator: "\r\n") + "\r\n\r\n"
            out += "This is a multipart message in MIME format.\r\n"
            out += "--\(boundary)\r\n" + Self.part(type: "text/plain", message.text)
            out += "--\(boundary)\r\n" + Self.part(type: "text/html", html)
            out += "--\(boundary)--\r\n"
        } else {
            out += headers.joined(separator: "\r\n") + "\r\n"
            out += Self.part(type: "text/plain", message.text)
        }
        bytes = Array(out.utf8)
    }

    // MARK: - Pieces

    private static func addressHeader(_ name: String, _ addresses: [EmailAddress]) -> String {
        var header = MIMEHeader(name)
        for (index, address) in addresses.enumerated() {
            if index > 0 {
                header.appendRaw(",")
            }
            if let displayName = address.name {
                header.appendPhrase(displayName)
            }
            header.appendToken("<\(address.address)>")
        }
        return header.rendered
    }

    /// Part headers, a blank line, and the base64 body; ends with CRLF.
    private static func part(type: String, _ content: String) -> String {
        "Content-Type: \(type); charset=utf-8\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + base64Lines(Array(canonicalLineBreaks(content).utf8))
    }

    /// Text must have CRLF line breaks before base64 (RFC 2046 §4.1.1), whatever the template used.
    static func canonicalLineBreaks(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// Base64 in lines of 76 characters, each ended by CRLF (RFC 2045 §6.8).
    static func base64Lines(_ bytes: [UInt8]) -> String {
        guard !bytes.isEmpty else { return "" }
        return Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]) + "\r\n"
    }
}
