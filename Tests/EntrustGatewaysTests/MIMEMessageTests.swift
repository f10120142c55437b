import EntrustCore
import EntrustGateways
import Foundation
import Testing

@Suite struct MIMEMessageTests {
    let instant = Date(timeIntervalSince1970: 1_710_464_400)

    func render(subject: String, name: String? = nil, html: String? = "<p>x</p>") throws -> String {
        let message = EmailMessage(id: "msg_1", to: [try EmailAddress("a@example.vn", name: name)], subject: subject,
                                   text: "x", html: html, language: .vi)
        let mime = try MIMEMessage(message, from: try EmailAddress("nhacviec@vbsp.example.vn"), date: instant, boundary: "=_b")
        return String(decoding: mime.bytes, as: UTF8.self)
    }

    /// The header block, unfolded back into logical lines.
    func header(_ name: String, in message: String) -> String? {
        let block = message.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
        return block.components(separatedBy: "\r\n").first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) }
    }

    /// Decodes RFC 2047 B-words; adjacent words' separating whitespace is dropped, as RFC 2047 §6.2 says.
    func decodeWords(_ value: String) throws -> String {
        let words = value.split(separator: " ")
        var bytes: [UInt8] = []
        for word in words {
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            #expect(word.count <= 75)
            let chunk = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            #expect(String(validating: chunk, as: UTF8.self) != nil, "a word splits a character")
            bytes += chunk
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func asciiSubjectStaysReadable() throws {
        let text = try render(subject: "Meeting of group TS-G07")
        #expect(header("Subject", in: text) == "Meeting of group TS-G07")
    }

    @Test func vietnameseSubjectBecomesEncodedWordsThatDecodeBack() throws {
        let subject = "Nhắc việc: Kiểm tra sử dụng vốn vay — hạn 15/03"
        let text = try render(subject: subject)
        #expect(try decodeWords(try #require(header("Subject", in: text))) == subject)
    }

    @Test func decomposedLettersAreNeverSplitFromTheirMarks() throws {
        // NFD: each Vietnamese letter is a base letter plus one or two combining marks.
        let subject = String(repeating: "Nhắc việc kiểm tra sử dụng vốn ", count: 6).decomposedStringWithCanonicalMapping
        let text = try render(subject: subject)
        let value = try #require(header("Subject", in: text))
        for word in value.split(separator: " ") {
            let chunk = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            let decoded = try #require(String(validating: chunk, as: UTF8.self))
            #expect(decoded.unicodeScalars.first.map { !(0x300...0x36F).contains($0.value) } ?? true, "a word starts with a combining mark")
        }
        #expect(try decodeWords(value) == subject)
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
        }
    }

    @Test func aClusterLongerThanAWordIsSplitBetweenScalars() throws {
        let subject = "a" + String(repeating: "\u{0301}", count: 40)
        let text = try render(subject: subject)
        #expect(try decodeWords(try #require(header("Subject", in: text))) == subject)
    }

    @Test func lineBreaksInASubjectCannotInjectHeaders() throws {
        let text = try render(subject: "Hello\r\nBcc: victim@example.vn")
        #expect(!text.contains("\r\nBcc:"))
    }

    @Test func displayNamesAreQuotedOrEncoded() throws {
        #expect(header("To", in: try render(subject: "x", name: "Nguyen \"Van\" A")) == #""Nguyen \"Van\" A" <a@example.vn>"#)
        let encoded = try #require(header("To", in: try render(subject: "x", name: "Hội Phụ nữ")))
        #expect(encoded.hasSuffix(" <a@example.vn>"))
        #expect(try decodeWords(String(encoded.dropLast(" <a@example.vn>".count))) == "Hội Phụ nữ")
    }

    @Test func textOnlyMessageIsASinglePart() throws {
        let text = try render(subject: "x", html: nil)
        #expect(header("Content-Type", in: text) == "text/plain; charset=utf-8")
        #expect(!text.contains("multipart"))
    }

    @Test func dateIsRFC5322InVietnamTime() throws {
        #expect(header("Date", in: try render(subject: "x")) == "Fri, 15 Mar 2024 08:00:00 +0700")
    }

    @Test func unusableMessagesAreRefused() throws {
        let from = try EmailAddress("nhacviec@vbsp.example.vn")
        #expect(throws: GatewayError.self) {
            try MIMEMessage(EmailMessage(to: [], subject: "x", text: "x"), from: from, date: instant)
        }
        #expect(throws: GatewayError.self) {
            try MIMEMessage(EmailMessage(id: "a b>", to: [from], subject: "x", text: "x"), from: from, date: instant)
        }
    }

    @Test func addressesAreValidated() throws {
        #expect(throws: GatewayError.self) { try EmailAddress("no-at-sign") }
        #expect(throws: GatewayError.self) { try EmailAddress("a@b.vn>\r\nRCPT TO:<c@d.vn") }
        #expect(throws: GatewayError.self) { try EmailAddress("người@example.vn") }
        let parsed = try EmailAddress(parsing: "\"Nhắc việc\" <nhacviec@vbsp.example.vn>")
        #expect(parsed.name == "Nhắc việc")
        #expect(parsed.address == "nhacviec@vbsp.example.vn")
        #expect(parsed.domain == "vbsp.example.vn")
        #expect(try EmailAddress(parsing: "a@b.vn") == EmailAddress("a@b.vn"))
    }
}
