extension AppDatabase {
    /// Every schema change, in order. A shipped migration never changes; add a new one instead.
    public static let migrations: [Migration] = [
        Migration("v1-foundation", sqlite: """
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
                """),
        Migration("v2-groups-meetings", sqlite: """
                CREATE TABLE savings_group (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    village TEXT,
                    commune_id INTEGER NOT NULL REFERENCES admin_unit(id),
                    association_id INTEGER NOT NULL REFERENCES association(id),
                    founded_on TEXT NOT NULL,
                    approval_ref TEXT,
                    min_monthly_saving INTEGER NOT NULL DEFAULT 0 CHECK (min_monthly_saving >= 0),
                    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','merged','dissolved')),
                    status_on TEXT,
                    status_note TEXT,
                    quorum TEXT
                );
                CREATE INDEX savings_group_commune ON savings_group(commune_id);
                CREATE INDEX savings_group_association ON savings_group(association_id);

                CREATE TABLE group_member (
                    id INTEGER PRIMARY KEY,
                    group_id INTEGER NOT NULL REFERENCES savings_group(id),
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    national_id TEXT NOT NULL,
                    category TEXT NOT NULL CHECK (category IN ('poor','near_poor','just_out_of_poverty','other_policy')),
                    joined_on TEXT NOT NULL,
                    left_on TEXT,
                    leave_reason TEXT,
                    person_id INTEGER REFERENCES person(id),
                    CHECK (left_on IS NULL OR left_on >= joined_on)
                );
                CREATE INDEX group_member_group ON group_member(group_id, left_on);
                -- A household belongs to one group at a time.
                CREATE UNIQUE INDEX group_member_active_national_id ON group_member(national_id) WHERE left_on IS NULL;

                CREATE TABLE board_term (
                    id INTEGER PRIMARY KEY,
                    group_id INTEGER NOT NULL REFERENCES savings_group(id),
                    member_id INTEGER NOT NULL REFERENCES group_member(id),
                    role TEXT NOT NULL CHECK (role IN ('leader','deputy','secretary')),
                    term_start TEXT NOT NULL,
                    term_end TEXT NOT NULL,
                    ended_on TEXT,
                    end_reason TEXT,
                    CHECK (term_start <= term_end)
                );
                CREATE INDEX board_term_group ON board_term(group_id, role);
                CREATE UNIQUE INDEX board_term_current ON board_term(group_id, role) WHERE ended_on IS NULL;

                CREATE TABLE meeting_series (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('group_meeting','loan_review','board_election','convention','giao_ban','transaction_day','training')),
                    title TEXT NOT NULL,
                    group_id INTEGER REFERENCES savings_group(id),
                    association_id INTEGER REFERENCES association(id),
                    point_id INTEGER REFERENCES bank_unit(id),
                    organiser TEXT NOT NULL,
                    location TEXT NOT NULL,
                    start TEXT NOT NULL,
                    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
                    rrule TEXT,
                    lunar TEXT,
                    exdates TEXT NOT NULL DEFAULT '',
                    holiday_policy TEXT NOT NULL CHECK (holiday_policy IN ('keep','next-working-day','previous-working-day','skip')),
                    invitees TEXT NOT NULL DEFAULT '',
                    quorum TEXT,
                    horizon_until TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','cancelled')),
                    sequence INTEGER NOT NULL DEFAULT 0,
                    created_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    CHECK (rrule IS NULL OR lunar IS NULL)
                );
                CREATE INDEX meeting_series_group ON meeting_series(group_id);
                CREATE INDEX meeting_series_association ON meeting_series(association_id);
                CREATE INDEX meeting_series_point ON meeting_series(point_id);

                CREATE TABLE meeting (
                    id INTEGER PRIMARY KEY,
                    series_id INTEGER NOT NULL REFERENCES meeting_series(id),
                    planned_start TEXT NOT NULL,
                    start TEXT NOT NULL,
                    end TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','cancelled')),
                    policy_note TEXT,
                    policy_note_en TEXT,
                    sequence INTEGER NOT NULL DEFAULT 0,
                    quorum_met INTEGER,
                    minutes TEXT,
                    minutes_scan TEXT,
                    UNIQUE (series_id, planned_start)
                );
                CREATE INDEX meeting_start ON meeting(start);

                CREATE TABLE meeting_change (
                    id INTEGER PRIMARY KEY,
                    series_id INTEGER NOT NULL REFERENCES meeting_series(id),
                    meeting_id INTEGER REFERENCES meeting(id),
                    action TEXT NOT NULL CHECK (action IN ('move','cancel','cancel_rest')),
                    from_start TEXT,
                    to_start TEXT,
                    reason TEXT,
                    sequence INTEGER NOT NULL,
                    changed_by TEXT NOT NULL,
                    changed_at TEXT NOT NULL
                );
                CREATE INDEX meeting_change_meeting ON meeting_change(meeting_id);

                CREATE TABLE attendance (
                    id INTEGER PRIMARY KEY,
                    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
                    member_id INTEGER REFERENCES group_member(id),
                    person_id INTEGER REFERENCES person(id),
                    status TEXT NOT NULL CHECK (status IN ('present','absent','excused')),
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    CHECK ((member_id IS NULL) <> (person_id IS NULL))
                );
                CREATE UNIQUE INDEX attendance_member ON attendance(meeting_id, member_id) WHERE member_id IS NOT NULL;
                CREATE UNIQUE INDEX attendance_person ON attendance(meeting_id, person_id) WHERE person_id IS NOT NULL;

                CREATE TABLE training (
                    id INTEGER PRIMARY KEY,
                    series_id INTEGER NOT NULL UNIQUE REFERENCES meeting_series(id),
                    association_id INTEGER NOT NULL REFERENCES association(id),
                    topic TEXT NOT NULL,
                    trainer TEXT NOT NULL,
                    audience TEXT NOT NULL CHECK (audience IN ('group_boards','association_officers')),
                    capacity INTEGER NOT NULL CHECK (capacity >= 1)
                );

                CREATE TABLE training_enrolment (
                    id INTEGER PRIMARY KEY,
                    training_id INTEGER NOT NULL REFERENCES training(id),
                    member_id INTEGER REFERENCES group_member(id),
                    person_id INTEGER REFERENCES person(id),
                    enrolled_on TEXT NOT NULL,
                    CHECK ((member_id IS NULL) <> (person_id IS NULL))
                );
                CREATE UNIQUE INDEX training_enrolment_member ON training_enrolment(training_id, member_id) WHERE member_id IS NOT NULL;
                CREATE UNIQUE INDEX training_enrolment_person ON training_enrolment(training_id, person_id) WHERE person_id IS NOT NULL;

                CREATE TABLE training_quota (
                    id INTEGER PRIMARY KEY,
                    association_id INTEGER NOT NULL REFERENCES association(id),
                    year INTEGER NOT NULL,
                    audience TEXT NOT NULL CHECK (audience IN ('group_boards','association_officers')),
                    target INTEGER NOT NULL CHECK (target >= 1),
                    deadline TEXT NOT NULL,
                    UNIQUE (association_id, year, audience)
                );
                """),
        Migration("v3-outbox", sqlite: outboxSchema),
        Migration("v4-loans-evaluation", sqlite: loansEvaluationSchema),
        Migration("v5-server", sqlite: serverSchema),
        Migration("v6-loan-group-totals", sqlite: loanGroupTotalSchema) { db in
            for month in try db.fetchAll(String.self, sql: "SELECT month FROM loan_month") { try LoanImportStore.totalGroups(db, month: month) }
        },
        Migration("v7-server-secret", sqlite: serverSecretSchema),
        // When a completion was entered, beside the day it claims (issue 13): a late obligation "completed" on an
        // earlier day shows when that was said.
        Migration("v8-completion-entered", sqlite: "ALTER TABLE obligation ADD COLUMN completed_at TEXT"),
        // The audit chain's head as one row (issue 11): appends lock it (an UPDATE, which PostgreSQL's replicas queue
        // on) and it remembers the highest id ever used, so removing the newest rows shows on both engines.
        Migration("v9-audit-head", sqlite: """
            CREATE TABLE audit_head (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                last_id INTEGER NOT NULL,
                last_hash TEXT NOT NULL
            );
            INSERT INTO audit_head (id, last_id, last_hash)
            SELECT 1, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0),
                   COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '\(AuditLog.genesis)');
            """),
        // State the server replicas share (issue 11): failed sign-ins, counted in the database so that attempts
        // spread over several replicas add up, and named leases so that one replica at a time plans reminders.
        Migration("v10-replica-state", sqlite: replicaStateSchema),
        // Districts moved in by `entrust import district` (issue 11): each import once, and the district's own audit
        // chain kept as it was, verified by `audit verify` beside the database's chain.
        Migration("v11-district-import", sqlite: """
            CREATE TABLE district_import (
                export_id TEXT NOT NULL PRIMARY KEY,
                file TEXT NOT NULL,
                source TEXT NOT NULL,
                imported_at TEXT NOT NULL,
                audit_last_id INTEGER NOT NULL,
                audit_last_hash TEXT NOT NULL,
                rows_copied INTEGER NOT NULL
            );
            CREATE TABLE audit_archive (
                import_id TEXT NOT NULL REFERENCES district_import(export_id),
                id INTEGER NOT NULL,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_key TEXT NOT NULL,
                before_json TEXT,
                after_json TEXT,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (import_id, id)
            );
            """),
        // Planning in bounded chunks (issue 12): what each subject's reminders were last planned from, so that planning
        // again skips a subject nothing changed for, and re-planning the next day only plans what entered the window;
        // the indexes the per-day reads of contracts and evaluations use; and the outbox's subjects with their state, so
        // that finding the waiting messages' subjects reads the index, not the payloads.
        Migration("v12-plan-marks", sqlite: planMarkSchema),
        // Pages cost what they show (issue 12): each scoped list walks an index in its sort order from its cursor,
        // within its scope or filter, and the per-row counts of a page (attendance, enrolments) seek instead of
        // scanning. The same SQL on both engines; `QueryPlanTests` fails when a page's statement scans a large table.
        Migration("v13-list-indexes", sqlite: listIndexes, postgres: listIndexes),
    ]

