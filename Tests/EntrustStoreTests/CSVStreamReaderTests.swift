@testable import EntrustStore
import Foundation
import Testing

/// The loan extract's reader on its own: the same records whatever the size of the reads, so that a record cut by a
/// read anywhere (inside a quote, between CR and LF, in a doubled quote, in a UTF-8 sequence) comes out whole.
@Suite struct CSVStreamReaderTests {
    struct Seen: Equatable, CustomStringConvertible {
        var line: Int
        var problem: String?
        var fields: [String]
        var description: String { "\(line) \(fields)\(problem.map { " (\($0))" } ?? "")" }
    }

    static func read(_ text: String, readLimit: Int = .max) throws -> [Seen] {
        let path = try LoanFixtures.bytes(Data(text.utf8), name: "reader.csv")
        let reader = try CSVStreamReader(path: path, readLimit: readLimit)
        var seen: [Seen] = []
        while let record = try reader.next() {
            seen.append(Seen(line: record.line, problem: record.problem, fields: (0..<record.count).map { record.field($0).lossyText }))
        }
        return seen
    }

    static let tricky = "\u{FEFF}a,b,c\r\n"
        + "plain,\"quoted, with comma\",\"dou\"\"bled\"\"\"\n"
        + "\"line\nbreak\",\"crlf\r\ninside\",Nguyễn Văn Ất\r\n"
        + "\n"
        + "lone\rcr,\"after\"\rquote,x\n"
        + "bad\"quote,\"closed\"tail,\"\"\n"
        + ",,\n"
        + "last,without,newline"

    @Test func theSameRecordsWhateverTheReadSize() throws {
        let whole = try Self.read(Self.tricky)
        #expect(whole == [
            Seen(line: 1, fields: ["a", "b", "c"]),
            Seen(line: 2, fields: ["plain", "quoted, with comma", "dou\"bled\""]),
            Seen(line: 3, fields: ["line\nbreak", "crlf\r\ninside", "Nguyễn Văn Ất"]),
            Seen(line: 6, fields: [""]),
            Seen(line: 7, fields: ["lone\rcr", "after\rquote", "x"]),
            Seen(line: 8, problem: "a quote inside an unquoted field (quote the whole field and double the quote: \"\"\"\")",
                 fields: ["bad\"quote", "closedtail", ""]),
            Seen(line: 9, fields: ["", "", ""]),
            Seen(line: 10, fields: ["last", "without", "newline"]),
        ])
        for limit in [1, 2, 3, 4, 5, 7, 11, 64] {
            #expect(try Self.read(Self.tricky, readLimit: limit) == whole, "reads of \(limit) bytes")
        }
    }

    @Test func textAfterAClosingQuoteIsNamed() throws {
        let seen = try Self.read("\"closed\"tail,x\n")
        #expect(seen.first?.problem == "text after a closing quote (a field is either wholly quoted or not at all)")
        #expect(seen.first?.fields == ["closedtail", "x"])
    }

    @Test func aCarriageReturnAtTheEndOfTheFileEndsTheRecord() throws {
        for limit in [1, 2, .max] {
            #expect(try Self.read("a,b\r", readLimit: limit) == [Seen(line: 1, fields: ["a", "b"])])
            #expect(try Self.read("a,\"b\"\r", readLimit: limit) == [Seen(line: 1, fields: ["a", "b"])])
        }
    }

    @Test func anUnclosedQuoteNamesTheLineItOpensOn() throws {
        for limit in [1, 3, .max] {
            #expect(throws: CSVStreamReader.ReadError.self) { _ = try Self.read("a\n\"open\nstill open\n", readLimit: limit) }
            do { _ = try Self.read("a\n\"open\nstill open\n", readLimit: limit) } catch let error as CSVStreamReader.ReadError {
                guard case .unclosedQuote(let line) = error else { Issue.record("\(error)"); continue }
                #expect(line == 2)
            }
        }
    }

    @Test func aRecordLongerThanTheLimitStopsTheReader() throws {
        let long = "a\n" + String(repeating: "x", count: CSVStreamReader.maxRecordBytes + 10) + "\n"
        do {
            _ = try Self.read(long)
            Issue.record("no error")
        } catch let error as CSVStreamReader.ReadError {
            guard case .recordTooLong(let line) = error else { Issue.record("\(error)"); return }
            #expect(line == 2)
        }
    }

    @Test func utf8IsCheckedWithoutBuildingStrings() {
        func valid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { $0.isValidUTF8 } }
        #expect(valid(Array("Nguyễn Văn Ất, hộ cận nghèo 😀".utf8)))
        #expect(valid([]))
        #expect(!valid([0xC3, 0x28]))                 // a lead byte without its continuation
        #expect(!valid([0xC0, 0xAF]))                 // overlong
        #expect(!valid([0xED, 0xA0, 0x80]))           // a surrogate
        #expect(!valid([0xF4, 0x90, 0x80, 0x80]))     // past U+10FFFF
        #expect(!valid(Array("abcdefgh".utf8) + [0xE1, 0xBB]))  // cut at the end, after an ASCII run
        for sample in ["", "a", "ễ", "ASCII only, longer than eight", "x😀y"] {
            #expect(valid(Array(sample.utf8)) == (String(validating: Array(sample.utf8), as: UTF8.self) != nil))
        }
    }
}
