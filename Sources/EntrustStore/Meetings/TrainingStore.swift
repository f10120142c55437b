import EntrustCore
import Foundation

/// Training sessions (a one-off `training` meeting series plus topic, trainer, audience and capacity), enrolments,
/// attendance, and annual quotas per association and audience.
public struct TrainingStore: Sendable {
    public let database: AppDatabase

    public init(_ database: AppDatabase) { self.database = database }

    /// A session to add.
    public struct Draft: Sendable {
        public var code: String?
        public var association: String
        public var topic: String
        public var trainer: String
        public var audience: TrainingAudience
        public var capacity: Int
        public var start: LocalDateTime
        public var durationMinutes: Int
        public var location: String?

        public init(code: String? = nil, association: String, topic: String, trainer: String, audience: TrainingAudience, capacity: Int,
                    start: LocalDateTime, durationMinutes: Int = 240, location: String? = nil) {
            self.code = code
            self.association = association
            self.topic = topic
            self.trainer = trainer
            self.audience = audience
            self.capacity = capacity
            self.start = start
            self.durationMinutes = durationMinutes
            self.location = location
        }
    }

    /// Adds sessions (moved off holidays like every meeting) in one transaction; returns their codes.
    @discardableResult
    public func add(_ drafts: [Draft], holidays: HolidayCalendar, actor: Principal) throws -> [String] {
        let now = database.clock.now()
        let today = database.today
        let years = (drafts.map(\.start.date.year).min() ?? today.year)...((drafts.map(\.start.date.year).max() ?? today.year) + 1)
        let index = HolidayIndex(calendar: holidays, years: years)
        return try database.backend.write { db in
            try drafts.map { draft in
                if draft.topic.trimmingCharacters(in: .whitespaces).isEmpty { throw StoreError.invalid(field: "--topic", value: draft.topic, reason: "is required") }
                if draft.trainer.trimmingCharacters(in: .whitespaces).isEmpty { throw StoreError.invalid(field: "--trainer", value: draft.trainer, reason: "is required") }
                guard draft.capacity >= 1 else { throw StoreError.invalid(field: "--capacity", value: String(draft.capacity), reason: "must be at least 1") }
                let series = MeetingStore.SeriesDraft(code: draft.code, kind: .training, title: draft.topic, association: draft.association,
                                                      organiser: draft.trainer, location: draft.location ?? draft.association, start: draft.start,
                                                      durationMinutes: draft.durationMinutes, recurrence: .once, invitees: [])
                let scheduled = try MeetingStore(database).insertSeries(db, series, holidays: index, now: now, today: today, actor: actor)
                let seriesID = try db.fetchOne(Int64.self, sql: "SELECT id FROM meeting_series WHERE code = ?", arguments: [scheduled.code])!
                let associationID = try db.fetchOne(Int64.self, sql: "SELECT association_id FROM meeting_series WHERE id = ?", arguments: [seriesID])!
                try db.prepare(sql: "INSERT INTO training (series_id, association_id, topic, trainer, audience, capacity) VALUES (?, ?, ?, ?, ?, ?)")
                    .execute(arguments: [seriesID, associationID, draft.topic, draft.trainer, draft.audience.rawValue, draft.capacity])
                try AuditLog.record(db, at: now, actor: actor, action: "create", entity: "training", key: scheduled.code,
                                    after: ["topic": draft.topic, "trainer": draft.trainer, "audience": draft.audience.rawValue,
                                            "capacity": String(draft.capacity)])
                return scheduled.code
            }
        }
    }

    private func training(_ db: any StoreSession, _ code: String) throws -> (id: Int64, audience: TrainingAudience, capacity: Int, meetingRef: String) {
        guard let row = try db.fetchOne(sql: """
            SELECT t.id, t.audience, t.capacity, s.code || '@' || substr(m.planned_start, 1, 10) AS ref
            FROM training t JOIN meeting_series s ON s.id = t.series_id JOIN meeting m ON m.series_id = s.id WHERE s.code = ?
            """, arguments: [code]) else { throw StoreError.notFound(entity: "training", key: code) }
        return (row["id"], TrainingAudience(rawValue: row["audience"])!, row["capacity"], row["ref"])
    }

