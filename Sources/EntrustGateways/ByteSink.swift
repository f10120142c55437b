import CCurl

/// Collects what libcurl hands to a write or header callback, keeping at most `limit` bytes.
///
/// A webhook response body is only needed for a short failure reason, so the rest is counted
/// and dropped rather than buffered.
final class ByteSink {
    private(set) var bytes: [UInt8] = []
    private(set) var totalCount = 0
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func append(_ buffer: UnsafeRawBufferPointer) {
        totalCount += buffer.count
        let room = limit - bytes.count
        if room > 0 {
            bytes.append(contentsOf: buffer.prefix(room))
        }
    }

    /// Installs this sink as the target of `callbackOption` (CURLOPT_WRITEFUNCTION or
    /// CURLOPT_HEADERFUNCTION) and `dataOption`. The caller keeps the sink alive across `perform()`.
    func attach(to easy: CurlEasy, callbackOption: CURLoption, dataOption: CURLoption) throws(CurlSetupError) {
        try easy.set(callbackOption, write: { data, size, count, context in
            let length = size * count
            if let data, let context {
                let sink = Unmanaged<ByteSink>.fromOpaque(context).takeUnretainedValue()
                sink.append(UnsafeRawBufferPointer(start: data, count: length))
            }
            // Returning anything else would abort the transfer.
            return length
        })
        try easy.set(dataOption, pointer: Unmanaged.passUnretained(self).toOpaque())
    }
}
