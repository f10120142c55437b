import Foundation
import Testing
@testable import EntrustCore

private func at(_ text: String) -> LocalDateTime { try! LocalDateTime.parse(text) }

/// The physical lines of an ICS text as raw bytes, split at CRLF, and whether every line break is a CRLF.
private func physicalLines(_ text: String) -> (lines: [[UInt8]], onlyCRLF: Bool) {
    let bytes = Array(text.utf8)
    var lines: [[UInt8]] = []
    var current: [UInt8] = []
    var onlyCRLF = true
    var index = 0
    while index < bytes.count {
        if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 {
            lines.append(current)
            current = []
            index += 2
            continue
        }
        if bytes[index] == 10 || bytes[index] == 13 { onlyCRLF = false }
        current.append(bytes[index])
        index += 1
    }
    if !current.isEmpty { onlyCRLF = false }  // the last line must end in CRLF too
    return (lines, onlyCRLF)
}

/// Whether bytes are valid UTF-8 on their own (decoding would otherwise insert U+FFFD and change them).
private func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes
}

@Suite struct ICSWriterTests {
    static let longVietnamese = "Họp giao ban tháng của Hội Liên hiệp Phụ nữ xã Tân Sơn với Phòng giao dịch Ngân hàng Chính sách xã hội huyện Kim Bảng, tỉnh Hà Nam: rà soát nợ quá hạn, tiết kiệm và vay vốn, bình xét hộ vay mới"

