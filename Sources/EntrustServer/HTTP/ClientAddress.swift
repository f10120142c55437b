import Foundation
import HTTPTypes
import Hummingbird

/// Who is on the other end of a request, for the per-address sign-in limit.
///
/// Without `--trust-proxy` it is the socket's peer. With it, it is the address that the outermost trusted proxy
/// appended to `X-Forwarded-For`: each proxy appends the address it received the connection from, so of the list
/// (all header lines joined in order, then split on commas) only the last `proxyHops` entries were written by
/// proxies we trust, and the entry `proxyHops` from the right is the client as the outermost proxy saw it. Everything
/// to its left was written by the client and is never believed: a client that varied the leftmost value could
/// otherwise dodge the limit, and one that named another address could lock that address out.
enum ClientAddress {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// The address to count sign-ins by.
    static func of(_ request: Request, peer: String?, trustProxy: Bool, proxyHops: Int) -> String {
        let peer = peer ?? "local"
        guard trustProxy else { return peer }
        return fromForwardedFor(request.headers[values: forwardedFor], hops: proxyHops) ?? peer
    }

    /// The entry `hops` from the right of the joined header lines, or nil when there are fewer entries than hops (the
    /// request did not pass through every proxy, so no entry can be trusted) or the entry is not an address.
    static func fromForwardedFor(_ lines: [String], hops: Int) -> String? {
        let entries = lines.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard hops >= 1, entries.count >= hops else { return nil }
        let entry = entries[entries.count - hops]
        return looksLikeAddress(entry) ? entry : nil
    }

    /// An IPv4 or IPv6 address (possibly bracketed, with a port): short and made of address characters only, so that a
    /// proxy's odd value can never grow the limiter's table with long keys.
    static func looksLikeAddress(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 64 else { return false }
        return text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"),
                 UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"): true
            default: false
            }
        }
    }
}
