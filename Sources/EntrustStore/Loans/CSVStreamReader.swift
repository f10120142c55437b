import Foundation

/// A streaming RFC 4180 reader over raw bytes, for files too large to hold in memory (the national loan extract has
/// some 6.8 million rows).
///
/// Hand-written because `entrust bench import` measured yaslab/CSV.swift's stream reader at a fraction of this speed
/// (it decodes byte by byte through Unicode scalars) and it reports a spurious `cannotReadFile` at end of file on Linux;
/// the numbers are in the README ("Benchmark"). It reads the file in large pieces into one fixed buffer and hands out
/// each record's fields as byte ranges into that buffer, without copying: a field is only rewritten (in place) when it
/// has doubled quotes to undo. It counts physical lines (a quoted field may span several) and leaves UTF-8 validation
/// to the caller, per field, so that an invalid byte is reported in the column where it is.
final class CSVStreamReader {
    /// One record: its fields as byte ranges into the reader's buffer, valid until the next call to `next()`.
    struct Record {
        /// The physical line on which the record starts (the header is line 1).
        var line: Int
        /// A quoting mistake found in this record, if any.
        var problem: String?
        /// How many fields.
        let count: Int
        fileprivate let base: UnsafePointer<UInt8>
        fileprivate let bounds: UnsafePointer<Int>
        fileprivate let extent: Range<Int>

        /// The bytes of field `index`, without its quotes; valid until the next call to `next()`.
        func cell(_ index: Int) -> UnsafeBufferPointer<UInt8> {
            let start = bounds[2 * index]
            return UnsafeBufferPointer(start: base + start, count: bounds[2 * index + 1] - start)
        }

        /// A copy of field `index` (for headers and messages; rows use `bytes(_:)`).
        func field(_ index: Int) -> ArraySlice<UInt8> { ArraySlice(cell(index)) }

