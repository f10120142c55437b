import CCurl

/// A `curl_slist` (header lines, SMTP recipients) freed when the Swift object goes away.
///
/// Must outlive the transfer that uses it; senders keep it in a local across `perform()`.
final class CurlSList {
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    init(_ lines: [String] = []) {
        for line in lines { append(line) }
    }

    func append(_ line: String) {
        // curl_slist_append copies the string and returns NULL only when out of memory.
        head = curl_slist_append(head, line) ?? head
    }

    deinit {
        curl_slist_free_all(head)
    }
}
