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

    /// Subjects of `event` whose date lies in `window`.
    static func subjects(_ db: any StoreSession, event: String, window: ClosedRange<LocalDate>, today: LocalDate) throws -> [ReminderSubject] {
        switch event {
        case "obligation.due": return try obligations(db, dateColumn: "due_date", event: event, window: window, today: today)
        case "obligation.late": return try obligations(db, dateColumn: "late_after", event: event, window: window, today: today)
        case "contract.expiring": return try contracts(db, event: event, window: window)
        case "meeting.upcoming": return try meetings(db, event: event, kinds: meetingKinds, window: window)
        case "transaction_day.upcoming": return try meetings(db, event: event, kinds: ["transaction_day"], window: window)
        case "training.upcoming": return try meetings(db, event: event, kinds: ["training"], window: window)
        case "evaluation.class_dropped": return try classDrops(db, event: event, window: window)
        case "fee_statement.ready": return try feeStatements(db, event: event, window: window)
        default: return []
        }
    }

    private static func obligations(_ db: any StoreSession, dateColumn: String, event: String, window: ClosedRange<LocalDate>, today: LocalDate) throws -> [ReminderSubject] {
        let rows = try db.fetchAll(sql: """
            SELECT c.number || ':' || ob.code || ':' || ob.period_key AS ref, c.number, ob.code, ob.title_vi, ob.title_en,
                   ob.responsible, ob.due_date, ob.late_after, c.association_id, c.office_id, c.point_id,
                   a.code AS association, a.name AS association_name, o.name AS office_name
            FROM obligation ob JOIN contract c ON c.id = ob.contract_id
            LEFT JOIN association a ON a.id = c.association_id
            JOIN bank_unit o ON o.id = c.office_id
            WHERE ob.status = 'open' AND c.state IN ('active','suspended') AND ob.\(dateColumn) BETWEEN ? AND ?
            ORDER BY ob.\(dateColumn), ref
            """, arguments: [window.lowerBound.iso, window.upperBound.iso])
        var people = PeopleCache()
        return try rows.map { row in
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

    private static func contracts(_ db: any StoreSession, event: String, window: ClosedRange<LocalDate>) throws -> [ReminderSubject] {
        let rows = try db.fetchAll(sql: """
            SELECT c.number, c.end_date, c.association_id, c.office_id, c.point_id, a.code AS association, a.name AS association_name,
                   o.name AS office_name
            FROM contract c LEFT JOIN association a ON a.id = c.association_id JOIN bank_unit o ON o.id = c.office_id
            WHERE c.state IN ('active','suspended') AND c.successor_id IS NULL AND c.end_date BETWEEN ? AND ?
            ORDER BY c.end_date, c.number
            """, arguments: [window.lowerBound.iso, window.upperBound.iso])
        var people = PeopleCache()
        return try rows.map { row in
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
    private static func meetings(_ db: any StoreSession, event: String, kinds: [String], window: ClosedRange<LocalDate>) throws -> [ReminderSubject] {
        guard !kinds.isEmpty else { return [] }
        let kindList = Array(repeating: "?", count: kinds.count).joined(separator: ", ")
        let rows = try db.fetchAll(sql: """
            SELECT m.planned_start, m.start, s.code AS series, s.kind, s.title, s.location, s.group_id,
                   COALESCE(s.association_id, g.association_id) AS association_id, g.code AS group_code, g.name AS group_name,
                   pt.commune_id AS point_commune_id, pt.name AS point_name, t.id AS training_id
            FROM meeting m JOIN meeting_series s ON s.id = m.series_id
            LEFT JOIN savings_group g ON g.id = s.group_id
            LEFT JOIN bank_unit pt ON pt.id = s.point_id
            LEFT JOIN training t ON t.series_id = s.id
            WHERE m.status = 'scheduled' AND s.kind IN (\(kindList))
              AND substr(m.start, 1, 10) BETWEEN ? AND ?
            ORDER BY m.start, s.code
            """, arguments: StoreArguments(kinds) + [window.lowerBound.iso, window.upperBound.iso])
        var people = PeopleCache()
        return try rows.compactMap { row in
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
    private static func classDrops(_ db: any StoreSession, event: String, window: ClosedRange<LocalDate>) throws -> [ReminderSubject] {
        let rank = "CASE %@ WHEN 'good' THEN 0 WHEN 'fair' THEN 1 WHEN 'average' THEN 2 ELSE 3 END"
        let rows = try db.fetchAll(sql: """
            SELECT e.month, e.class, p.class AS previous_class, p.month AS previous_month, e.total, g.id AS group_id, g.code, g.name,
                   g.association_id, a.code AS association, a.name AS association_name, substr(e.evaluated_at, 1, 10) AS day
            FROM group_evaluation e JOIN savings_group g ON g.id = e.group_id JOIN association a ON a.id = g.association_id
            JOIN group_evaluation p ON p.group_id = e.group_id
             AND p.month = (SELECT MAX(month) FROM group_evaluation x WHERE x.group_id = e.group_id AND x.month < e.month)
            WHERE e.class <> 'good' AND \(String(format: rank, "e.class")) > \(String(format: rank, "p.class"))
              AND substr(e.evaluated_at, 1, 10) BETWEEN ? AND ?
            ORDER BY e.month, g.code
            """, arguments: [window.lowerBound.iso, window.upperBound.iso])
        var people = PeopleCache()
        return try rows.compactMap { row in
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
    private static func feeStatements(_ db: any StoreSession, event: String, window: ClosedRange<LocalDate>) throws -> [ReminderSubject] {
        let rows = try db.fetchAll(sql: """
            SELECT e.month, a.id, a.code, a.name, substr(e.evaluated_at, 1, 10) AS day
            FROM association_evaluation e JOIN association a ON a.id = e.association_id
            WHERE substr(e.evaluated_at, 1, 10) BETWEEN ? AND ?
            ORDER BY e.month, a.code
            """, arguments: [window.lowerBound.iso, window.upperBound.iso])
        var people = PeopleCache()
        return try rows.compactMap { row in
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

    /// Cancels waiting reminders whose subject no longer needs them: the obligation was completed or
    /// waived, the contract ended or was renewed.
    static func cancelObsolete(_ db: any StoreSession, now: Date) throws -> Int {
        // Each waiting message's subject is looked up by its parts through a unique index. (A NOT EXISTS comparing
        // built strings scanned the whole source table per message: minutes for a province, hours for the country.)
        let checks: [(prefix: String, reason: String, sql: String, split: (Substring) -> [String]?)] = [
            ("obligation:", "no longer needed: the obligation was completed or waived", """
                SELECT 1 FROM contract c JOIN obligation ob ON ob.contract_id = c.id
                WHERE c.number = ? AND ob.code = ? AND ob.period_key = ? AND ob.status = 'open'
                """, { Self.split($0, parts: 3) }),
            ("contract:", "no longer needed: the contract ended or was renewed", """
                SELECT 1 FROM contract WHERE number = ? AND state IN ('active','suspended') AND successor_id IS NULL
                """, { [String($0)] }),
            ("meeting:", "no longer needed: the meeting was cancelled", """
                SELECT 1 FROM meeting_series s JOIN meeting m ON m.series_id = s.id
                WHERE s.code = ? AND m.planned_start = ? AND m.status = 'scheduled'
                """, { Self.split($0, parts: 2) }),
            // A re-evaluation that no longer rates the group Fair or below.
            ("evaluation:", "no longer needed: the group was re-evaluated", """
                SELECT 1 FROM savings_group g JOIN group_evaluation e ON e.group_id = g.id
                WHERE g.code = ? AND e.month = ? AND e.class <> 'good'
                """, { Self.split($0, parts: 2) }),
        ]
        let stamp = VietnamTime.iso8601(now)
        var count = 0
        for check in checks {
            let upper = String(check.prefix.dropLast()) + ";"
            let subjects = try db.fetchAll(String.self, sql: """
                SELECT DISTINCT subject FROM outbox_message
                WHERE subject >= ? AND subject < ? AND state IN ('scheduled','available','retrying')
                """, arguments: [check.prefix, upper])
            guard !subjects.isEmpty else { continue }
            let exists = try db.prepare(sql: check.sql)
            let cancel = try db.prepare(sql: """
                UPDATE outbox_message SET state = 'cancelled', finished_at = ?, last_error = ?
                WHERE subject = ? AND state IN ('scheduled','available','retrying')
                """)
            for subject in subjects {
                // A subject this version cannot take apart is left alone rather than cancelled by mistake.
                guard let parts = check.split(subject.dropFirst(check.prefix.count)),
                      try exists.fetchOne(Int.self, arguments: StoreArguments(parts)) == nil else { continue }
                try cancel.execute(arguments: [stamp, check.reason, subject])
                count += db.changesCount
            }
        }
        return count
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
private struct PeopleCache {
    var byKey: [String: [ReminderRecipient]] = [:]

    mutating func fetch(_ db: any StoreSession, _ key: String, sql: String, _ arguments: StoreArguments) throws -> [ReminderRecipient] {
        if let hit = byKey[key] { return hit }
        let people = try db.fetchAll(sql: "SELECT code, name, email, phone, language FROM person WHERE " + sql + " ORDER BY code", arguments: arguments)
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
