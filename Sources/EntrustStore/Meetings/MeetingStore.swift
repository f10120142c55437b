import EntrustCore
import Foundation

/// Meeting series and their occurrences: scheduling (expansion in Core, then batched inserts through one prepared
/// statement — never a query per occurrence), moving and cancelling with history and SEQUENCE bumps, attendance,
/// quorum, minutes and attendance rates.
public struct MeetingStore: Sendable {
    public let database: AppDatabase

    public init(_ database: AppDatabase) { self.database = database }

    /// A series as a person describes it, before references are resolved.
    public struct SeriesDraft: Sendable {
        public var code: String?
        public var kind: MeetingKind
        public var title: String?
        public var group: String?
        public var association: String?
        public var point: String?
        public var organiser: String?
        public var location: String?
        public var start: LocalDateTime
        public var durationMinutes: Int
        public var recurrence: MeetingRecurrence
        public var exclusions: [RecurrenceExclusion]
        /// nil: the kind's default (transaction days keep their date, the rest move to the next working day).
        public var holidayPolicy: HolidayPolicy?
        public var invitees: [MeetingInvitee]
        public var quorum: QuorumRule?
        /// The last day to materialise occurrences for; nil: a year after the later of the start and today.
        public var horizon: LocalDate?

        public init(code: String? = nil, kind: MeetingKind, title: String? = nil, group: String? = nil, association: String? = nil,
                    point: String? = nil, organiser: String? = nil, location: String? = nil, start: LocalDateTime,
                    durationMinutes: Int = 120, recurrence: MeetingRecurrence, exclusions: [RecurrenceExclusion] = [],
                    holidayPolicy: HolidayPolicy? = nil, invitees: [MeetingInvitee] = [], quorum: QuorumRule? = nil, horizon: LocalDate? = nil) {
            self.code = code
            self.kind = kind
            self.title = title
            self.group = group
            self.association = association
            self.point = point
            self.organiser = organiser
            self.location = location
            self.start = start
            self.durationMinutes = durationMinutes
            self.recurrence = recurrence
            self.exclusions = exclusions
            self.holidayPolicy = holidayPolicy
            self.invitees = invitees
            self.quorum = quorum
            self.horizon = horizon
        }
    }

    /// What scheduling wrote.
    public struct Scheduled: Sendable, Equatable {
        public var code: String
        public var occurrences: Int
        public var moved: Int
        public var skipped: Int
    }

    // MARK: - Scheduling

    /// Saves a series and materialises its occurrences up to the horizon, in one transaction with one audit row.
    public func schedule(_ draft: SeriesDraft, holidays: HolidayCalendar, actor: Principal) throws -> Scheduled {
        try scheduleAll([draft], holidays: holidays, actor: actor)[0]
    }

    /// Saves many series in one transaction (the demo, imports): all or nothing.
    public func scheduleAll(_ drafts: [SeriesDraft], holidays: HolidayCalendar, actor: Principal) throws -> [Scheduled] {
        let now = database.clock.now()
        let today = database.today
        // Before the holidays of every year up to the farthest horizon are computed.
        for draft in drafts { if let horizon = draft.horizon { try Self.checkHorizon(horizon, from: max(draft.start.date, today), option: "--horizon") } }
        let years = drafts.map(\.start.date.year).min().map { first in
            first...max(first, drafts.map { ($0.horizon ?? max($0.start.date, today).adding(months: 12)).year }.max() ?? first)
        } ?? today.year...today.year
        // Holidays are computed once for every series of the batch.
        let index = HolidayIndex(calendar: holidays, years: years)
        return try database.backend.write { db in
            try drafts.map { try insertSeries(db, $0, holidays: index, now: now, today: today, actor: actor) }
        }
    }

