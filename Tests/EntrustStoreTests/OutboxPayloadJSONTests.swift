import EntrustCore
@testable import EntrustStore
import Foundation
import Testing

/// The hand-written payload JSON must be exactly what JSONEncoder (sorted keys) wrote before, and read back the same.
struct OutboxPayloadJSONTests {
    @Test(arguments: [
        OutboxPayload(template: "obligation-due", language: .vi,
                      recipient: ReminderRecipient(code: "TANSON-HND-CB", name: "Nguyễn Thị \"Hoa\"", email: "a/b@example.vn", phone: nil, language: .en),
                      data: ["title_vi": "Họp giao ban\ttháng\n3 \\ <script>", "z": "", "a": "\u{01}\u{1F}é😀", "url": "http://x/y"]),
        OutboxPayload(template: nil, language: .en, recipient: nil, data: [:]),
        OutboxPayload(template: "t", language: .vi, recipient: ReminderRecipient(code: "C", name: "N", email: nil, phone: "0912 345 678"), data: ["k": "v"]),
    ])
    func storedJSONMatchesJSONEncoder(_ payload: OutboxPayload) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(payload), as: UTF8.self)
        #expect(payload.storedJSON == expected)
        #expect(try JSONDecoder().decode(OutboxPayload.self, from: Data(payload.storedJSON.utf8)) == payload)
    }

    @Test func messageIDsAreLongRandomAndFromTheAlphabet() {
        let ids = (0..<2_000).map { _ in OutboxStore.newMessageID() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.hasPrefix("msg_") && id.count == 30)
            #expect(id.dropFirst(4).allSatisfy { "0123456789abcdefghjkmnpqrstvwxyz".contains($0) })
        }
        // Every position varies (no stuck bits from the word boundaries).
        for position in 4..<30 {
            #expect(Set(ids.map { Array($0)[position] }).count > 4, "position \(position)")
        }
    }
}
