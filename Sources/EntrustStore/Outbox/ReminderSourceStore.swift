import EntrustCore
import Foundation

/// Reads the subjects of reminders from current data. Each event type needs a source; an event type
/// without one is reported as skipped by the planner instead of inventing data.
public enum ReminderSourceStore {
    /// Event types this version can plan from its data.
    public static let supportedEvents: [String] = ["obligation.due", "obligation.late", "contract.expiring",
                                                   "meeting.upcoming", "transaction_day.upcoming", "training.upcoming",
                                                   "evaluation.class_dropped", "fee_statement.ready"]

    /// Meeting kinds reminded as `meeting.upcoming`; transaction days and trainings have their own events.
    static let meetingKinds = ["group_meeting", "loan_review", "board_election", "convention", "giao_ban"]

    /// A page of the subjects of one event dated one day, in the order of a row id (`page_key`).
    struct SubjectPage {
        var subjects: [ReminderSubject]
        /// The page key of the last row read: the next page starts after it.
        var last: Int64
        /// Whether there may be more subjects that day.
        var more: Bool
    }

    /// Where a page starts: the day, the page key it starts after, and its size.
    struct PageRequest {
        var day: LocalDate
        var after: Int64 = 0
        var limit: Int
        /// The day's bounds as ISO text, for the columns that hold instants (`2024-03-05T08:00`): day ≤ value < next day.
        var from: String { day.iso }
        var before: String { day.adding(days: 1).iso }
    }

    /// Subjects of `event` dated `page.day`, a page at a time (so that planning a national day holds one page in memory).
    static func subjects(_ db: any StoreSession, event: String, page: PageRequest, today: LocalDate, people: inout PeopleCache) throws -> SubjectPage {
        switch event {
        case "obligation.due": return try obligations(db, dateColumn: "due_date", event: event, page: page, today: today, people: &people)
        case "obligation.late": return try obligations(db, dateColumn: "late_after", event: event, page: page, today: today, people: &people)
        case "contract.expiring": return try contracts(db, event: event, page: page, people: &people)
        case "meeting.upcoming": return try meetings(db, event: event, kinds: meetingKinds, page: page, people: &people)
        case "transaction_day.upcoming": return try meetings(db, event: event, kinds: ["transaction_day"], page: page, people: &people)
        case "training.upcoming": return try meetings(db, event: event, kinds: ["training"], page: page, people: &people)
        case "evaluation.class_dropped": return try classDrops(db, event: event, page: page, people: &people)
        case "fee_statement.ready": return try feeStatements(db, event: event, page: page, people: &people)
        default: return SubjectPage(subjects: [], last: page.after, more: false)
        }
    }

    /// The page made of `rows` (read with `LIMIT page.limit`) and their subjects.
    ///
    /// Where the page key is not unique (an evaluation's group or association: one per month evaluated that day), a full
    /// page gives back the rows of its last key, which the next page reads again, so that no subject falls between two
    /// pages; a page whose rows all share one key keeps them (more months of one group evaluated in one day than a page
    /// holds would otherwise never move on).
    private static func paged(_ rows: [StoreRow], page: PageRequest, uniqueKey: Bool,
                              subject: (StoreRow) throws -> ReminderSubject?) throws -> SubjectPage {
        var kept = rows[...]
        let more = rows.count >= page.limit
        if more, !uniqueKey, let lastKey: Int64 = rows.last?["page_key"] {
            let trimmed = kept.prefix { ($0["page_key"] as Int64) != lastKey }
            if !trimmed.isEmpty { kept = trimmed }
        }
        let last: Int64 = kept.last?["page_key"] ?? page.after
        return SubjectPage(subjects: try kept.compactMap(subject), last: last, more: more)
    }