    /// Enrols trainees: group board members (member codes with a current seat) for `group_boards`, association
    /// officers (person codes) for `association_officers`. Refuses past capacity; all or nothing.
    public func enrol(_ code: String, trainees: [String], actor: Principal) throws {
        let now = database.clock.now()
        try database.backend.write { db in
            let session = try training(db, code)
            let enrolled = try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM training_enrolment WHERE training_id = ?", arguments: [session.id]) ?? 0
            guard enrolled + trainees.count <= session.capacity else {
                throw StoreError.rule("training \(code) has \(session.capacity) places and \(enrolled) are taken: \(trainees.count) more do not fit")
            }
            let asMember = try db.prepare(sql: "INSERT INTO training_enrolment (training_id, member_id, enrolled_on) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            let asPerson = try db.prepare(sql: "INSERT INTO training_enrolment (training_id, person_id, enrolled_on) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            for trainee in trainees {
                switch session.audience {
                case .groupBoards:
                    guard let id = try db.fetchOne(Int64.self, sql: """
                        SELECT m.id FROM group_member m WHERE m.code = ? AND m.left_on IS NULL
                          AND EXISTS (SELECT 1 FROM board_term b WHERE b.member_id = m.id AND b.ended_on IS NULL)
                        """, arguments: [trainee]) else {
                        throw StoreError.invalid(field: "trainee", value: trainee, reason: "is not a current group board member (this training is for group boards)")
                    }
                    try asMember.execute(arguments: [session.id, id, database.today.iso])
                case .associationOfficers:
                    guard let id = try db.fetchOne(Int64.self, sql: "SELECT id FROM person WHERE code = ? AND association_id IS NOT NULL", arguments: [trainee]) else {
                        throw StoreError.invalid(field: "trainee", value: trainee, reason: "is not an association officer (this training is for association officers)")
                    }
                    try asPerson.execute(arguments: [session.id, id, database.today.iso])
                }
            }
            try AuditLog.record(db, at: now, actor: actor, action: "enrol", entity: "training", key: code, after: ["trainees": trainees.joined(separator: ",")])
        }
    }

    /// The occurrence reference of a training, for `meetings attend`.
    public func meetingRef(_ code: String) throws -> String {
        try database.backend.read { db in try training(db, code).meetingRef }
    }

    /// Records attendance at a training; only enrolled trainees can be recorded.
    public func attend(_ code: String, _ entries: [(code: String, status: AttendanceStatus)], actor: Principal) throws {
        let ref = try meetingRef(code)
        let enrolled = Set(try database.backend.read { db in
            try db.fetchAll(String.self, sql: """
                SELECT COALESCE(m.code, p.code) FROM training_enrolment e JOIN training t ON t.id = e.training_id JOIN meeting_series s ON s.id = t.series_id
                LEFT JOIN group_member m ON m.id = e.member_id LEFT JOIN person p ON p.id = e.person_id WHERE s.code = ?
                """, arguments: [code])
        })
        let strangers = entries.map(\.code).filter { !enrolled.contains($0) }
        guard strangers.isEmpty else {
            throw StoreError.invalid(field: "attendee", value: strangers.joined(separator: ", "), reason: "not enrolled in training \(code); enrol first")
        }
        try MeetingStore(database).recordAttendance(ref, entries, actor: actor)
    }

    public func trainings(association: String? = nil, year: Int? = nil) throws -> [TrainingView] {
        try database.backend.read { db in
            try db.fetchAll(TrainingView.self, sql: """
                SELECT s.code, a.code AS association, t.topic, t.trainer, t.audience, t.capacity, m.start, s.location, m.status,
                       (SELECT COUNT(*) FROM training_enrolment e WHERE e.training_id = t.id) AS enrolled,
                       (SELECT COUNT(*) FROM attendance x WHERE x.meeting_id = m.id AND x.status = 'present') AS present
                FROM training t JOIN meeting_series s ON s.id = t.series_id JOIN meeting m ON m.series_id = s.id JOIN association a ON a.id = t.association_id
                WHERE (CAST(?1 AS TEXT) IS NULL OR a.code = ?1) AND (CAST(?2 AS TEXT) IS NULL OR substr(m.start, 1, 4) = ?2)
                ORDER BY m.start, s.code
                """, arguments: [association, year.map(String.init)])
        }
    }

    /// Sets (or replaces) an annual quota: train `target` people of an audience by `deadline`.
    public func setQuota(association: String, year: Int, audience: TrainingAudience, target: Int, deadline: LocalDate, actor: Principal) throws {
        guard target >= 1 else { throw StoreError.invalid(field: "--target", value: String(target), reason: "must be at least 1") }
        guard deadline.year == year else { throw StoreError.invalid(field: "--deadline", value: deadline.iso, reason: "must be in \(year)") }
        let now = database.clock.now()
        try database.backend.write { db in
            guard let id = try db.fetchOne(Int64.self, sql: "SELECT id FROM association WHERE code = ?", arguments: [association]) else {
                throw StoreError.notFound(entity: "association", key: association)
            }
            try db.execute(sql: """
                INSERT INTO training_quota (association_id, year, audience, target, deadline) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (association_id, year, audience) DO UPDATE SET target = excluded.target, deadline = excluded.deadline
                """, arguments: [id, year, audience.rawValue, target, deadline.iso])
            try AuditLog.record(db, at: now, actor: actor, action: "quota", entity: "training_quota", key: "\(association) \(year) \(audience.rawValue)",
                                after: ["target": String(target), "deadline": deadline.iso])
        }
    }

    /// Quotas with progress: distinct trainees present at trainings of that audience organised by the association or
    /// any association under it, from 1 January to the deadline; behind schedule against a straight line.
    public func quotas(year: Int, association: String? = nil) throws -> [QuotaView] {
        let today = database.today
        return try database.backend.read { db in
            let rows = try db.fetchAll(sql: """
                SELECT q.id, a.code AS association, q.year, q.audience, q.target, q.deadline, (
                    WITH RECURSIVE tree(id) AS (SELECT q.association_id UNION ALL SELECT c.id FROM association c JOIN tree ON c.parent_id = tree.id)
                    SELECT COUNT(DISTINCT COALESCE('m' || x.member_id, 'p' || x.person_id))
                    FROM training t JOIN meeting m ON m.series_id = t.series_id JOIN attendance x ON x.meeting_id = m.id
                    WHERE t.association_id IN (SELECT id FROM tree) AND t.audience = q.audience AND x.status = 'present'
                      AND m.status = 'scheduled' AND m.start >= q.year || '-01-01' AND substr(m.start, 1, 10) <= q.deadline
                ) AS trained
                FROM training_quota q JOIN association a ON a.id = q.association_id
                WHERE q.year = ? AND (CAST(? AS TEXT) IS NULL OR a.code = ?)
                ORDER BY a.code, q.audience
                """, arguments: [year, association, association])
            return rows.map { row in
                let progress = QuotaProgress(target: row["target"], trained: row["trained"], yearStart: LocalDate(year: year, month: 1, day: 1)!,
                                             deadline: LocalDate(iso: row["deadline"] as String)!, today: today)
                return QuotaView(association: row["association"], year: row["year"], audience: row["audience"], target: progress.target,
                                 deadline: row["deadline"], trained: progress.trained, expectedByToday: progress.expectedByToday,
                                 percent: progress.percentDone, behindSchedule: progress.isBehindSchedule)
            }
        }
    }
}
