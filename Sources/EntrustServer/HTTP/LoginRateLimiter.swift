import EntrustCore
import Foundation

/// Counts failed sign-ins per account and per address within a sliding window; past the limit, attempts are refused
/// before the password is even checked. The clock is injected so that tests can run "fast attempts" without waiting.
///
/// The count lives in the database (`AccountRepository`'s login failures, table `login_failure`), not in this
/// process: replicas behind a load balancer share it, so spreading attempts over them gains an attacker nothing.
public struct LoginRateLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    let clock: any EntrustCore.Clock
    let accounts: any AccountRepository

    public init(limit: Int, windowSeconds: Int, clock: any EntrustCore.Clock, accounts: any AccountRepository) {
        self.limit = limit
        self.window = TimeInterval(windowSeconds)
        self.clock = clock
        self.accounts = accounts
    }

    static func keys(username: String, address: String) -> [String] {
        [userKey(username), "addr:" + address]
    }

    static func userKey(_ username: String) -> String { "user:" + username.lowercased() }

    /// Seconds until another attempt is allowed, or nil when one is allowed now.
    public func blocked(username: String, address: String) async throws -> Int? {
        try await accounts.loginBlockedSeconds(keys: Self.keys(username: username, address: address), limit: limit, window: window,
                                               now: clock.now())
    }

    public func recordFailure(username: String, address: String) async throws {
        try await accounts.recordLoginFailure(keys: Self.keys(username: username, address: address), window: window, now: clock.now())
    }

    /// A successful sign-in clears the account's count (not the address's: one person cannot vouch for a network).
    public func recordSuccess(username: String) async throws {
        try await accounts.clearLoginFailures(key: Self.userKey(username))
    }
}