    private static func obligations(_ db: any StoreSession, dateColumn: String, event: String, page: PageRequest, today: LocalDate,
                                    people: inout PeopleCache) throws -> SubjectPage {
        let rows = try db.prepare(sql: """
            SELECT ob.id AS page_key, c.number || ':' || ob.code || ':' || ob.period_key AS ref, c.number, ob.code, ob.title_vi, ob.title_en,
                   ob.responsible, ob.due_date, ob.late_after, c.association_id, c.office_id, c.point_id,
                   a.code AS association, a.name AS association_name, o.name AS office_name
            FROM obligation ob JOIN contract c ON c.id = ob.contract_id
            LEFT JOIN association a ON a.id = c.association_id
            JOIN bank_unit o ON o.id = c.office_id
            WHERE ob.status = 'open' AND c.state IN ('active','suspended') AND ob.\(dateColumn) = ? AND ob.id > ?
            ORDER BY ob.id LIMIT ?
            """).fetchAll(arguments: [page.day.iso, page.after, page.limit])
        return try paged(rows, page: page, uniqueKey: true) { row in
            let ref: String = row["ref"]
            let due = LocalDate(iso: row["due_date"] as String)!
            let lateAfter = LocalDate(iso: row["late_after"] as String)!
            let responsible: String = row["responsible"]
            let association: Int64? = row["association_id"]
            let office: Int64 = row["office_id"], point: Int64? = row["point_id"]
            let chairs = try people.association(db, association, position: "chair")
            let officers = try people.association(db, association, position: "officer")
            let bankOfficers = try people.bankOfficers(db, point: point, office: office)
            let bankSide = ["bank_officer", "transaction_office", "provincial_branch"].contains(responsible)
            let data: [String: String] = [
                "ref": ref, "contract": row["number"], "obligation": row["code"],
                "title_vi": row["title_vi"], "title_en": row["title_en"],
                "association": row["association"] ?? "", "association_name": row["association_name"] ?? "",
                "office_name": row["office_name"], "responsible": responsible,
                "due_date": due.iso, "due_date_display": display(due),
                "late_after": lateAfter.iso, "days_late": String(max(0, today.dayNumber - lateAfter.dayNumber)),
            ]
            return ReminderSubject(event: event, key: "obligation:\(ref)", date: LocalDate(iso: row[dateColumn] as String)!, data: data, audience: [
                .responsibleOfficer: bankSide ? bankOfficers : officers,
                .associationChair: chairs, .associationOfficer: officers,
                .bankOfficer: bankOfficers, .bankStaff: try people.bankStaff(db, office: office, point: point),
            ])
        }
    }

    private static func contracts(_ db: any StoreSession, event: String, page: PageRequest, people: inout PeopleCache) throws -> SubjectPage {
        let rows = try db.prepare(sql: """
            SELECT c.id AS page_key, c.number, c.end_date, c.association_id, c.office_id, c.point_id, a.code AS association, a.name AS association_name,
                   o.name AS office_name
            FROM contract c LEFT JOIN association a ON a.id = c.association_id JOIN bank_unit o ON o.id = c.office_id
            WHERE c.state IN ('active','suspended') AND c.successor_id IS NULL AND c.end_date = ? AND c.id > ?
            ORDER BY c.id LIMIT ?
            """).fetchAll(arguments: [page.day.iso, page.after, page.limit])
        return try paged(rows, page: page, uniqueKey: true) { row in
            let end = LocalDate(iso: row["end_date"] as String)!
            let office: Int64 = row["office_id"], point: Int64? = row["point_id"]
            let number: String = row["number"]
            let data: [String: String] = [
                "contract": number, "end_date": end.iso, "end_date_display": display(end),
                "association": row["association"] ?? "", "association_name": row["association_name"] ?? "",
                "office_name": row["office_name"],
            ]
            return ReminderSubject(event: event, key: "contract:\(number)", date: end, data: data, audience: [
                .associationChair: try people.association(db, row["association_id"], position: "chair"),
                .associationOfficer: try people.association(db, row["association_id"], position: "officer"),
                .bankOfficer: try people.bankOfficers(db, point: point, office: office),
                .bankStaff: try people.bankStaff(db, office: office, point: point),
            ])
        }
    }

