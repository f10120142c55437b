import Foundation
import EntrustStore

/// Accounts, sessions and tokens, as the HTTP layer needs them.
public protocol AccountRepository: Sendable {
    func credentials(_ username: String) async throws -> (account: UserAccount, passwordHash: String)?
    func createSession(for account: UserAccount) async throws -> (token: String, csrf: String)
    func session(token: String, idleSeconds: Int) async throws -> (account: UserAccount, csrf: String)?
    func deleteSession(token: String) async throws
    func tokenAccount(secret: String) async throws -> UserAccount?
    func calendarSubject(secret: String) async throws -> UserStore.CalendarSubject?
    func createCalendarToken(_ subject: UserStore.CalendarSubject, actor: Principal) async throws -> (code: String, secret: String)
    /// The 32-byte server secret `name`, shared by every replica on the database (made on first use).
    func serverSecret(_ name: String) async throws -> [UInt8]
    func ping() async throws -> Bool

    // Failed sign-ins, counted in the database so that every replica sees the same count (`LoginRateLimiter`).
    /// Seconds until another sign-in is allowed under any of `keys`, or nil when one is allowed now.
    func loginBlockedSeconds(keys: [String], limit: Int, window: TimeInterval, now: Date) async throws -> Int?
    /// Records one failed sign-in under each of `keys`, pruning failures older than `window`.
    func recordLoginFailure(keys: [String], window: TimeInterval, now: Date) async throws
    /// Forgets the failures under `key`.
    func clearLoginFailures(key: String) async throws
}
