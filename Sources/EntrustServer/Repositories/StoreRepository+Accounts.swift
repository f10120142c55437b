import EntrustStore
import Foundation

extension StoreRepository: AccountRepository {
    public func credentials(_ username: String) async throws -> (account: UserAccount, passwordHash: String)? {
        try await blocking { try UserStore(database).credentials(username) }
    }

    public func createSession(for account: UserAccount) async throws -> (token: String, csrf: String) {
        try await blocking { try UserStore(database).createSession(for: account) }
    }

    public func session(token: String, idleSeconds: Int) async throws -> (account: UserAccount, csrf: String)? {
        try await blocking { try UserStore(database).session(token: token, idleSeconds: idleSeconds) }
    }

    public func deleteSession(token: String) async throws {
        try await blocking { try UserStore(database).deleteSession(token: token) }
    }

    public func tokenAccount(secret: String) async throws -> UserAccount? {
        try await blocking { try UserStore(database).tokenAccount(secret: secret) }
    }

    public func calendarSubject(secret: String) async throws -> UserStore.CalendarSubject? {
        try await blocking { try UserStore(database).calendarSubject(secret: secret) }
    }

    public func createCalendarToken(_ subject: UserStore.CalendarSubject, actor: Principal) async throws -> (code: String, secret: String) {
        try await blocking { try UserStore(database).createCalendarToken(subject, actor: actor) }
    }

    public func serverSecret(_ name: String) async throws -> [UInt8] {
        try await blocking { try ServerSecretStore(database).secret(name) }
    }

    /// A cancelled caller (the health check's budget ran out) stops waiting at once; see `StoreThreads.runAbandonable`.
    public func ping() async throws -> Bool {
        try await StoreThreads.runAbandonable { try database.ping() }
    }

    public func loginBlockedSeconds(keys: [String], limit: Int, window: TimeInterval, now: Date) async throws -> Int? {
        try await blocking { try LoginFailureStore(database).blockedSeconds(keys: keys, limit: limit, window: window, now: now) }
    }

    public func recordLoginFailure(keys: [String], window: TimeInterval, now: Date) async throws {
        try await blocking { try LoginFailureStore(database).recordFailure(keys: keys, window: window, now: now) }
    }

    public func clearLoginFailures(key: String) async throws {
        try await blocking { try LoginFailureStore(database).clear(key: key) }
    }
}
