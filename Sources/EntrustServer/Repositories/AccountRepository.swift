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
}