    @Test func foldsLongVietnameseLinesWithoutBreakingCharacters() {
        let line = "SUMMARY:" + ICSWriter.escapeText(Self.longVietnamese)
        #expect(line.utf8.count > 200)
        let folded = ICSWriter.fold(line)
        let (lines, _) = physicalLines(folded + "\r\n")
        #expect(lines.count >= 3)
        for (index, physical) in lines.enumerated() {
            #expect(physical.count <= 75, "line \(index) has \(physical.count) octets")
            #expect(isValidUTF8(physical), "line \(index) splits a UTF-8 sequence")
            if index > 0 { #expect(physical.first == UInt8(ascii: " ")) }
        }
        // The first line is filled as far as a whole character allows.
        #expect(lines[0].count >= 72)
        #expect(ICSWriter.unfold(folded) == line)
    }

    @Test func foldsThreeByteLettersExactlyAtTheLimit() {
        let line = String(repeating: "ệ", count: 100)  // 300 octets
        let folded = ICSWriter.fold(line)
        let (lines, _) = physicalLines(folded + "\r\n")
        #expect(lines.map(\.count) == [75, 73, 73, 73, 10])  // 25 letters; then a space and 24 letters, three times; 3 left
        #expect(lines.allSatisfy(isValidUTF8))
        #expect(ICSWriter.unfold(folded) == line)
    }

    @Test func decomposedLettersStayWithTheirMarks() {
        // "ệ" written as e + combining dot below + combining circumflex (5 octets per letter).
        let letter = "e\u{0323}\u{0302}"
        let line = "X:" + String(repeating: letter, count: 40)
        let folded = ICSWriter.fold(line)
        let (lines, _) = physicalLines(folded + "\r\n")
        for physical in lines.dropFirst() {
            // After the space, each continuation starts with a base letter, not a combining mark.
            #expect(physical.count <= 75)
            #expect(physical[1] == UInt8(ascii: "e"))
        }
        #expect(ICSWriter.unfold(folded) == line)
    }

    @Test func shortLinesAreNotFolded() {
        #expect(ICSWriter.fold("SUMMARY:Họp tổ") == "SUMMARY:Họp tổ")
        let exactly75 = String(repeating: "a", count: 75)
        #expect(ICSWriter.fold(exactly75) == exactly75)
        #expect(ICSWriter.fold(exactly75 + "b") == exactly75 + "\r\n b")
    }

    @Test func escapesTextValues() {
        #expect(ICSWriter.escapeText(#"a\b;c,d"#) == #"a\\b\;c\,d"#)
        #expect(ICSWriter.escapeText("dòng 1\ndòng 2\r\ndòng 3\rdòng 4") == #"dòng 1\ndòng 2\ndòng 3\ndòng 4"#)
        #expect(ICSWriter.escapeText("tab\there, bell\u{07}gone") == "tab\there\\, bellgone")
        #expect(ICSWriter.escapeText("Điểm giao dịch xã: Tân Sơn") == "Điểm giao dịch xã: Tân Sơn")
    }

    @Test func unfoldAcceptsTabContinuations() {
        #expect(ICSWriter.unfold("SUMMARY:ab\r\n\tcd\r\n ef") == "SUMMARY:abcdef")
    }

    @Test func writesAFullCalendar() throws {
        var calendar = ICalendar(name: "Họp tổ TS-G07, xã Tân Sơn")
        let rule = try RecurrenceRule.parse("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20241231")
        calendar.add(ICSEvent(
            uid: "meeting-TS-G07@entrust.vbsp", stamp: Date(timeIntervalSince1970: 1_704_074_584),  // 2024-01-01T02:03:04Z
            start: at("2024-01-26T08:00"), end: at("2024-01-26T10:00"),
            summary: Self.longVietnamese, location: "Nhà văn hóa thôn 3; xã Tân Sơn",
            description: "Mang sổ tiết kiệm.\nMang danh sách 13/TD", recurrence: rule,
            exclusions: [at("2024-03-29T08:00"), at("2024-02-23T08:00")], sequence: 2, status: .cancelled))
        let text = calendar.text
        #expect(text == ICSWriter.write(calendar))

        let (lines, onlyCRLF) = physicalLines(text)
        #expect(onlyCRLF)
        #expect(lines.allSatisfy { $0.count <= 75 && isValidUTF8($0) })

        let logical = ICSWriter.unfold(text).components(separatedBy: "\r\n")
        #expect(logical.last == "")
        let expected = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//VBSP//entrust//VI", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            #"X-WR-CALNAME:Họp tổ TS-G07\, xã Tân Sơn"#, "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
            "BEGIN:VTIMEZONE", "TZID:Asia/Ho_Chi_Minh", "BEGIN:STANDARD", "DTSTART:19700101T000000",
            "TZOFFSETFROM:+0700", "TZOFFSETTO:+0700", "TZNAME:ICT", "END:STANDARD", "END:VTIMEZONE",
            "BEGIN:VEVENT", "UID:meeting-TS-G07@entrust.vbsp", "DTSTAMP:20240101T020304Z",
            "DTSTART;TZID=Asia/Ho_Chi_Minh:20240126T080000", "DTEND;TZID=Asia/Ho_Chi_Minh:20240126T100000",
            "RRULE:FREQ=MONTHLY;UNTIL=20241231T165959Z;BYDAY=-1FR",
            "EXDATE;TZID=Asia/Ho_Chi_Minh:20240223T080000,20240329T080000",
            "SUMMARY:" + ICSWriter.escapeText(Self.longVietnamese),
            #"LOCATION:Nhà văn hóa thôn 3\; xã Tân Sơn"#,
            #"DESCRIPTION:Mang sổ tiết kiệm.\nMang danh sách 13/TD"#,
            "SEQUENCE:2", "STATUS:CANCELLED", "END:VEVENT", "END:VCALENDAR", "",
        ]
        #expect(logical == expected)
    }

    @Test func optionalPropertiesAreLeftOut() {
        let calendar = ICalendar(name: "Tập huấn", events: [
            ICSEvent(uid: "t1@entrust", stamp: Date(timeIntervalSince1970: 0), start: at("2024-06-03T08:00"), summary: "Tập huấn"),
        ])
        let text = ICSWriter.unfold(calendar.text)
        #expect(!text.contains("DTEND"))
        #expect(!text.contains("RRULE"))
        #expect(!text.contains("EXDATE"))
        #expect(!text.contains("LOCATION"))
        #expect(text.contains("DTSTAMP:19700101T000000Z\r\n"))
        #expect(text.contains("SEQUENCE:0\r\nSTATUS:CONFIRMED\r\n"))
    }
}