    func insertSeries(_ db: any StoreSession, _ draft: SeriesDraft, holidays: HolidayIndex, now: Date, today: LocalDate,
                              actor: Principal) throws -> Scheduled {
        guard (1...1440).contains(draft.durationMinutes) else {
            throw StoreError.invalid(field: "--duration", value: String(draft.durationMinutes), reason: "expected minutes from 1 to 1440")
        }
        var groupID: Int64?, associationID: Int64?, pointID: Int64?
        var owner = "", defaultLocation = "", defaultTitle = draft.kind.label.vi
        if draft.kind.isGroupKind {
            guard let code = draft.group else {
                throw StoreError.invalid(field: "--group", value: "", reason: "a \(draft.kind.rawValue) belongs to a group: name it")
            }
            guard let row = try db.fetchOne(sql: "SELECT id, name, village, status, association_id FROM savings_group WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(entity: "group", key: code)
            }
            guard (row["status"] as String) == GroupStatus.active.rawValue else {
                throw StoreError.rule("group \(code) is \(row["status"] as String): no meeting can be scheduled for it")
            }
            groupID = row["id"]
            associationID = row["association_id"]
            owner = code
            defaultLocation = (row["village"] as String?).map { "Nhà văn hóa thôn \($0)" } ?? (row["name"] as String)
            defaultTitle = "\(draft.kind.label.vi) \(row["name"] as String)"
        } else if draft.group != nil {
            throw StoreError.invalid(field: "--group", value: draft.group!, reason: "a \(draft.kind.rawValue) does not belong to a group")
        }
        if let code = draft.association, groupID == nil {
            guard let id = try db.fetchOne(Int64.self, sql: "SELECT id FROM association WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(entity: "association", key: code)
            }
            associationID = id
            owner = code
        }
        var fixedDay: Int?
        if let code = draft.point {
            guard let row = try db.fetchOne(sql: "SELECT id, kind, name, fixed_day FROM bank_unit WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(entity: "bank unit", key: code)
            }
            guard (row["kind"] as String) == BankUnitKind.transactionPoint.rawValue else {
                throw StoreError.invalid(field: "--point", value: code, reason: "is a \(row["kind"] as String), not a commune transaction point")
            }
            pointID = row["id"]
            fixedDay = row["fixed_day"]
            defaultLocation = row["name"]
            if owner.isEmpty { owner = code }
        }
        switch draft.kind {
        case .transactionDay:
            guard pointID != nil else { throw StoreError.invalid(field: "--point", value: "", reason: "a transaction day is held at a transaction point: name it") }
            defaultTitle = "Phiên giao dịch \(defaultLocation.replacingOccurrences(of: "Điểm giao dịch ", with: ""))"
        case .giaoBan:
            guard associationID != nil else { throw StoreError.invalid(field: "--association", value: "", reason: "a giao ban is between an association and the bank: name the association") }
            if pointID == nil {
                // The regular meeting is held at the commune's transaction point.
                if let row = try db.fetchOne(sql: """
                    SELECT b.id, b.name FROM bank_unit b JOIN association a ON a.admin_unit_id = b.commune_id
                    WHERE a.id = ? AND b.kind = 'transaction_point' ORDER BY b.code LIMIT 1
                    """, arguments: [associationID]) {
                    pointID = row["id"]
                    defaultLocation = row["name"]
                }
            }
        case .training:
            guard associationID != nil else { throw StoreError.invalid(field: "--association", value: "", reason: "a training is organised by an association: name it") }
        default: break
        }
        guard !owner.isEmpty else { throw StoreError.invalid(field: "--association", value: "", reason: "name the group, association or point the series belongs to") }

        // A transaction day without a rule repeats monthly on the point's fixed day (31: the month's last day).
        var recurrence = draft.recurrence
        if draft.kind == .transactionDay, case .once = recurrence, let fixedDay {
            recurrence = .rule(try RecurrenceRule(frequency: .monthly, byMonthDay: [fixedDay == 31 ? -1 : fixedDay]))
        }
        if case let .rule(rule) = recurrence, !rule.isSynchronized(with: draft.start) {
            // A rule that can produce no date at all (30 February) is named as such, rather than "start elsewhere".
            let probe = try RecurrenceRule(frequency: rule.frequency, interval: rule.interval, count: 2, byDay: rule.byDay,
                                           byMonthDay: rule.byMonthDay, byMonth: rule.byMonth, bySetPos: rule.bySetPos, weekStart: rule.weekStart)
            do { _ = try probe.expand(start: draft.start, limit: 2) } catch CalendarError.ruleNeverMatches {
                throw CalendarError.ruleNeverMatches(rule: rule.description)
            }
            let next = (try? rule.expand(start: draft.start, window: draft.start.date...draft.start.date.adding(days: 800), limit: 2))?.dropFirst().first
            throw StoreError.invalid(field: "--start", value: draft.start.iso,
                                     reason: "is not a date the rule \(rule) produces" + (next.map { " (the next one is \($0.date.iso))" } ?? "")
                                        + "; start the series on a matching date")
        }

        let code: String
        if let given = draft.code, !given.isEmpty {
            try OrganisationRules.validateCode(given)
            if try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM meeting_series WHERE code = ?)", arguments: [given]) == true {
                throw StoreError.duplicate(entity: "meeting series", key: given)
            }
            code = given
        } else {
            let base = "\(owner)-\(draft.kind.codeSuffix)"
            var candidate = base, number = 1
            while try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM meeting_series WHERE code = ?)", arguments: [candidate]) == true {
                number += 1
                candidate = "\(base)\(number)"
            }
            code = candidate
        }
        let policy = draft.holidayPolicy ?? draft.kind.defaultHolidayPolicy
        let horizon = draft.horizon ?? max(draft.start.date, today).adding(months: 12)
        guard horizon >= draft.start.date else {
            throw StoreError.invalid(field: "--horizon", value: horizon.iso, reason: "is before the start \(draft.start.date.iso)")
        }
        try Self.checkHorizon(horizon, from: max(draft.start.date, today), option: "--horizon")
        let invitees = draft.invitees.isEmpty ? Self.defaultInvitees(draft.kind) : draft.invitees
        let seriesID = try db.insertReturningID(sql: """
            INSERT INTO meeting_series (code, kind, title, group_id, association_id, point_id, organiser, location, start, duration_minutes,
                                        rrule, lunar, exdates, holiday_policy, invitees, quorum, horizon_until, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [code, draft.kind.rawValue, draft.title ?? defaultTitle, groupID, associationID, pointID,
                                     draft.organiser ?? owner, draft.location ?? defaultLocation, draft.start.iso, draft.durationMinutes,
                                     recurrence.ruleText, recurrence.lunarText, Self.exclusionText(draft.exclusions), policy.rawValue,
                                     invitees.map(\.rawValue).joined(separator: ","), draft.quorum?.description, horizon.iso,
                                     actor.name, VietnamTime.iso8601(now)])
        let plan = try recurrence.plan(start: draft.start, window: draft.start.date...horizon, excluding: draft.exclusions,
                                       policy: policy, index: holidays)
        // The expansion stops at its limit; writing that many and dropping the rest silently would be a wrong calendar.
        guard plan.count < MeetingRecurrence.maxOccurrences else {
            throw StoreError.invalid(field: "--start", value: draft.start.iso, reason: """
                gives \(MeetingRecurrence.maxOccurrences) or more occurrences up to \(horizon.iso); start the series nearer today
                """)
        }
        let written = try Self.insertOccurrences(db, seriesID: seriesID, plan: plan, duration: draft.durationMinutes)
        let result = Scheduled(code: code, occurrences: written, moved: plan.filter { if case .moved = $0.outcome { return true }; return false }.count,
                               skipped: plan.filter { $0.outcome == .skipped }.count)
        try AuditLog.record(db, at: now, actor: actor, action: "schedule", entity: "meeting_series", key: code,
                            after: ["kind": draft.kind.rawValue, "start": draft.start.iso, "rrule": recurrence.ruleText ?? "",
                                    "lunar": recurrence.lunarText ?? "", "holiday_policy": policy.rawValue, "horizon": horizon.iso,
                                    "occurrences": String(written), "moved": String(result.moved), "skipped": String(result.skipped)])
        return result
    }

    static func defaultInvitees(_ kind: MeetingKind) -> [MeetingInvitee] {
        switch kind {
        case .groupMeeting, .loanReview, .boardElection, .convention: return [.members, .board, .officers]
        case .giaoBan: return [.officers, .bank]
        case .transactionDay: return [.board, .officers, .bank]
        case .training: return []
        }
    }

    static func exclusionText(_ exclusions: [RecurrenceExclusion]) -> String {
        exclusions.map { exclusion -> String in
            switch exclusion {
            case let .date(date): return date.iso
            case let .dateTime(time): return time.iso
            }
        }.joined(separator: ",")
    }

    static func parseExclusions(_ text: String) -> [RecurrenceExclusion] {
        text.split(separator: ",").compactMap { piece in
            if let date = LocalDate(iso: piece) { return .date(date) }
            return (try? LocalDateTime.parse(String(piece), years: nil)).map { .dateTime($0) }
        }
    }

    /// Writes planned occurrences through one prepared statement; existing ones (same planned start) are left alone,
    /// so extending a horizon never duplicates. Returns how many rows were new.
    static func insertOccurrences(_ db: any StoreSession, seriesID: Int64, plan: [AdjustedOccurrence], duration: Int) throws -> Int {
        let statement = try db.prepare(sql: """
            INSERT INTO meeting (series_id, planned_start, start, "end", policy_note, policy_note_en) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """)
        var written = 0
        for item in plan {
            guard let start = item.result else { continue }
            var note: LocalizedText?
            if !item.reasons.isEmpty {
                let vi = item.reasons.map { Self.reasonText($0, .vi) }.joined(separator: ", ")
                let en = item.reasons.map { Self.reasonText($0, .en) }.joined(separator: ", ")
                switch item.outcome {
                case .moved: note = LocalizedText(vi: "dời từ \(item.original.date.iso): \(vi)", en: "moved from \(item.original.date.iso): \(en)")
                case .kept: note = LocalizedText(vi: "giữ nguyên vào ngày nghỉ: \(vi)", en: "kept on a non-working day: \(en)")
                default: break
                }
            }
            try statement.execute(arguments: [seriesID, item.original.iso, start.iso, start.adding(seconds: duration * 60).iso, note?.vi, note?.en])
            written += db.changesCount
        }
        return written
    }

    static func reasonText(_ reason: NonWorkingReason, _ language: Language) -> String {
        switch reason {
        case let .holiday(holiday): return holiday.name.text(language)
        case let .weekend(day): return language == .vi ? (day == .saturday ? "Thứ Bảy" : "Chủ nhật") : reason.description
        case .nonWorkingDay: return language == .vi ? "ngày nghỉ" : reason.description
        }
    }

    /// How far ahead occurrences are written. A rule without COUNT or UNTIL repeats forever, so its occurrences are
    /// materialised only up to a horizon; a horizon decades away would write a row per occurrence (a daily rule to
    /// 9999 is nearly three million) and compute the holidays of every year on the way.
    public static let maxHorizonYears = 10

    static func checkHorizon(_ horizon: LocalDate, from day: LocalDate, option: String) throws {
        let latest = day.adding(months: 12 * maxHorizonYears)
        guard horizon <= latest else {
            throw StoreError.invalid(field: option, value: horizon.iso, reason: """
                is more than \(maxHorizonYears) years ahead (the latest is \(latest.iso)); occurrences are written ahead of time: \
                extend the series later with `entrust meetings extend --until DATE`
                """)
        }
    }

    /// Materialises every active series up to `until` (run monthly, or before a horizon runs out). One audit row.
    public func extend(until: LocalDate, holidays: HolidayCalendar, actor: Principal) throws -> Int {
        let now = database.clock.now()
        try Self.checkHorizon(until, from: database.today, option: "--until")
        return try database.backend.write { db in
            let rows = try db.fetchAll(sql: """
                SELECT id, start, duration_minutes, rrule, lunar, exdates, holiday_policy, horizon_until FROM meeting_series
                WHERE status = 'active' AND horizon_until < ?
                """, arguments: [until.iso])
            var written = 0
            let index = HolidayIndex(calendar: holidays, years: (rows.compactMap { LocalDate(iso: $0["horizon_until"] as String)?.year }.min() ?? until.year)...until.year)
            for row in rows {
                let start = try LocalDateTime.parse(row["start"], years: nil)
                let recurrence = try MeetingRecurrence.parse(rrule: row["rrule"], lunar: row["lunar"])
                let from = LocalDate(iso: row["horizon_until"] as String)!.adding(days: 1)
                guard from <= until else { continue }
                let plan = try recurrence.plan(start: start, window: max(from, start.date)...until,
                                               excluding: Self.parseExclusions(row["exdates"]),
                                               policy: HolidayPolicy(rawValue: row["holiday_policy"])!, index: index)
                written += try Self.insertOccurrences(db, seriesID: row["id"], plan: plan, duration: row["duration_minutes"])
            }
            try db.execute(sql: "UPDATE meeting_series SET horizon_until = ? WHERE status = 'active' AND horizon_until < ?", arguments: [until.iso, until.iso])
            try AuditLog.record(db, at: now, actor: actor, action: "extend", entity: "meeting_series", key: until.iso,
                                after: ["series": String(rows.count), "occurrences": String(written)])
            return written
        }
    }

    // MARK: - Changes

    struct OccurrenceRow {
        var id: Int64, seriesID: Int64, seriesCode: String, kind: MeetingKind, planned: LocalDateTime, start: LocalDateTime
        var status: String, sequence: Int, duration: Int, groupID: Int64?, quorum: String?
    }

    /// Finds an occurrence by `SERIES@YYYY-MM-DD` (its planned date) or `SERIES@YYYY-MM-DDTHH:MM`.
    func occurrence(_ db: any StoreSession, _ ref: String) throws -> OccurrenceRow {
        let parts = ref.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, LocalDate(iso: parts[1].prefix(10)) != nil else {
            throw StoreError.invalid(field: "OCCURRENCE", value: ref, reason: "expected SERIES@YYYY-MM-DD, e.g. TS-G07-HT@2024-03-15 (see meetings list)")
        }
        let rows = try db.fetchAll(sql: """
            SELECT m.id, m.series_id, s.code, s.kind, m.planned_start, m.start, m.status, m.sequence, s.duration_minutes, s.group_id,
                   COALESCE(s.quorum, g.quorum) AS quorum
            FROM meeting m JOIN meeting_series s ON s.id = m.series_id LEFT JOIN savings_group g ON g.id = s.group_id
            WHERE s.code = ? AND (m.planned_start = ? OR substr(m.planned_start, 1, 10) = ?)
            """, arguments: [parts[0], parts[1], parts[1]])
        guard let row = rows.first else { throw StoreError.notFound(entity: "meeting", key: ref) }
        guard rows.count == 1 else { throw StoreError.rule("\(ref) names \(rows.count) meetings that day: add the time, e.g. \(parts[0])@\(rows[0]["planned_start"] as String)") }
        return OccurrenceRow(id: row["id"], seriesID: row["series_id"], seriesCode: row["code"], kind: MeetingKind(rawValue: row["kind"])!,
                             planned: try LocalDateTime.parse(row["planned_start"], years: nil), start: try LocalDateTime.parse(row["start"], years: nil),
                             status: row["status"], sequence: row["sequence"], duration: row["duration_minutes"], groupID: row["group_id"],
                             quorum: row["quorum"])
    }

    /// Moves one occurrence; its history is kept and its SEQUENCE goes up, so calendar apps replace their copy.
    public func move(_ ref: String, to start: LocalDateTime, reason: String?, actor: Principal) throws -> MeetingView {
        let now = database.clock.now()
        try database.backend.write { db in
            let meeting = try occurrence(db, ref)
            guard meeting.status == "scheduled" else { throw StoreError.rule("meeting \(ref) is cancelled; it cannot be moved") }
            guard start != meeting.start else { throw StoreError.rule("meeting \(ref) is already at \(start.iso)") }
            try db.execute(sql: "UPDATE meeting SET start = ?, \"end\" = ?, sequence = sequence + 1, policy_note = NULL, policy_note_en = NULL WHERE id = ?",
                           arguments: [start.iso, start.adding(seconds: meeting.duration * 60).iso, meeting.id])
            try db.execute(sql: """
                INSERT INTO meeting_change (series_id, meeting_id, action, from_start, to_start, reason, sequence, changed_by, changed_at)
                VALUES (?, ?, 'move', ?, ?, ?, ?, ?, ?)
                """, arguments: [meeting.seriesID, meeting.id, meeting.start.iso, start.iso, reason, meeting.sequence + 1, actor.name, VietnamTime.iso8601(now)])
            try AuditLog.record(db, at: now, actor: actor, action: "move", entity: "meeting", key: ref,
                                before: ["start": meeting.start.iso], after: ["start": start.iso, "reason": reason ?? ""])
        }
        return try self.meeting(ref)
    }

    /// Cancels one occurrence (history kept, SEQUENCE bumped).
    public func cancel(_ ref: String, reason: String?, actor: Principal) throws {
        let now = database.clock.now()
        try database.backend.write { db in
            let meeting = try occurrence(db, ref)
            guard meeting.status == "scheduled" else { throw StoreError.rule("meeting \(ref) is already cancelled") }
            try db.execute(sql: "UPDATE meeting SET status = 'cancelled', sequence = sequence + 1 WHERE id = ?", arguments: [meeting.id])
            try db.execute(sql: """
                INSERT INTO meeting_change (series_id, meeting_id, action, from_start, reason, sequence, changed_by, changed_at)
                VALUES (?, ?, 'cancel', ?, ?, ?, ?, ?)
                """, arguments: [meeting.seriesID, meeting.id, meeting.start.iso, reason, meeting.sequence + 1, actor.name, VietnamTime.iso8601(now)])
            try AuditLog.record(db, at: now, actor: actor, action: "cancel", entity: "meeting", key: ref, after: ["reason": reason ?? ""])
        }
    }

    /// Cancels the rest of a series from a date: every scheduled occurrence planned on or after it, in one statement;
    /// the series stops being extended. Returns how many occurrences were cancelled.
    public func cancelSeries(_ code: String, from date: LocalDate, reason: String?, actor: Principal) throws -> Int {
        let now = database.clock.now()
        return try database.backend.write { db in
            guard let row = try db.fetchOne(sql: "SELECT id, status, sequence FROM meeting_series WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(entity: "meeting series", key: code)
            }
            guard (row["status"] as String) == "active" else { throw StoreError.rule("series \(code) is already cancelled") }
            let id: Int64 = row["id"]
            try db.execute(sql: "UPDATE meeting SET status = 'cancelled', sequence = sequence + 1 WHERE series_id = ? AND status = 'scheduled' AND planned_start >= ?",
                           arguments: [id, date.iso])
            let count = db.changesCount
            let sequence = (row["sequence"] as Int) + 1
            try db.execute(sql: "UPDATE meeting_series SET status = 'cancelled', sequence = ? WHERE id = ?", arguments: [sequence, id])
            try db.execute(sql: """
                INSERT INTO meeting_change (series_id, action, from_start, reason, sequence, changed_by, changed_at)
                VALUES (?, 'cancel_rest', ?, ?, ?, ?, ?)
                """, arguments: [id, date.iso, reason, sequence, actor.name, VietnamTime.iso8601(now)])
            try AuditLog.record(db, at: now, actor: actor, action: "cancel from", entity: "meeting_series", key: code,
                                after: ["from": date.iso, "occurrences": String(count), "reason": reason ?? ""])
            return count
        }
    }

    // MARK: - Attendance, quorum and minutes

    /// Records attendance (member or person codes) and, for loan reviews and board elections, whether a quorum
    /// of the group's active members was present. Returns the meeting as it now stands.
    @discardableResult
    public func recordAttendance(_ ref: String, _ entries: [(code: String, status: AttendanceStatus)], actor: Principal) throws -> MeetingView {
        let now = database.clock.now()
        try database.backend.write { db in
            let meeting = try occurrence(db, ref)
            guard meeting.status == "scheduled" else { throw StoreError.rule("meeting \(ref) was cancelled; no attendance can be recorded") }
            try Self.writeAttendance(db, meetingID: meeting.id, entries, now: now, actor: actor)
            try Self.updateQuorum(db, meeting)
            try AuditLog.record(db, at: now, actor: actor, action: "attendance", entity: "meeting", key: ref,
                                after: Dictionary(entries.map { ($0.code, $0.status.rawValue) }, uniquingKeysWith: { $1 }))
        }
        return try meeting(ref)
    }

    static func writeAttendance(_ db: any StoreSession, meetingID: Int64, _ entries: [(code: String, status: AttendanceStatus)], now: Date, actor: Principal) throws {
        let byMember = try db.prepare(sql: """
            INSERT INTO attendance (meeting_id, member_id, status, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (meeting_id, member_id) WHERE member_id IS NOT NULL DO UPDATE SET status = excluded.status,
                recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
            """)
        let byPerson = try db.prepare(sql: """
            INSERT INTO attendance (meeting_id, person_id, status, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (meeting_id, person_id) WHERE person_id IS NOT NULL DO UPDATE SET status = excluded.status,
                recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
            """)
        let at = VietnamTime.iso8601(now)
        var unknown: [String] = []
        for (code, status) in entries {
            if let member = try db.fetchOne(Int64.self, sql: "SELECT id FROM group_member WHERE code = ?", arguments: [code]) {
                try byMember.execute(arguments: [meetingID, member, status.rawValue, actor.name, at])
            } else if let person = try db.fetchOne(Int64.self, sql: "SELECT id FROM person WHERE code = ?", arguments: [code]) {
                try byPerson.execute(arguments: [meetingID, person, status.rawValue, actor.name, at])
            } else {
                unknown.append(code)
            }
        }
        if !unknown.isEmpty {
            throw StoreError.invalid(field: "attendee", value: unknown.joined(separator: ", "), reason: "no member or person has this code; nothing was recorded")
        }
    }

    static func updateQuorum(_ db: any StoreSession, _ meeting: OccurrenceRow) throws {
        guard meeting.kind.checksQuorum, let groupID = meeting.groupID else { return }
        let day = meeting.start.date.iso
        let active = try db.fetchOne(Int.self, sql: """
            SELECT COUNT(*) FROM group_member WHERE group_id = ? AND joined_on <= ? AND (left_on IS NULL OR left_on > ?)
            """, arguments: [groupID, day, day]) ?? 0
        let present = try db.fetchOne(Int.self, sql: """
            SELECT COUNT(*) FROM attendance a JOIN group_member m ON m.id = a.member_id
            WHERE a.meeting_id = ? AND a.status = 'present' AND m.group_id = ?
            """, arguments: [meeting.id, groupID]) ?? 0
        let rule = try meeting.quorum.map(QuorumRule.parse) ?? .moreThanHalf
        try db.execute(sql: "UPDATE meeting SET quorum_met = ? WHERE id = ?", arguments: [rule.isMet(present: present, active: active), meeting.id])
    }

    /// Attaches minutes (a text and an optional reference to the scanned document).
    public func recordMinutes(_ ref: String, text: String, scan: String?, actor: Principal) throws {
        let now = database.clock.now()
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError.invalid(field: "--text", value: text, reason: "the minutes must not be empty")
        }
        try database.backend.write { db in
            let meeting = try occurrence(db, ref)
            try db.execute(sql: "UPDATE meeting SET minutes = ?, minutes_scan = ? WHERE id = ?", arguments: [text, scan, meeting.id])
            try AuditLog.record(db, at: now, actor: actor, action: "minutes", entity: "meeting", key: ref, after: ["text": text, "scan": scan ?? ""])
        }
    }

    // MARK: - Queries

    static let meetingSelect = """
        SELECT s.code || '@' || substr(m.planned_start, 1, 10) AS ref, s.code AS series, s.kind, s.title, g.code AS "group",
               COALESCE(a.code, ga.code) AS association, p.code AS point, s.location, m.planned_start AS planned, m.start, m.end, m.status,
               m.sequence, m.policy_note, m.policy_note_en, m.quorum_met, m.minutes, m.minutes_scan
        FROM meeting m JOIN meeting_series s ON s.id = m.series_id
        LEFT JOIN savings_group g ON g.id = s.group_id LEFT JOIN association ga ON ga.id = g.association_id
        LEFT JOIN association a ON a.id = s.association_id AND s.group_id IS NULL
        LEFT JOIN bank_unit p ON p.id = s.point_id
        """

    /// Occurrences by group, association (its own series and its groups'), series, kind and date range, in time order.
    public func meetings(group: String? = nil, association: String? = nil, series: String? = nil, kind: MeetingKind? = nil,
                         from: LocalDate? = nil, to: LocalDate? = nil, limit: Int = 100_000) throws -> [MeetingView] {
        try database.backend.read { db in
            try db.fetchAll(MeetingView.self, sql: Self.meetingSelect + """
                 WHERE (CAST(?1 AS TEXT) IS NULL OR g.code = ?1) AND (CAST(?2 AS TEXT) IS NULL OR a.code = ?2 OR ga.code = ?2) AND (CAST(?3 AS TEXT) IS NULL OR s.code = ?3)
                   AND (CAST(?4 AS TEXT) IS NULL OR s.kind = ?4) AND (CAST(?5 AS TEXT) IS NULL OR m.start >= ?5) AND (CAST(?6 AS TEXT) IS NULL OR m.start < ?6)
                 ORDER BY m.start, s.code LIMIT ?7
                """, arguments: [group, association, series, kind?.rawValue, from?.iso, to?.adding(days: 1).iso, limit])
        }
    }

    public func meeting(_ ref: String) throws -> MeetingView {
        try database.backend.read { db in
            let row = try occurrence(db, ref)
            return try db.fetchOne(MeetingView.self, sql: Self.meetingSelect + " WHERE m.id = ?", arguments: [row.id])!
        }
    }

    public func attendance(_ ref: String) throws -> [AttendanceView] {
        try database.backend.read { db in
            let row = try occurrence(db, ref)
            return try db.fetchAll(AttendanceView.self, sql: """
                SELECT COALESCE(m.code, p.code) AS code, COALESCE(m.name, p.name) AS name, a.status
                FROM attendance a LEFT JOIN group_member m ON m.id = a.member_id LEFT JOIN person p ON p.id = a.person_id
                WHERE a.meeting_id = ? ORDER BY code
                """, arguments: [row.id])
        }
    }

    public func history(_ ref: String) throws -> [MeetingChangeView] {
        try database.backend.read { db in
            let row = try occurrence(db, ref)
            return try db.fetchAll(MeetingChangeView.self, sql: """
                SELECT action, from_start, to_start, reason, sequence, changed_by, changed_at FROM meeting_change
                WHERE meeting_id = ? OR (meeting_id IS NULL AND series_id = ? AND from_start <= ?) ORDER BY id
                """, arguments: [row.id, row.seriesID, row.planned.date.iso])
        }
    }

    public func series(group: String? = nil, association: String? = nil, code: String? = nil) throws -> [MeetingSeriesView] {
        try database.backend.read { db in
            try db.fetchAll(MeetingSeriesView.self, sql: """
                SELECT s.code, s.kind, s.title, g.code AS "group", COALESCE(a.code, ga.code) AS association, p.code AS point, s.organiser,
                       s.location, s.start, s.duration_minutes, s.rrule, s.lunar, s.exdates, s.holiday_policy, s.invitees, s.horizon_until,
                       s.status, s.sequence, (SELECT COUNT(*) FROM meeting m WHERE m.series_id = s.id AND m.status = 'scheduled') AS occurrences
                FROM meeting_series s LEFT JOIN savings_group g ON g.id = s.group_id LEFT JOIN association ga ON ga.id = g.association_id
                LEFT JOIN association a ON a.id = s.association_id AND s.group_id IS NULL LEFT JOIN bank_unit p ON p.id = s.point_id
                WHERE (CAST(?1 AS TEXT) IS NULL OR g.code = ?1) AND (CAST(?2 AS TEXT) IS NULL OR a.code = ?2 OR ga.code = ?2) AND (CAST(?3 AS TEXT) IS NULL OR s.code = ?3)
                ORDER BY s.code
                """, arguments: [group, association, code])
        }
    }

    /// Attendance rates per group and month over the group's own meetings (cancelled ones left out), for evaluation.
    public func attendanceRates(group: String? = nil, association: String? = nil, from: YearMonth, to: YearMonth) throws -> [AttendanceRateView] {
        try database.backend.read { db in
            var rows = try db.fetchAll(AttendanceRateView.self, sql: """
                SELECT g.code AS "group", substr(m.start, 1, 7) AS month, COUNT(DISTINCT m.id) AS meetings,
                       COALESCE(SUM(CASE WHEN at.status = 'present' THEN 1 ELSE 0 END), 0) AS present, COUNT(at.id) AS recorded, NULL AS percent
                FROM meeting m JOIN meeting_series s ON s.id = m.series_id JOIN savings_group g ON g.id = s.group_id
                JOIN association ga ON ga.id = g.association_id
                LEFT JOIN attendance at ON at.meeting_id = m.id AND at.member_id IS NOT NULL
                WHERE m.status = 'scheduled' AND (CAST(?1 AS TEXT) IS NULL OR g.code = ?1) AND (CAST(?2 AS TEXT) IS NULL OR ga.code = ?2)
                  AND substr(m.start, 1, 7) BETWEEN ?3 AND ?4
                GROUP BY g.code, month ORDER BY g.code, month
                """, arguments: [group, association, from.description, to.description])
            for index in rows.indices where rows[index].recorded > 0 {
                rows[index].percent = rows[index].present * 100 / rows[index].recorded
            }
            return rows
        }
    }

    /// Which occurrences of the saved active series in `year` fall on non-working days and what their policy does.
    /// Computed from the series' rules (pure Core), so it also shows what a holiday file change would do.
    public func holidayPreview(year: Int, group: String?, association: String?, holidays: HolidayCalendar) throws -> [HolidayPreviewRow] {
        let all = try series(group: group, association: association).filter { $0.status == "active" }
        guard let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) else { return [] }
        var rows: [HolidayPreviewRow] = []
        let index = HolidayIndex(calendar: holidays, years: year...year + 1)
        for item in all {
            let start = try LocalDateTime.parse(item.start, years: nil)
            guard start.date <= last else { continue }
            let recurrence = try MeetingRecurrence.parse(rrule: item.rrule, lunar: item.lunar)
            let plan = try recurrence.plan(start: start, window: max(first, start.date)...last, excluding: Self.parseExclusions(item.exdates),
                                           policy: HolidayPolicy(rawValue: item.holidayPolicy)!, index: index)
            for adjusted in plan where !adjusted.reasons.isEmpty {
                var holiday: LocalizedText?
                for reason in adjusted.reasons { if case let .holiday(found) = reason { holiday = found.name } }
                let outcome: String
                switch adjusted.outcome {
                case .moved: outcome = "moved"
                case .skipped: outcome = "skipped"
                default: outcome = "kept"
                }
                rows.append(HolidayPreviewRow(series: item.code, kind: item.kind, planned: adjusted.original.iso, outcome: outcome,
                                              result: adjusted.result?.iso, holiday: holiday,
                                              reason: adjusted.reasons.map(\.description).joined(separator: ", ")))
            }
        }
        return rows.sorted { ($0.planned, $0.series) < ($1.planned, $1.series) }
    }
}
