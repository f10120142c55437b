import Foundation

/// A streaming RFC 4180 reader over raw bytes, for files too large to hold in memory (the national loan extract has
/// some 6.8 million rows).
///
/// Hand-written because `entrust bench import` measured yaslab/CSV.swift's stream reader at a fraction of this speed
/// (it decodes byte by byte through Unicode scalars) and it reports a spurious `cannotReadFile` at end of file on Linux;
/// the numbers are in the README ("Benchmark"). It reads 64 KiB at a time, reuses one buffer per record, counts physical
/// lines (a quoted field may span several) and leaves UTF-8 validation to the caller, per field, so that an invalid
/// byte is reported in the column where it is.
final class CSVStreamReader {
    /// One record: its fields as byte ranges into `bytes`, valid until the next call to `next()`.
    struct Record {
        /// The physical line on which the record starts (the header is line 1).
        var line = 0
        var bytes: [UInt8] = []
        var ends: [Int] = []
        /// A quoting mistake found in this record, if any.
        var problem: String?

        var count: Int { ends.count }

        func field(_ index: Int) -> ArraySlice<UInt8> {
            bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
        }

        /// A blank line: one empty field.
        var isBlank: Bool { ends.count == 1 && ends[0] == 0 && problem == nil }
    }

    enum ReadError: Error {
        case cannotOpen(String)
        case binary(line: Int)
        case recordTooLong(line: Int)
        case unclosedQuote(line: Int)
    }

    static let chunkSize = 64 * 1024
    /// A record longer than this is not a loan row: the file is probably not CSV (and memory must stay bounded).
    static let maxRecordBytes = 1 << 20

    private let descriptor: Int32
    private var chunk: [UInt8]
    private var position = 0
    private var available = 0
    private var atEnd = false
    private(set) var bytesRead: Int64 = 0
    let fileSize: Int64
    private var line = 1
    private var record = Record()
    private var first = true

    init(path: String) throws {
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ReadError.cannotOpen(path) }
        var info = stat()
        fileSize = fstat(descriptor, &info) == 0 ? Int64(info.st_size) : 0
        chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        record.bytes.reserveCapacity(1024)
        record.ends.reserveCapacity(32)
    }

    deinit { close(descriptor) }

    private func refill() -> Bool {
        guard !atEnd else { return false }
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, Self.chunkSize) }
        if count <= 0 { atEnd = true; return false }
        available = count
        position = 0
        bytesRead += Int64(count)
        return true
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, carriageReturn }

    /// The next record, or nil at the end of the file. A leading UTF-8 byte order mark is skipped.
    func next() throws -> Record? {
        record.bytes.removeAll(keepingCapacity: true)
        record.ends.removeAll(keepingCapacity: true)
        record.problem = nil
        record.line = line
        var state = State.fieldStart
        var sawAnything = false
        while true {
            if position >= available {
                guard refill() else { break }
                if first {
                    first = false
                    if available >= 3, chunk[0] == 0xEF, chunk[1] == 0xBB, chunk[2] == 0xBF { position = 3 }
                    // NUL bytes never occur in CSV text: the file is binary (a spreadsheet, a PDF, an archive).
                    if chunk[position..<available].contains(0) { throw ReadError.binary(line: 1) }
                }
                if position >= available { continue }
            }
            let byte = chunk[position]
            position += 1
            sawAnything = true
            switch state {
            case .fieldStart, .unquoted:
                switch byte {
                case UInt8(ascii: ","):
                    record.ends.append(record.bytes.count)
                    state = .fieldStart
                case UInt8(ascii: "\n"):
                    line += 1
                    record.ends.append(record.bytes.count)
                    return record
                case UInt8(ascii: "\r"):
                    state = .carriageReturn
                case UInt8(ascii: "\""):
                    if state == .fieldStart {
                        state = .quoted
                    } else {
                        record.problem = record.problem ?? "a quote inside an unquoted field (quote the whole field and double the quote: \"\"\"\")"
                        record.bytes.append(byte)
                    }
                default:
                    record.bytes.append(byte)
                    state = .unquoted
                }
            case .carriageReturn:
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    record.ends.append(record.bytes.count)
                    return record
                }
                // A lone carriage return is data.
                record.bytes.append(UInt8(ascii: "\r"))
                position -= 1
                state = .unquoted
            case .quoted:
                if byte == UInt8(ascii: "\"") {
                    state = .quoteInQuoted
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    record.bytes.append(byte)
                }
            case .quoteInQuoted:
                switch byte {
                case UInt8(ascii: "\""):
                    record.bytes.append(byte)
                    state = .quoted
                case UInt8(ascii: ","):
                    record.ends.append(record.bytes.count)
                    state = .fieldStart
                case UInt8(ascii: "\n"):
                    line += 1
                    record.ends.append(record.bytes.count)
                    return record
                case UInt8(ascii: "\r"):
                    state = .carriageReturn
                default:
                    record.problem = record.problem ?? "text after a closing quote (a field is either wholly quoted or not at all)"
                    record.bytes.append(byte)
                    state = .unquoted
                }
            }
            if record.bytes.count > Self.maxRecordBytes { throw ReadError.recordTooLong(line: record.line) }
        }
        // End of file.
        switch state {
        case .quoted: throw ReadError.unclosedQuote(line: record.line)
        case .carriageReturn: break
        default: break
        }
        guard sawAnything else { return nil }
        record.ends.append(record.bytes.count)
        return record
    }
}

extension ArraySlice where Element == UInt8 {
    /// The bytes as text, or nil when they are not valid UTF-8.
    var utf8Text: String? {
        withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
    }

    /// The bytes as text, with invalid sequences shown as U+FFFD (for error messages).
    var lossyText: String { String(decoding: self, as: UTF8.self) }
}