    /// Only the occurrence's own status counts: a series cancelled from a date keeps its earlier occurrences.
    ///
    /// Scheduled occurrences of meeting series of the given kinds whose (possibly moved) start falls in `window`.
    /// The subject key names the occurrence by its planned start, so a moved meeting keeps its key and its
    /// reminders are re-planned for the new date.
    private static func meetings(_ db: any StoreSession, event: String, kinds: [String], page: PageRequest,
                                 people: inout PeopleCache) throws -> SubjectPage {
        let kindList = Array(repeating: "?", count: kinds.count).joined(separator: ", ")
        let rows = try db.prepare(sql: """
            SELECT m.id AS page_key, m.planned_start, m.start, s.code AS series, s.kind, s.title, s.location, s.group_id,
                   COALESCE(s.association_id, g.association_id) AS association_id, g.code AS group_code, g.name AS group_name,
                   pt.commune_id AS point_commune_id, pt.name AS point_name, t.id AS training_id
            FROM meeting m JOIN meeting_series s ON s.id = m.series_id
            LEFT JOIN savings_group g ON g.id = s.group_id
            LEFT JOIN bank_unit pt ON pt.id = s.point_id
            LEFT JOIN training t ON t.series_id = s.id
            WHERE m.status = 'scheduled' AND s.kind IN (\(kindList))
              AND m.start >= ? AND m.start < ? AND m.id > ?
            ORDER BY m.id LIMIT ?
            """).fetchAll(arguments: StoreArguments(kinds) + [page.from, page.before, page.after, page.limit])
        return try paged(rows, page: page, uniqueKey: true) { row in
            guard let start = try? LocalDateTime.parse(row["start"] as String, years: nil) else { return nil }
            let series: String = row["series"], planned: String = row["planned_start"]
            let association: Int64? = row["association_id"], group: Int64? = row["group_id"], commune: Int64? = row["point_commune_id"]
            let title: String = row["title"]
            let data: [String: String] = [
                "series": series, "kind": row["kind"], "title_vi": title, "title_en": title,
                "date": start.date.iso, "date_display": display(start.date), "time": String(format: "%02d:%02d", start.hour, start.minute),
                "location": row["location"], "group": row["group_code"] ?? "", "group_name": row["group_name"] ?? "",
                "point_name": row["point_name"] ?? "",
            ]
            var audience: [ReminderAudience: [ReminderRecipient]] = [:]
            if let commune, group == nil {
                // A transaction day concerns every commune association and group at its point.
                audience[.associationOfficer] = try people.fetch(db, "co\(commune)", sql: """
                    position = 'officer' AND association_id IN (SELECT id FROM association WHERE admin_unit_id = ? AND level = 'commune')
                    """, [commune])
                audience[.associationChair] = try people.fetch(db, "cc\(commune)", sql: """
                    position = 'chair' AND association_id IN (SELECT id FROM association WHERE admin_unit_id = ? AND level = 'commune')
                    """, [commune])
                audience[.groupLeaders] = try people.fetch(db, "gl\(commune)", sql: """
                    id IN (SELECT m.person_id FROM board_term b JOIN group_member m ON m.id = b.member_id
                           JOIN savings_group g ON g.id = b.group_id
                           WHERE g.commune_id = ? AND g.status = 'active' AND b.role = 'leader' AND b.ended_on IS NULL)
                    """, [commune])
            } else {
                audience[.associationOfficer] = try people.association(db, association, position: "officer")
                audience[.associationChair] = try people.association(db, association, position: "chair")
            }
            if let group {
                audience[.groupBoard] = try people.fetch(db, "gb\(group)", sql: """
                    id IN (SELECT m.person_id FROM board_term b JOIN group_member m ON m.id = b.member_id
                           WHERE b.group_id = ? AND b.ended_on IS NULL)
                    """, [group])
                audience[.groupLeaders] = try people.fetch(db, "gl-\(group)", sql: """
                    id IN (SELECT m.person_id FROM board_term b JOIN group_member m ON m.id = b.member_id
                           WHERE b.group_id = ? AND b.role = 'leader' AND b.ended_on IS NULL)
                    """, [group])
            }
            if let training: Int64 = row["training_id"] {
                audience[.enrolled] = try people.fetch(db, "t\(training)", sql: """
                    id IN (SELECT person_id FROM training_enrolment WHERE training_id = ?1 AND person_id IS NOT NULL
                           UNION SELECT m.person_id FROM training_enrolment e JOIN group_member m ON m.id = e.member_id
                           WHERE e.training_id = ?1 AND m.left_on IS NULL)
                    """, [training])
            }
            return ReminderSubject(event: event, key: "meeting:\(series):\(planned)", date: start.date, data: data, audience: audience)
        }
    }

