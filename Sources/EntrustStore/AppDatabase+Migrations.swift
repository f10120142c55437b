import GRDB

extension AppDatabase {
    /// Every schema change, in order. A shipped migration never changes; add a new one instead.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);

                CREATE TABLE admin_unit (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('province','district','commune','village')),
                    name TEXT NOT NULL,
                    parent_id INTEGER REFERENCES admin_unit(id),
                    valid_until TEXT
                );
                CREATE INDEX admin_unit_parent ON admin_unit(parent_id);

                CREATE TABLE bank_unit (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('head_office','provincial_branch','transaction_office','transaction_point')),
                    name TEXT NOT NULL,
                    parent_id INTEGER REFERENCES bank_unit(id),
                    commune_id INTEGER REFERENCES admin_unit(id),
                    fixed_day INTEGER CHECK (fixed_day BETWEEN 1 AND 31),
                    CHECK ((kind = 'transaction_point') = (commune_id IS NOT NULL AND fixed_day IS NOT NULL))
                );
                CREATE INDEX bank_unit_parent ON bank_unit(parent_id);
                CREATE INDEX bank_unit_commune ON bank_unit(commune_id);

                CREATE TABLE association (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('farmers','women','veterans','youth')),
                    level TEXT NOT NULL CHECK (level IN ('central','province','district','commune')),
                    name TEXT NOT NULL,
                    admin_unit_id INTEGER REFERENCES admin_unit(id),
                    parent_id INTEGER REFERENCES association(id)
                );
                CREATE INDEX association_admin_unit ON association(admin_unit_id);
                CREATE INDEX association_parent ON association(parent_id);

                CREATE TABLE person (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    phone TEXT,
                    email TEXT,
                    language TEXT NOT NULL DEFAULT 'vi' CHECK (language IN ('vi','en')),
                    association_id INTEGER REFERENCES association(id),
                    bank_unit_id INTEGER REFERENCES bank_unit(id),
                    position TEXT,
                    standing_committee INTEGER NOT NULL DEFAULT 0,
                    approver INTEGER NOT NULL DEFAULT 0,
                    CHECK ((association_id IS NULL) <> (bank_unit_id IS NULL))
                );
                CREATE INDEX person_association ON person(association_id);
                CREATE INDEX person_bank_unit ON person(bank_unit_id);

                CREATE TABLE contract (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    template_code TEXT NOT NULL,
                    template_version TEXT NOT NULL,
                    office_id INTEGER NOT NULL REFERENCES bank_unit(id),
                    association_id INTEGER REFERENCES association(id),
                    point_id INTEGER REFERENCES bank_unit(id),
                    state TEXT NOT NULL,
                    start_date TEXT NOT NULL,
                    end_date TEXT NOT NULL,
                    version INTEGER NOT NULL DEFAULT 1,
                    predecessor_id INTEGER REFERENCES contract(id),
                    successor_id INTEGER REFERENCES contract(id),
                    end_reason TEXT,
                    ended_on TEXT,
                    expanded_until TEXT,
                    created_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    CHECK (start_date <= end_date)
                );
                CREATE INDEX contract_association ON contract(association_id, state);
                CREATE INDEX contract_office ON contract(office_id, state);

                CREATE TABLE contract_version (
                    id INTEGER PRIMARY KEY,
                    contract_id INTEGER NOT NULL REFERENCES contract(id),
                    version INTEGER NOT NULL,
                    start_date TEXT NOT NULL,
                    end_date TEXT NOT NULL,
                    point_id INTEGER REFERENCES bank_unit(id),
                    bank_signatory TEXT,
                    association_signatory TEXT,
                    template_json TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    approved_by TEXT,
                    approved_at TEXT,
                    UNIQUE (contract_id, version)
                );

                CREATE TABLE contract_change (
                    id INTEGER PRIMARY KEY,
                    contract_id INTEGER NOT NULL REFERENCES contract(id),
                    kind TEXT NOT NULL CHECK (kind IN ('activate','amend','terminate')),
                    payload_json TEXT NOT NULL DEFAULT '{}',
                    reason TEXT NOT NULL,
                    requested_by TEXT NOT NULL,
                    requested_at TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
                    decided_by TEXT,
                    decided_at TEXT,
                    decision_note TEXT
                );
                CREATE UNIQUE INDEX contract_change_one_pending ON contract_change(contract_id) WHERE status = 'pending';

                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    association_id INTEGER NOT NULL REFERENCES association(id),
                    occurred_on TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    note TEXT,
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    UNIQUE (kind, association_id, reference)
                );

                CREATE TABLE obligation (
                    id INTEGER PRIMARY KEY,
                    contract_id INTEGER NOT NULL REFERENCES contract(id),
                    code TEXT NOT NULL,
                    period_key TEXT NOT NULL,
                    title_vi TEXT NOT NULL,
                    title_en TEXT NOT NULL,
                    responsible TEXT NOT NULL,
                    due_date TEXT NOT NULL,
                    late_after TEXT NOT NULL,
                    event_id INTEGER REFERENCES event(id),
                    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','waived')),
                    completed_by TEXT,
                    completed_on TEXT,
                    evidence TEXT,
                    waive_reason TEXT,
                    UNIQUE (contract_id, code, period_key)
                );
                CREATE INDEX obligation_due ON obligation(due_date);
                CREATE INDEX obligation_status ON obligation(status, late_after);

                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    entity_key TEXT NOT NULL,
                    before_json TEXT,
                    after_json TEXT,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX audit_entity ON audit_log(entity, entity_key);
                """)
        }
        migrator.registerMigration("v3-outbox") { db in
            try db.execute(sql: outboxSchema)
        }
        return migrator
    }
}
