import Crypto
import EntrustCore
import Foundation

/// Accounts, sessions, API tokens and calendar tokens. Every secret is stored as a SHA-256 hash; passwords arrive
/// already hashed with bcrypt by the caller (the store does not know the password).
public struct UserStore: Sendable {
    public let database: AppDatabase

    public init(_ database: AppDatabase) { self.database = database }

    // MARK: - Accounts

    /// Creates an account. Bank staff and approvers must be linked to a bank person, officers to an association person.
    public func add(username: String, displayName: String?, role: UserRole, person: String?, passwordHash: String,
                    language: Language? = nil, actor: Principal) throws -> UserAccount {
        let username = username.trimmingCharacters(in: .whitespaces)
        guard username.range(of: #"^[A-Za-z0-9._-]{3,40}$"#, options: .regularExpression) != nil else {
            throw StoreError.invalid(field: "username", value: username, reason: "use 3 to 40 letters, digits, '.', '_' or '-'")
        }
        let now = database.clock.now()
        return try database.backend.write { db in
            if try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM user_account WHERE username = ?)", arguments: [username]) == true {
                throw StoreError.duplicate(entity: "user", key: username)
            }
            var personID: Int64?
            var personName: String?
            var personLanguage: String?
            if let person {
                guard let row = try db.fetchOne(sql: "SELECT id, name, language, association_id, bank_unit_id FROM person WHERE code = ?",
                                                 arguments: [person]) else {
                    throw StoreError.notFound(entity: "person", key: person)
                }
                personID = row["id"]
                personName = row["name"]
                personLanguage = row["language"]
                let isBank = (row["bank_unit_id"] as Int64?) != nil
                if (role == .bankStaff || role == .approver) && !isBank {
                    throw StoreError.invalid(field: "person", value: person, reason: "a \(role.rawValue) account needs a person of a transaction office")
                }
                if role == .associationOfficer && isBank {
                    throw StoreError.invalid(field: "person", value: person, reason: "an association_officer account needs a person of an association")
                }
            } else if role == .bankStaff || role == .approver || role == .associationOfficer {
                throw StoreError.invalid(field: "person", value: "", reason: "a \(role.rawValue) account must be linked to a person (its scope comes from them)")
            }
            let name = displayName?.trimmingCharacters(in: .whitespaces).nilIfEmpty ?? personName ?? username
            let accountID = try db.insertReturningID(sql: """
                INSERT INTO user_account (username, display_name, password_hash, role, person_id, language, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [username, name, passwordHash, role.rawValue, personID,
                                 (language?.rawValue ?? personLanguage ?? "vi"), VietnamTime.iso8601(now), actor.name])
            let account = try Self.account(db, id: accountID)
            try AuditLog.record(db, at: now, actor: actor, action: "add", entity: "user", key: username, after: account)
            return account
        }
    }

    /// Replaces the password hash and ends the account's sessions.
    public func setPassword(username: String, passwordHash: String, actor: Principal) throws {
        let now = database.clock.now()
        try database.backend.write { db in
            let account = try Self.account(db, username: username)
            try db.execute(sql: "UPDATE user_account SET password_hash = ? WHERE id = ?", arguments: [passwordHash, account.id])
            try db.execute(sql: "DELETE FROM user_session WHERE user_id = ?", arguments: [account.id])
            try AuditLog.record(db, at: now, actor: actor, action: "change password", entity: "user", key: account.username)
        }
    }

    /// Disables (or enables) an account; disabling ends its sessions, and its API tokens stop working.
    public func setDisabled(username: String, _ disabled: Bool, actor: Principal) throws -> UserAccount {
        let now = database.clock.now()
        return try database.backend.write { db in
            let before = try Self.account(db, username: username)
            try db.execute(sql: "UPDATE user_account SET disabled = ? WHERE id = ?", arguments: [disabled, before.id])
            if disabled { try db.execute(sql: "DELETE FROM user_session WHERE user_id = ?", arguments: [before.id]) }
            let after = try Self.account(db, id: before.id)
            try AuditLog.record(db, at: now, actor: actor, action: disabled ? "disable" : "enable", entity: "user", key: before.username,
                                before: before, after: after)
            return after
        }
    }

    public func list() throws -> [UserAccount] {
        try database.backend.read { db in try db.fetchAll(UserAccount.self, sql: UserAccount.selection + " ORDER BY u.username") }
    }

    public func account(_ username: String) throws -> UserAccount {
        try database.backend.read { db in try Self.account(db, username: username) }
    }

    /// The account and its password hash, for checking a sign-in; nil when unknown or disabled.
    public func credentials(_ username: String) throws -> (account: UserAccount, passwordHash: String)? {
        try database.backend.read { db in
            guard let account = try db.fetchOne(UserAccount.self, sql: UserAccount.selection + " WHERE u.username = ?", arguments: [username]),
                  !account.disabled,
                  let hash = try db.fetchOne(String.self, sql: "SELECT password_hash FROM user_account WHERE id = ?", arguments: [account.id])
            else { return nil }
            return (account, hash)
        }
    }

    static func account(_ db: any StoreSession, username: String) throws -> UserAccount {
        guard let account = try db.fetchOne(UserAccount.self, sql: UserAccount.selection + " WHERE u.username = ?", arguments: [username]) else {
            throw StoreError.notFound(entity: "user", key: username)
        }
        return account
    }

    static func account(_ db: any StoreSession, id: Int64) throws -> UserAccount {
        guard let account = try db.fetchOne(UserAccount.self, sql: UserAccount.selection + " WHERE u.id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "user", key: String(id))
        }
        return account
    }

    // MARK: - Sessions

    /// A new session after a successful sign-in: the cookie value (shown once) and the session's CSRF token.
    public func createSession(for account: UserAccount) throws -> (token: String, csrf: String) {
        let now = database.clock.now()
        let token = Self.randomToken(), csrf = Self.randomToken()
        let ms = Self.milliseconds(now)
        try database.backend.write { db in
            try db.execute(sql: "INSERT INTO user_session (token_hash, user_id, csrf, created_ms, last_seen_ms) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Self.hash(token), account.id, csrf, ms, ms])
            try AuditLog.record(db, at: now, actor: account.principal, action: "sign in", entity: "user", key: account.username)
        }
        return (token, csrf)
    }

    /// The live session of a cookie value, or nil when unknown, idle longer than `idleSeconds`, or its account is disabled.
    /// An expired session is deleted. A live one has its last-seen time refreshed whenever it is a second or more old,
    /// so that the idle limit counts from the last request (to within a second) while a page's burst of requests costs
    /// one write, not one each.
    public func session(token: String, idleSeconds: Int) throws -> (account: UserAccount, csrf: String)? {
        let now = Self.milliseconds(database.clock.now())
        let hashed = Self.hash(token)
        let found = try database.backend.read { db -> (UserAccount, String, Int64)? in
            guard let row = try db.fetchOne(sql: "SELECT user_id, csrf, last_seen_ms FROM user_session WHERE token_hash = ?",
                                             arguments: [hashed]) else { return nil }
            let account = try Self.account(db, id: row["user_id"])
            return (account, row["csrf"], row["last_seen_ms"])
        }
        guard let (account, csrf, lastSeen) = found else { return nil }
        if account.disabled || now - lastSeen > Int64(idleSeconds) * 1000 {
            try database.backend.write { db in try db.execute(sql: "DELETE FROM user_session WHERE token_hash = ?", arguments: [hashed]) }
            return nil
        }
        if now - lastSeen >= Self.lastSeenResolutionMs {
            try database.backend.write { db in
                try db.execute(sql: "UPDATE user_session SET last_seen_ms = ? WHERE token_hash = ?", arguments: [now, hashed])
            }
        }
        return (account, csrf)
    }

    /// How stale `last_seen_ms` may get before a request refreshes it.
    static let lastSeenResolutionMs: Int64 = 1000

    /// Signs out: the cookie no longer names a session.
    public func deleteSession(token: String) throws {
        let now = database.clock.now()
        try database.backend.write { db in
            guard let userID = try db.fetchOne(Int64.self, sql: "SELECT user_id FROM user_session WHERE token_hash = ?", arguments: [Self.hash(token)])
            else { return }
            let account = try Self.account(db, id: userID)
            try db.execute(sql: "DELETE FROM user_session WHERE token_hash = ?", arguments: [Self.hash(token)])
            try AuditLog.record(db, at: now, actor: account.principal, action: "sign out", entity: "user", key: account.username)
        }
    }

    // MARK: - API tokens

    /// A token for a machine client acting as `username`. The secret is returned once and kept only as a hash.
    public func createToken(username: String, note: String?, actor: Principal) throws -> (code: String, secret: String) {
        let now = database.clock.now()
        let secret = "ent_" + Self.randomToken()
        return try database.backend.write { db in
            let account = try Self.account(db, username: username)
            let code = "tok_" + String(Self.hash(secret).prefix(10))
            try db.execute(sql: """
                INSERT INTO api_token (code, user_id, token_hash, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [code, account.id, Self.hash(secret), note, VietnamTime.iso8601(now), actor.name])
            try AuditLog.record(db, at: now, actor: actor, action: "create token", entity: "user", key: account.username,
                                after: ["token": code, "note": note ?? ""])
            return (code, secret)
        }
    }

    public func revokeToken(code: String, actor: Principal) throws {
        let now = database.clock.now()
        try database.backend.write { db in
            guard let row = try db.fetchOne(sql: """
                SELECT t.id, t.revoked_at, u.username FROM api_token t JOIN user_account u ON u.id = t.user_id WHERE t.code = ?
                """, arguments: [code]) else { throw StoreError.notFound(entity: "token", key: code) }
            guard (row["revoked_at"] as String?) == nil else { throw StoreError.rule("token \(code) is already revoked") }
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ?", arguments: [VietnamTime.iso8601(now), row["id"] as Int64])
            try AuditLog.record(db, at: now, actor: actor, action: "revoke token", entity: "user", key: row["username"], after: ["token": code])
        }
    }

    public func tokens() throws -> [APITokenView] {
        try database.backend.read { db in
            try db.fetchAll(APITokenView.self, sql: """
                SELECT t.code, u.username, t.note, t.created_at, t.created_by, t.revoked_at
                FROM api_token t JOIN user_account u ON u.id = t.user_id ORDER BY t.id
                """)
        }
    }

    /// The account a bearer token acts as; nil when unknown, revoked, or its account is disabled.
    public func tokenAccount(secret: String) throws -> UserAccount? {
        try database.backend.read { db in
            guard let userID = try db.fetchOne(Int64.self, sql: "SELECT user_id FROM api_token WHERE token_hash = ? AND revoked_at IS NULL",
                                                  arguments: [Self.hash(secret)]) else { return nil }
            let account = try Self.account(db, id: userID)
            return account.disabled ? nil : account
        }
    }

    // MARK: - Calendar tokens

    /// Whose feed a calendar token opens.
    public enum CalendarSubject: Sendable, Equatable {
        case person(String)
        case group(String)
    }

    /// A revocable token for `/calendar/{token}.ics`; the secret is returned once.
    public func createCalendarToken(_ subject: CalendarSubject, actor: Principal) throws -> (code: String, secret: String) {
        let now = database.clock.now()
        let secret = Self.randomToken()
        let (kind, key): (String, String)
        switch subject {
        case let .person(code): (kind, key) = ("person", code)
        case let .group(code): (kind, key) = ("group", code)
        }
        return try database.backend.write { db in
            let table = kind == "person" ? "person" : "savings_group"
            guard try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE code = ?)", arguments: [key]) == true else {
                throw StoreError.notFound(entity: kind == "person" ? "person" : "group", key: key)
            }
            let code = "cal_" + String(Self.hash(secret).prefix(10))
            try db.execute(sql: """
                INSERT INTO calendar_token (code, subject_kind, subject_code, token_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [code, kind, key, Self.hash(secret), VietnamTime.iso8601(now), actor.name])
            try AuditLog.record(db, at: now, actor: actor, action: "create calendar token", entity: kind, key: key, after: ["token": code])
            return (code, secret)
        }
    }

    public func revokeCalendarToken(code: String, actor: Principal) throws {
        let now = database.clock.now()
        try database.backend.write { db in
            guard let row = try db.fetchOne(sql: "SELECT id, subject_kind, subject_code, revoked_at FROM calendar_token WHERE code = ?",
                                             arguments: [code]) else { throw StoreError.notFound(entity: "calendar token", key: code) }
            guard (row["revoked_at"] as String?) == nil else { throw StoreError.rule("calendar token \(code) is already revoked") }
            try db.execute(sql: "UPDATE calendar_token SET revoked_at = ? WHERE id = ?", arguments: [VietnamTime.iso8601(now), row["id"] as Int64])
            try AuditLog.record(db, at: now, actor: actor, action: "revoke calendar token", entity: row["subject_kind"], key: row["subject_code"],
                                after: ["token": code])
        }
    }

    public func calendarTokens() throws -> [CalendarTokenView] {
        try database.backend.read { db in
            try db.fetchAll(CalendarTokenView.self, sql: """
                SELECT code, subject_kind, subject_code, created_at, created_by, revoked_at FROM calendar_token ORDER BY id
                """)
        }
    }

    /// The subject of a live calendar token, or nil.
    public func calendarSubject(secret: String) throws -> CalendarSubject? {
        try database.backend.read { db in
            guard let row = try db.fetchOne(sql: """
                SELECT subject_kind, subject_code FROM calendar_token WHERE token_hash = ? AND revoked_at IS NULL
                """, arguments: [Self.hash(secret)]) else { return nil }
            let code: String = row["subject_code"]
            return (row["subject_kind"] as String) == "person" ? .person(code) : .group(code)
        }
    }

    // MARK: - Secrets

    /// 32 random bytes, base64url without padding (43 characters of A–Z a–z 0–9 - _).
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