    /// Groups whose class fell to Fair or below against their previous evaluated month, dated the day of the evaluation.
    private static func classDrops(_ db: any StoreSession, event: String, page: PageRequest, people: inout PeopleCache) throws -> SubjectPage {
        let rank = "CASE %@ WHEN 'good' THEN 0 WHEN 'fair' THEN 1 WHEN 'average' THEN 2 ELSE 3 END"
        let rows = try db.prepare(sql: """
            SELECT e.group_id AS page_key, e.month, e.class, p.class AS previous_class, p.month AS previous_month, e.total, g.id AS group_id, g.code, g.name,
                   g.association_id, a.code AS association, a.name AS association_name, substr(e.evaluated_at, 1, 10) AS day
            FROM group_evaluation e JOIN savings_group g ON g.id = e.group_id JOIN association a ON a.id = g.association_id
            JOIN group_evaluation p ON p.group_id = e.group_id
             AND p.month = (SELECT MAX(month) FROM group_evaluation x WHERE x.group_id = e.group_id AND x.month < e.month)
            WHERE e.class <> 'good' AND \(String(format: rank, "e.class")) > \(String(format: rank, "p.class"))
              AND e.evaluated_at >= ? AND e.evaluated_at < ? AND e.group_id > ?
            ORDER BY e.group_id, e.month LIMIT ?
            """).fetchAll(arguments: [page.from, page.before, page.after, page.limit])
        return try paged(rows, page: page, uniqueKey: false) { row in
            guard let day = LocalDate(iso: row["day"] as String) else { return nil }
            let code: String = row["code"], month: String = row["month"], name: String = row["name"]
            let now = GroupClass(rawValue: row["class"]), before = GroupClass(rawValue: row["previous_class"])
            let group: Int64 = row["group_id"], association: Int64 = row["association_id"]
            let data: [String: String] = [
                "title": "\(name) (\(code))", "group": code, "group_name": name, "month": month, "previous_month": row["previous_month"],
                "class": row["class"], "class_vi": now?.label.vi ?? "", "class_en": now?.label.en ?? "",
                "previous_class": row["previous_class"], "previous_class_vi": before?.label.vi ?? "", "previous_class_en": before?.label.en ?? "",
                "total": String(row["total"] as Int), "association": row["association"], "association_name": row["association_name"],
            ]
            return ReminderSubject(event: event, key: "evaluation:\(code):\(month)", date: day, data: data, audience: [
                .associationOfficer: try people.association(db, association, position: "officer"),
                .associationChair: try people.association(db, association, position: "chair"),
                .groupBoard: try people.fetch(db, "gb\(group)", sql: """
                    id IN (SELECT m.person_id FROM board_term b JOIN group_member m ON m.id = b.member_id
                           WHERE b.group_id = ? AND b.ended_on IS NULL)
                    """, [group]),
            ])
        }
    }

