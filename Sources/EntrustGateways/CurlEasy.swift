import CCurl

/// One libcurl easy handle, owned by one worker thread of a `TransferPool` for its whole life.
///
/// Not `Sendable` on purpose: a handle must never be used by two threads at once, and keeping
/// it on its thread is what lets `reset()` keep the connection and DNS caches warm between
/// transfers. `deinit` guarantees `curl_easy_cleanup`.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// libcurl writes a human-readable reason here when a transfer fails (CURLOPT_ERRORBUFFER).
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(GatewayError) {
        try CurlRuntime.initialize()
        guard let handle = curl_easy_init() else {
            throw .curlUnavailable(reason: "curl_easy_init returned no handle")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Clears every option of the previous transfer but keeps live connections, so the next
    /// transfer to the same host skips the TCP and TLS handshakes.
    func reset() throws(CurlSetupError) {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        // Signals are not safe with threads; timeouts must not rely on SIGALRM.
        try set(CURLOPT_NOSIGNAL, 1)
        // Redirects are never followed: a webhook endpoint that moved must be re-registered.
        try set(CURLOPT_FOLLOWLOCATION, 0)
        // Verification is libcurl's default; setting it keeps it on even if defaults ever change.
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
    }

    // MARK: - Options

    func set(_ option: CURLoption, _ value: Int) throws(CurlSetupError) {
        try check(entrust_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(CurlSetupError) {
        try check(entrust_setopt_off_t(handle, option, curl_off_t(value)), option)
    }

    /// libcurl copies string options, so the Swift string may go away after the call.
    func set(_ option: CURLoption, _ value: String) throws(CurlSetupError) {
        try check(value.withCString { entrust_setopt_string(handle, option, $0) }, option)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(CurlSetupError) {
        try check(entrust_setopt_pointer(handle, option, value), option)
    }

    func set(_ option: CURLoption, list: CurlSList) throws(CurlSetupError) {
        try check(entrust_setopt_slist(handle, option, list.head), option)
    }

    func set(_ option: CURLoption, write callback: curl_write_callback) throws(CurlSetupError) {
        try check(entrust_setopt_write_callback(handle, option, callback), option)
    }

    func set(_ option: CURLoption, read callback: curl_read_callback) throws(CurlSetupError) {
        try check(entrust_setopt_read_callback(handle, option, callback), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(CurlSetupError) {
        guard code == CURLE_OK else {
            throw CurlSetupError(option: option, code: code)
        }
    }

    // MARK: - Transfer

    func perform() -> CURLcode {
        curl_easy_perform(handle)
    }

    /// The last HTTP status or SMTP reply code, or 0 when none was received.
    var responseCode: Int {
        var code: Int = 0
        _ = entrust_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// The value of a response header from the last transfer, if present.
    func responseHeader(_ name: String) -> String? {
        var header: UnsafeMutablePointer<curl_header>?
        let code = curl_easy_header(handle, name, 0, UInt32(CURLH_HEADER), -1, &header)
        guard code == CURLHE_OK, let value = header?.pointee.value else { return nil }
        return String(cString: value)
    }

    /// libcurl's own explanation of a failed transfer: the error buffer when filled, else the code's text.
    func errorText(_ code: CURLcode) -> String {
        if errorBuffer[0] != 0 {
            return String(cString: errorBuffer)
        }
        return String(cString: curl_easy_strerror(code))
    }
}
