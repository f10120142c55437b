import EntrustStore
import Foundation

/// A generated file written in 1 MiB pieces, so that a generator's memory does not grow with the file.
public struct ChunkedFileWriter {
    private let handle: FileHandle
    private var buffer = ""
    public private(set) var size: Int64 = 0

    public init(path: String, field: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw StoreError.invalid(field: field, value: path, reason: "cannot be written")
        }
        self.handle = handle
    }

    public mutating func append(_ text: String) {
        buffer += text
        if buffer.utf8.count >= 1 << 20 { flush() }
    }

    /// Writes what is left, closes the file and returns its size.
    public mutating func finish() throws -> Int64 {
        flush()
        try handle.close()
        return size
    }

    private mutating func flush() {
        size += Int64(buffer.utf8.count)
        handle.write(Data(buffer.utf8))
        buffer = ""
    }
}