    /// A commune association's fee statement for a month is ready once the month is evaluated (`entrust fees` computes it).
    private static func feeStatements(_ db: any StoreSession, event: String, page: PageRequest, people: inout PeopleCache) throws -> SubjectPage {
        let rows = try db.prepare(sql: """
            SELECT e.association_id AS page_key, e.month, a.id, a.code, a.name, substr(e.evaluated_at, 1, 10) AS day
            FROM association_evaluation e JOIN association a ON a.id = e.association_id
            WHERE e.evaluated_at >= ? AND e.evaluated_at < ? AND e.association_id > ?
            ORDER BY e.association_id, e.month LIMIT ?
            """).fetchAll(arguments: [page.from, page.before, page.after, page.limit])
        return try paged(rows, page: page, uniqueKey: false) { row in
            guard let day = LocalDate(iso: row["day"] as String) else { return nil }
            let code: String = row["code"], month: String = row["month"], id: Int64 = row["id"]
            let data: [String: String] = ["title": month, "month": month, "association": code, "association_name": row["name"]]
            return ReminderSubject(event: event, key: "fee_statement:\(code):\(month)", date: day, data: data, audience: [
                .associationChair: try people.association(db, id, position: "chair"),
                .associationOfficer: try people.association(db, id, position: "officer"),
            ])
        }
    }

    /// `20/03/2024`, as dates are written in Vietnam.
    static func display(_ date: LocalDate) -> String {
        String(format: "%02d/%02d/%04d", date.day, date.month, date.year)
    }

    /// How to tell that a waiting reminder's subject no longer needs it: the subjects' key prefix, the reason given, the
    /// query finding the subject still live, and how to take the key apart for it.
    struct ObsoleteCheck: Sendable {
        let prefix: String
        let reason: String
        let sql: String
        let split: @Sendable (Substring) -> [String]?
    }

    /// One check per kind of subject: the obligation was completed or waived, the contract ended or was renewed, the
    /// meeting was cancelled, the group was re-evaluated.
    // Each waiting message's subject is looked up by its parts through a unique index. (A NOT EXISTS comparing
    // built strings scanned the whole source table per message: minutes for a province, hours for the country.)
    static let obsoleteChecks: [ObsoleteCheck] = [
        ObsoleteCheck(prefix: "obligation:", reason: "no longer needed: the obligation was completed or waived", sql: """
            SELECT 1 FROM contract c JOIN obligation ob ON ob.contract_id = c.id
            WHERE c.number = ? AND ob.code = ? AND ob.period_key = ? AND ob.status = 'open'
            """, split: { Self.split($0, parts: 3) }),
        ObsoleteCheck(prefix: "contract:", reason: "no longer needed: the contract ended or was renewed", sql: """
            SELECT 1 FROM contract WHERE number = ? AND state IN ('active','suspended') AND successor_id IS NULL
            """, split: { [String($0)] }),
        ObsoleteCheck(prefix: "meeting:", reason: "no longer needed: the meeting was cancelled", sql: """
            SELECT 1 FROM meeting_series s JOIN meeting m ON m.series_id = s.id
            WHERE s.code = ? AND m.planned_start = ? AND m.status = 'scheduled'
            """, split: { Self.split($0, parts: 2) }),
        ObsoleteCheck(prefix: "evaluation:", reason: "no longer needed: the group was re-evaluated", sql: """
            SELECT 1 FROM savings_group g JOIN group_evaluation e ON e.group_id = g.id
            WHERE g.code = ? AND e.month = ? AND e.class <> 'good'
            """, split: { Self.split($0, parts: 2) }),
    ]