    static let planMarkSchema = """
        CREATE TABLE plan_mark (
            event TEXT NOT NULL,
            subject TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            planned_from TEXT NOT NULL,
            planned_until TEXT NOT NULL,
            last_day TEXT NOT NULL,
            PRIMARY KEY (event, subject)
        );
        CREATE INDEX plan_mark_last_day ON plan_mark(last_day);
        CREATE INDEX contract_end_date ON contract(end_date);
        CREATE INDEX group_evaluation_evaluated_at ON group_evaluation(evaluated_at);
        CREATE INDEX association_evaluation_evaluated_at ON association_evaluation(evaluated_at);
        CREATE INDEX outbox_subject_state ON outbox_message(subject, state);
        DROP INDEX outbox_subject;
        """

    /// The indexes of `v13-list-indexes`; plain `CREATE INDEX`, which both engines read alike.
    static let listIndexes = """
        CREATE INDEX contract_office_number ON contract(office_id, number);
        CREATE INDEX contract_association_number ON contract(association_id, number);
        CREATE INDEX contract_state_number ON contract(state, number);
        CREATE INDEX contract_kind_number ON contract(kind, number);
        CREATE INDEX contract_change_contract ON contract_change(contract_id, id);
        CREATE INDEX obligation_status_due ON obligation(status, due_date);
        CREATE INDEX obligation_contract_due ON obligation(contract_id, due_date);
        CREATE INDEX savings_group_association_code ON savings_group(association_id, code);
        CREATE INDEX savings_group_commune_code ON savings_group(commune_id, code);
        CREATE INDEX savings_group_status_code ON savings_group(status, code);
        CREATE INDEX meeting_series_start ON meeting(series_id, start);
        CREATE INDEX attendance_meeting ON attendance(meeting_id, status);
        CREATE INDEX training_enrolment_training ON training_enrolment(training_id);
        CREATE INDEX group_evaluation_month_total ON group_evaluation(month, total);
        CREATE INDEX group_evaluation_group ON group_evaluation(group_id, month);
        """
}
