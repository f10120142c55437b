extension Duration {
    /// Whole milliseconds, at least 1: libcurl treats 0 as "no timeout", which must never happen.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