        /// The whole record as it sits in the buffer, commas and quoting included (to look for hints on error paths).
        var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base + extent.lowerBound, count: extent.count) }

        /// A blank line: one empty field.
        var isBlank: Bool { count == 1 && bounds[0] == bounds[1] && problem == nil }
    }

    enum ReadError: Error {
        case cannotOpen(String)
        case binary(line: Int)
        case recordTooLong(line: Int)
        case unclosedQuote(line: Int)
    }

    /// How much is read at a time, at least (as much as the buffer has room for).
    static let readSize = 256 * 1024
    /// A record longer than this is not a loan row: the file is probably not CSV (and memory must stay bounded).
    static let maxRecordBytes = 1 << 20
    /// The first bytes are checked for NUL, which never occurs in CSV text.
    static let sniffSize = 64 * 1024

    private let descriptor: Int32
    /// Room for the longest record allowed plus one read: a record never has to move out of the buffer.
    private let capacity = maxRecordBytes + readSize
    /// At most this much per read (tests make it tiny, so that records straddle reads everywhere).
    private let readLimit: Int
    private let buffer: UnsafeMutablePointer<UInt8>
    /// The first byte not yet handed out, and one past the last byte read.
    private var start = 0
    private var end = 0
    private var atEnd = false
    private var first = true
    private(set) var bytesRead: Int64 = 0
    let fileSize: Int64
    /// The physical line of the next record.
    private var line = 1
    /// Field bounds of the current record, two per field (start, end), into `buffer`.
    private var bounds: UnsafeMutablePointer<Int>
    private var boundsCapacity = 64
    /// Fields of the current record whose raw bytes still hold quotes to undo.
    private var raw: [Int] = []

    init(path: String, readLimit: Int = .max) throws {
        self.readLimit = readLimit
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ReadError.cannotOpen(path) }
        var info = stat()
        fileSize = fstat(descriptor, &info) == 0 ? Int64(info.st_size) : 0
        buffer = .allocate(capacity: capacity)
        bounds = .allocate(capacity: 2 * boundsCapacity)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
        bounds.deallocate()
    }

    /// Moves what is left to the front and reads more; false at the end of the file.
    private func refill() throws -> Bool {
        guard !atEnd else { return false }
        if start > 0 {
            let left = end - start
            if left > 0 { memmove(buffer, buffer + start, left) }
            start = 0
            end = left
        }
        let count = read(descriptor, buffer + end, min(capacity - end, readLimit))
        if count <= 0 { atEnd = true; return false }
        end += count
        bytesRead += Int64(count)
        if first {
            first = false
            // A byte order mark may arrive in pieces when reads are small.
            while end < 3 {
                let more = read(descriptor, buffer + end, min(capacity - end, readLimit))
                if more <= 0 { atEnd = true; break }
                end += more
                bytesRead += Int64(more)
            }
            if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
            // NUL bytes never occur in CSV text: the file is binary (a spreadsheet, a PDF, an archive).
            if memchr(buffer + start, 0, min(end, Self.sniffSize) - start) != nil { throw ReadError.binary(line: 1) }
        }
        return true
    }

    /// The next record, or nil at the end of the file. A leading UTF-8 byte order mark is skipped.
    func next() throws -> Record? {
        while true {
            if let record = try scan(final: atEnd) { return record }
            if atEnd { return nil }
            if end - start > Self.maxRecordBytes { throw ReadError.recordTooLong(line: line) }
            if try !refill(), start == end { return nil }
        }
    }

    private func addField(_ count: inout Int, _ from: Int, _ to: Int) {
        if count == boundsCapacity {
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: 4 * boundsCapacity)
            grown.update(from: bounds, count: 2 * boundsCapacity)
            bounds.deallocate()
            bounds = grown
            boundsCapacity *= 2
        }
        bounds[2 * count] = from
        bounds[2 * count + 1] = to
        count += 1
    }

    /// One whole record from `buffer[start..<end]`, or nil when it runs past `end` and more can be read. With `final`,
    /// `end` is the end of the file and ends the record.
    private func scan(final: Bool) throws -> Record? {
        if final && start == end { return nil }
        let b = buffer
        let limit = end
        var p = start
        var count = 0
        var lines = 0
        var problem: String?
        raw.removeAll(keepingCapacity: true)
        // Each field: leaves `p` after its delimiter and says whether the record ended.
        fields: while true {
            let fieldStart = p
            var unquoted = true
            if p < limit && b[p] == UInt8(ascii: "\"") {
                // A quoted field: up to the closing quote, across commas and line breaks; "" is a quote.
                var q = p + 1
                var doubled = false
                while true {
                    while q < limit && b[q] != UInt8(ascii: "\"") {
                        if b[q] == UInt8(ascii: "\n") { lines += 1 }
                        q += 1
                    }
                    if q == limit {
                        if final { throw ReadError.unclosedQuote(line: line) }
                        return nil
                    }
                    // b[q] is a quote: doubled, or the closing one.
                    if q + 1 < limit && b[q + 1] == UInt8(ascii: "\"") {
                        doubled = true
                        q += 2
                        continue
                    }
                    break
                }
                let after = q + 1
                if after == limit && !final { return nil }
                if after == limit || b[after] == UInt8(ascii: ",") || b[after] == UInt8(ascii: "\n") {
                    if doubled { raw.append(count); addField(&count, fieldStart, after) } else { addField(&count, fieldStart + 1, q) }
                    if after == limit { p = after; break fields }
                    p = after + 1
                    if b[after] == UInt8(ascii: "\n") { break fields }
                    continue fields
                }
                if b[after] == UInt8(ascii: "\r") {
                    if after + 1 == limit && !final { return nil }
                    if after + 1 == limit || b[after + 1] == UInt8(ascii: "\n") {
                        if doubled { raw.append(count); addField(&count, fieldStart, after) } else { addField(&count, fieldStart + 1, q) }
                        p = min(after + 2, limit)
                        break fields
                    }
                    // A lone carriage return after the closing quote is data; the field goes on unquoted.
                } else {
                    problem = problem ?? "text after a closing quote (a field is either wholly quoted or not at all)"
                }
                unquoted = false
                p = after
            }
            // Unquoted (or the rest of a field after its closing quote): up to a comma or a line end.
            while p < limit {
                let byte = b[p]
                if byte > UInt8(ascii: "\"") && byte != UInt8(ascii: ",") { p += 1; continue }
                switch byte {
                case UInt8(ascii: ","):
                    if !unquoted { raw.append(count) }
                    addField(&count, fieldStart, p)
                    p += 1
                    continue fields
                case UInt8(ascii: "\n"):
                    if !unquoted { raw.append(count) }
                    addField(&count, fieldStart, p)
                    p += 1
                    break fields
                case UInt8(ascii: "\r"):
                    if p + 1 == limit {
                        if !final { return nil }
                        if !unquoted { raw.append(count) }
                        addField(&count, fieldStart, p)
                        p += 1
                        break fields
                    }
                    if b[p + 1] == UInt8(ascii: "\n") {
                        if !unquoted { raw.append(count) }
                        addField(&count, fieldStart, p)
                        p += 2
                        break fields
                    }
                    // A lone carriage return is data.
                    p += 1
                case UInt8(ascii: "\""):
                    problem = problem ?? "a quote inside an unquoted field (quote the whole field and double the quote: \"\"\"\")"
                    p += 1
                default:
                    p += 1
                }
            }
            if !final { return nil }
            if !unquoted { raw.append(count) }
            addField(&count, fieldStart, p)
            break fields
        }
        if p - start > Self.maxRecordBytes { throw ReadError.recordTooLong(line: line) }
        // The whole record is in: undo quoting where it was not a plain "…" around the field.
        let extent = start..<max(start, bounds[2 * count - 1])
        for index in raw { unquote(index) }
        let record = Record(line: line, problem: problem, count: count, base: UnsafePointer(buffer), bounds: UnsafePointer(bounds),
                            extent: extent)
        line += lines + 1
        start = p
        return record
    }

    /// Rewrites field `index` in place from its raw form (opening quote, "" for a quote, closing quote, maybe more).
    private func unquote(_ index: Int) {
        let from = bounds[2 * index], to = bounds[2 * index + 1]
        var read = from + 1, write = from
        var quoted = true
        while read < to {
            let byte = buffer[read]
            read += 1
            if quoted && byte == UInt8(ascii: "\"") {
                if read < to && buffer[read] == UInt8(ascii: "\"") {
                    read += 1
                } else {
                    quoted = false
                    continue
                }
            }
            buffer[write] = byte
            write += 1
        }
        bounds[2 * index + 1] = write
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// True when every byte is ASCII (eight at a time).
    var isASCII: Bool {
        guard let base = baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < count {
            if base[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// True when the bytes are well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF), without
    /// building a string.
    var isValidUTF8: Bool {
        if isASCII { return true }
        var index = 0
        let count = self.count
        @inline(__always) func continuation(_ at: Int) -> Bool { at < count && self[at] & 0xC0 == 0x80 }
        while index < count {
            let lead = self[index]
            if lead < 0x80 {
                index += 1
            } else if lead < 0xC2 {
                return false
            } else if lead < 0xE0 {
                guard continuation(index + 1) else { return false }
                index += 2
            } else if lead < 0xF0 {
                guard continuation(index + 1), continuation(index + 2) else { return false }
                let second = self[index + 1]
                if lead == 0xE0 && second < 0xA0 || lead == 0xED && second > 0x9F { return false }
                index += 3
            } else if lead < 0xF5 {
                guard continuation(index + 1), continuation(index + 2), continuation(index + 3) else { return false }
                let second = self[index + 1]
                if lead == 0xF0 && second < 0x90 || lead == 0xF4 && second > 0x8F { return false }
                index += 4
            } else {
                return false
            }
        }
        return true
    }

    /// The bytes as text, or nil when they are not valid UTF-8.
    var utf8Text: String? { String(validating: self, as: UTF8.self) }

    /// The bytes as text, with invalid sequences shown as U+FFFD (for error messages).
    var lossyText: String { String(decoding: self, as: UTF8.self) }

    /// Without leading and trailing ASCII spaces and tabs.
    var trimmedSpaces: UnsafeBufferPointer<UInt8> {
        var from = 0, to = count
        while from < to, self[from] == 0x20 || self[from] == 0x09 { from += 1 }
        while to > from, self[to - 1] == 0x20 || self[to - 1] == 0x09 { to -= 1 }
        return UnsafeBufferPointer(rebasing: self[from..<to])
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
