import EntrustCore

/// How `entrust serve` listens and guards its doors. Defaults suit a single office server behind a proxy.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// A session unused for this long is over; the next request signs in again.
    public var idleSessionSeconds: Int
    /// Failed sign-ins allowed per account and per address within `loginWindowSeconds`; the next one is refused.
    public var loginAttempts: Int
    public var loginWindowSeconds: Int
    /// Larger request bodies answer 413.
    public var maxBodyBytes: Int
    /// Mark cookies `Secure` always (the server is served over TLS by itself or a proxy).
    public var secureCookies: Bool
    /// Believe `X-Forwarded-Proto` and `X-Forwarded-For` (only behind a proxy that sets them).
    public var trustProxy: Bool
    /// The language of pages for a visitor who has not chosen one.
    public var defaultLanguage: Language
    /// A connection that sends nothing for this long (no request, or a request head never finished) is closed.
    public var connectionIdleSeconds: Int
    /// With `trustProxy`: how many proxies in front of the server append to `X-Forwarded-For`. The client's address
    /// is the one the outermost trusted proxy appended: counted from the right, never the leftmost (which the client writes).
    public var proxyHops: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, idleSessionSeconds: Int = 30 * 60, loginAttempts: Int = 10,
                loginWindowSeconds: Int = 15 * 60, maxBodyBytes: Int = 1 << 20, secureCookies: Bool = false, trustProxy: Bool = false,
                defaultLanguage: Language = .vi, connectionIdleSeconds: Int = 30, proxyHops: Int = 1) {
        self.host = host
        self.port = port
        self.idleSessionSeconds = idleSessionSeconds
        self.loginAttempts = loginAttempts
        self.loginWindowSeconds = loginWindowSeconds
        self.maxBodyBytes = maxBodyBytes
        self.secureCookies = secureCookies
        self.trustProxy = trustProxy
        self.defaultLanguage = defaultLanguage
        self.connectionIdleSeconds = connectionIdleSeconds
        self.proxyHops = proxyHops
    }
}
