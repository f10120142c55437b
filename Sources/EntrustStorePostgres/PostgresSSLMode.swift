/// How a TCP connection uses TLS, named as libpq's `sslmode`.
///
/// libpq's `allow` and `prefer` are not offered: they fall back to plain text without telling anyone. `verify-ca`
/// is not offered either: a certificate that is valid for another host is as bad as none.
public enum PostgresSSLMode: String, Sendable, Hashable, CaseIterable {
    /// Plain text. For a server on a network the operator trusts, chosen explicitly.
    case disable
    /// TLS required, but the server's certificate is not checked (libpq's meaning): encrypted, yet open to a
    /// man in the middle. The operator turns verification off by writing it.
    case require
    /// TLS required, the certificate chain checked against the trust roots and the host name against the certificate.
    case verifyFull = "verify-full"

    /// The mode when the URL names none: `verify-full`, so that verification is on unless turned off explicitly.
    public static let `default`: PostgresSSLMode = .verifyFull

    /// - Throws: `PostgresError.unknownSSLMode` for anything but `disable`, `require` and `verify-full`.
    public init(parsing text: String) throws {
        guard let mode = PostgresSSLMode(rawValue: text) else { throw PostgresError.unknownSSLMode(text) }
        self = mode
    }
}
