import Crypto
import Foundation

/// The sign-in form's CSRF token, which exists before there is a session to hang one on.
///
/// It is double-submitted (a cookie and a form field that must be equal), and since a cookie can be planted by a
/// neighbouring site, equality alone proves nothing: the token is also one the server issued. It reads
/// `v1.<issued unix seconds>.<nonce>.<mac>` with a 16-byte random nonce and `mac` = HMAC-SHA256 under the database's
/// `login-csrf` server secret over the rest, all base64url. The secret lives in the database so that a form served by
/// one replica is accepted by another. A token is good for `lifetime` seconds after it was issued.
enum LoginFormToken {
    static let secretName = "login-csrf"
    /// Long enough for a sign-in page left open over a working day.
    static let lifetime: TimeInterval = 12 * 3600

    static func issue(secret: [UInt8], now: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let body = "v1.\(Int64(now.timeIntervalSince1970)).\(base64url(nonce))"
        return body + "." + base64url(Array(HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: secret))))
    }

    /// Whether `token` was issued under `secret` no more than `lifetime` ago (and not in the future). The MAC is
    /// compared in constant time.
    static func isValid(_ token: String, secret: [UInt8], now: Date) -> Bool {
        guard token.utf8.count <= 200 else { return false }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "v1", let issued = Int64(parts[1]), let mac = unbase64url(String(parts[3])) else { return false }
        let age = now.timeIntervalSince1970 - TimeInterval(issued)
        guard age >= -60, age <= lifetime else { return false }
        let body = parts[0...2].joined(separator: ".")
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(body.utf8), using: SymmetricKey(data: secret))
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func unbase64url(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
