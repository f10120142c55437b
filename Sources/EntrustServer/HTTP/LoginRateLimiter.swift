import EntrustCore
import Foundation
import Synchronization

/// Counts failed sign-ins per account and per address within a sliding window; past the limit, attempts are refused
/// before the password is even checked. The clock is injected so that tests can run "fast attempts" without waiting.
public final class LoginRateLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    let clock: any EntrustCore.Clock
    private let failures = Mutex<[String: [Date]]>([:])

    public init(limit: Int, windowSeconds: Int, clock: any EntrustCore.Clock) {
        self.limit = limit
        self.window = TimeInterval(windowSeconds)
        self.clock = clock
    }

    static func keys(username: String, address: String) -> [String] {
        ["user:" + username.lowercased(), "addr:" + address]
    }

    /// Seconds until another attempt is allowed, or nil when one is allowed now.
    public func blocked(username: String, address: String) -> Int? {
        let now = clock.now()
        return failures.withLock { table in
            var wait: TimeInterval?
            for key in Self.keys(username: username, address: address) {
                let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
                table[key] = recent
                if recent.count >= limit, let oldest = recent.first {
                    wait = max(wait ?? 0, window - now.timeIntervalSince(oldest))
                }
            }
            return wait.map { max(1, Int($0.rounded(.up))) }
        }
    }

    public func recordFailure(username: String, address: String) {
        let now = clock.now()
        failures.withLock { table in
            for key in Self.keys(username: username, address: address) { table[key, default: []].append(now) }
        }
    }

    /// A successful sign-in clears the account's count (not the address's: one person cannot vouch for a network).
    public func recordSuccess(username: String) {
        failures.withLock { table in _ = table.removeValue(forKey: "user:" + username.lowercased()) }
    }
}
