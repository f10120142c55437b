import CCurl

/// The process-wide libcurl set-up.
///
/// `curl_global_init` must run exactly once, before any handle exists. Swift initialises a
/// `static let` exactly once and thread-safely, so calling `initialize()` from anywhere, any
/// number of times, is safe. `TransferPool` calls it; callers rarely need to.
public enum CurlRuntime {
    private static let initCode: Int32 = Int32(curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue)

    /// Initialises libcurl once per process. Idempotent and thread-safe.
    /// - Throws: `GatewayError.curlUnavailable` if libcurl could not be initialised.
    public static func initialize() throws(GatewayError) {
        let code = initCode
        guard code == Int32(CURLE_OK.rawValue) else {
            throw .curlUnavailable(reason: String(cString: curl_easy_strerror(CURLcode(UInt32(code)))))
        }
    }

    /// The linked libcurl's version and TLS backend, e.g. `libcurl/7.88.1 OpenSSL/3.0.15 …`.
    public static var version: String { String(cString: curl_version()) }
}
