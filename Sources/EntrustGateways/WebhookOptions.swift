/// How webhook transfers behave; the defaults suit production.
public struct WebhookOptions: Sendable {
    /// Time allowed for TCP and TLS set-up.
    public var connectTimeout: Duration
    /// Time allowed for the whole request and response.
    public var totalTimeout: Duration
    /// A PEM file of CA certificates to trust instead of the system's (CURLOPT_CAINFO).
    /// Verification is always on; this only changes whom it trusts.
    public var caFile: String?
    /// Sent as `user-agent`, e.g. `entrust/1.2.0`.
    public var userAgent: String
    /// How much of a failing response's body is kept in the failure reason.
    public var reasonSnippetLength: Int
    /// A kept-alive connection idle for longer than this is closed rather than reused (CURLOPT_MAXAGE_CONN;
    /// libcurl's own default is 118 s, below the idle timeouts of common receivers).
    public var maxIdleConnectionAge: Duration

    public init(
        connectTimeout: Duration = .seconds(5),
        totalTimeout: Duration = .seconds(15),
        caFile: String? = nil,
        userAgent: String = "entrust/0.1.0",
        reasonSnippetLength: Int = 200,
        maxIdleConnectionAge: Duration = .seconds(118)
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.caFile = caFile
        self.userAgent = userAgent
        self.reasonSnippetLength = reasonSnippetLength
        self.maxIdleConnectionAge = maxIdleConnectionAge
    }
}
