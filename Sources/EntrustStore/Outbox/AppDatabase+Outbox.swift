extension AppDatabase {
    /// Webhook endpoints, the outbox and its attempts (issue 5). Instants the worker compares are
    /// stored as integer milliseconds since 1970 (UTC); the texts beside them are for people.
    static let outboxSchema = """
        CREATE TABLE webhook_endpoint (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL,
            events TEXT NOT NULL,
            description TEXT,
            template_name TEXT,
            template TEXT,
            secret TEXT NOT NULL,
            previous_secret TEXT,
            previous_secret_until_ms INTEGER,
            enabled INTEGER NOT NULL DEFAULT 1,
            disabled_reason TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );

        CREATE TABLE outbox_message (
            id INTEGER PRIMARY KEY,
            public_id TEXT NOT NULL UNIQUE,
            channel TEXT NOT NULL CHECK (channel IN ('webhook','email')),
            recipient TEXT NOT NULL,
            endpoint_id INTEGER REFERENCES webhook_endpoint(id),
            rule TEXT NOT NULL,
            subject TEXT NOT NULL,
            occurrence TEXT NOT NULL,
            event_type TEXT NOT NULL,
            payload_json TEXT NOT NULL,
            urgent INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL CHECK (state IN ('scheduled','available','sending','sent','retrying','dead','cancelled')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_ms INTEGER NOT NULL,
            lease_until_ms INTEGER,
            leased_by TEXT,
            last_error TEXT,
            created_at TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            finished_at TEXT,
            CHECK ((channel = 'webhook') = (endpoint_id IS NOT NULL)),
            UNIQUE (rule, subject, occurrence, recipient, channel)
        );
        CREATE INDEX outbox_due ON outbox_message(state, next_attempt_ms);
        CREATE INDEX outbox_lease ON outbox_message(state, lease_until_ms) WHERE state = 'sending';
        CREATE INDEX outbox_subject ON outbox_message(subject);

        CREATE TABLE outbox_attempt (
            id INTEGER PRIMARY KEY,
            message_id INTEGER NOT NULL REFERENCES outbox_message(id),
            number INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            duration_ms INTEGER NOT NULL,
            response_code INTEGER,
            reply TEXT,
            error TEXT,
            outcome TEXT NOT NULL
        );
        CREATE INDEX outbox_attempt_message ON outbox_attempt(message_id);
        """
}
