import CCurl

/// Feeds a byte buffer to libcurl's read callback (the SMTP DATA upload).
final class UploadSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var count: Int { bytes.count }

    fileprivate func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let length = min(capacity, bytes.count - offset)
        guard length > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: length)
        }
        offset += length
        return length
    }

    /// Installs this source as the upload of `easy`; the caller keeps it alive across `perform()`.
    func attach(to easy: CurlEasy) throws(CurlSetupError) {
        try easy.set(CURLOPT_READFUNCTION, read: { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let source = Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue()
            return source.read(into: buffer, capacity: size * count)
        })
        try easy.set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(self).toOpaque())
        try easy.set(CURLOPT_UPLOAD, 1)
        try easy.set(CURLOPT_INFILESIZE_LARGE, offset: Int64(bytes.count))
    }
}
