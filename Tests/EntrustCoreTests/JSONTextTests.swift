import EntrustCore
import Foundation
import Testing

struct JSONTextTests {
    @Test func quotesAsJSONEncoderDoesAndReadsBack() throws {
        let text = "Tổ \"Đồng\"\\ \n\r\t\u{08}\u{0C}\u{01}\u{1F} a/b 😀 \u{2028}"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        #expect(JSONText.quoted(text) == String(decoding: try encoder.encode(text), as: UTF8.self))
        #expect(try JSONDecoder().decode(String.self, from: Data(JSONText.quoted(text).utf8)) == text)
    }

    @Test func lineSeparatorsAreEscapedOnlyWhenAsked() {
        var plain = "", forScript = ""
        JSONText.appendEscaped("a\u{2028}b\u{2029}", to: &plain)
        JSONText.appendEscaped("a\u{2028}b\u{2029}", to: &forScript, lineSeparators: true)
        #expect(plain == "a\u{2028}b\u{2029}")
        #expect(forScript == "a\\u2028b\\u2029")
    }
}
