
extension AppDatabase {
    /// Sign-in accounts, sessions, API tokens and calendar-feed tokens for `entrust serve` (migration `v5-server`).
    ///
    /// Secrets (session cookies, API tokens, calendar tokens) are stored only as SHA-256 hashes; passwords only as
    /// bcrypt hashes made by the caller. An account's scope comes from the person it is linked to: bank staff and
    /// approvers from the person's transaction office, association officers from the person's association.
    static let serverSchema = """
        CREATE TABLE user_account (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            display_name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin','bank_staff','approver','association_officer','viewer')),
            person_id INTEGER REFERENCES person(id),
            language TEXT NOT NULL DEFAULT 'vi' CHECK (language IN ('vi','en')),
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );

        CREATE TABLE user_session (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            user_id INTEGER NOT NULL REFERENCES user_account(id),
            csrf TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            last_seen_ms INTEGER NOT NULL
        );
        CREATE INDEX user_session_user ON user_session(user_id);

        CREATE TABLE api_token (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            user_id INTEGER NOT NULL REFERENCES user_account(id),
            token_hash TEXT NOT NULL UNIQUE,
            note TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            revoked_at TEXT
        );

        CREATE TABLE calendar_token (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            subject_kind TEXT NOT NULL CHECK (subject_kind IN ('person','group')),
            subject_code TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            revoked_at TEXT
        );
        """

    /// Secrets the server replicas share (migration `v7-server-secret`), such as the key that signs sign-in form
    /// tokens: in the database, not in one process's memory, so that a form issued by one replica is accepted by
    /// another. Each row is made on first use (32 random bytes, hex).
    static let serverSecretSchema = """
        CREATE TABLE server_secret (
            name TEXT NOT NULL PRIMARY KEY,
            secret TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """

    /// State the server replicas share (migration `v10-replica-state`).
    ///
    /// `login_failure` holds one row per failed sign-in and key (`user:<name>` or `addr:<address>`), so that every
    /// replica counts the same attempts; rows older than the window are pruned as new failures come in.
    /// `service_lease` names the replica that runs a singleton job (the planner) until `expires_ms`.
    static let replicaStateSchema = """
        CREATE TABLE login_failure (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            at_ms INTEGER NOT NULL
        );
        CREATE INDEX login_failure_key ON login_failure(key, at_ms);
        CREATE INDEX login_failure_at ON login_failure(at_ms);

        CREATE TABLE service_lease (
            name TEXT NOT NULL PRIMARY KEY,
            holder TEXT NOT NULL,
            expires_ms INTEGER NOT NULL
        );
        """
}