    /// Cancels the waiting reminders of up to `limit` subjects after `after` (in key order) that `check` finds no longer
    /// live. Returns how many it cancelled, and the last subject looked at (nil when there were no more).
    static func cancelObsolete(_ db: any StoreSession, check: ObsoleteCheck, after: String, limit: Int,
                               now: Date) throws -> (cancelled: Int, last: String?) {
        let upper = String(check.prefix.dropLast()) + ";"
        // The covering index on (subject, state) answers it without reading the messages' payloads.
        let subjects: [String] = try db.prepare(sql: """
            SELECT DISTINCT subject FROM outbox_message
            WHERE subject > ? AND subject < ? AND \(db.dialect.unindexed("state")) IN ('scheduled','available','retrying')
            ORDER BY subject LIMIT ?
            """).fetchAll(arguments: [after, upper, limit]).map { $0["subject"] }
        guard !subjects.isEmpty else { return (0, nil) }
        let stamp = VietnamTime.iso8601(now)
        let exists = try db.prepare(sql: check.sql)
        let cancel = try db.prepare(sql: """
            UPDATE outbox_message SET state = 'cancelled', finished_at = ?, last_error = ?
            WHERE subject = ? AND state IN ('scheduled','available','retrying')
            """)
        var count = 0
        for subject in subjects {
            // A subject this version cannot take apart is left alone rather than cancelled by mistake.
            guard let parts = check.split(subject.dropFirst(check.prefix.count)),
                  try exists.fetchOne(Int.self, arguments: StoreArguments(parts)) == nil else { continue }
            try cancel.execute(arguments: [stamp, check.reason, subject])
            count += db.changesCount
        }
        return (count, subjects.count < limit ? nil : subjects.last)
    }

    /// `A:B:REST` split at its first `parts - 1` colons: codes (contract numbers, obligation, series and group codes)
    /// hold no colon, while the last piece may (a period key `disbursement:KB-LN-2007`, a start `2030-03-05T08:00`).
    static func split(_ text: Substring, parts: Int) -> [String]? {
        var pieces: [String] = []
        var rest = text
        while pieces.count < parts - 1 {
            guard let colon = rest.firstIndex(of: ":") else { return nil }
            pieces.append(String(rest[..<colon]))
            rest = rest[rest.index(after: colon)...]
        }
        return pieces + [String(rest)]
    }
}

/// People looked up once per planning run.
struct PeopleCache {
    var byKey: [String: [ReminderRecipient]] = [:]

    mutating func fetch(_ db: any StoreSession, _ key: String, sql: String, _ arguments: StoreArguments) throws -> [ReminderRecipient] {
        if let hit = byKey[key] { return hit }
        // Prepared once per connection: planning a national month asks this for every page of subjects.
        let people = try db.prepare(sql: "SELECT code, name, email, phone, language FROM person WHERE " + sql + " ORDER BY code").fetchAll(arguments: arguments)
            .map { ReminderRecipient(code: $0["code"], name: $0["name"], email: $0["email"], phone: $0["phone"],
                                     language: Language(rawValue: $0["language"]) ?? .vi) }
        byKey[key] = people
        return people
    }

    mutating func association(_ db: any StoreSession, _ id: Int64?, position: String) throws -> [ReminderRecipient] {
        guard let id else { return [] }
        return try fetch(db, "a\(id)\(position)", sql: "association_id = ? AND position = ?", [id, position])
    }

    /// Credit officers of the commune's transaction point, else of the transaction office.
    mutating func bankOfficers(_ db: any StoreSession, point: Int64?, office: Int64) throws -> [ReminderRecipient] {
        if let point {
            let atPoint = try fetch(db, "o\(point)", sql: "bank_unit_id = ? AND position = 'credit_officer'", [point])
            if !atPoint.isEmpty { return atPoint }
        }
        return try fetch(db, "o\(office)", sql: "bank_unit_id = ? AND position = 'credit_officer'", [office])
    }

    mutating func bankStaff(_ db: any StoreSession, office: Int64, point: Int64?) throws -> [ReminderRecipient] {
        try fetch(db, "s\(office)-\(point ?? 0)", sql: "bank_unit_id IN (?, ?) AND position IN ('director','deputy_director','credit_officer')",
                  [office, point ?? office])
    }
}
