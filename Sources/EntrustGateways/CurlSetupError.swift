import CCurl

/// libcurl refused an option: an old libcurl without it, or an impossible value.
struct CurlSetupError: Error {
    let option: CURLoption
    let code: CURLcode

    var description: String {
        let name = curl_easy_option_by_id(option).flatMap { $0.pointee.name }.map { "CURLOPT_" + String(cString: $0) } ?? "option \(option.rawValue)"
        return "libcurl refused \(name): \(String(cString: curl_easy_strerror(code))) (\(CurlRuntime.version))"
    }
}
