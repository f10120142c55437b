import EntrustCore
import Foundation

extension MeetingStore {
    /// Whose calendar a feed shows.
    public enum FeedSubject: Sendable {
        /// A group's own meetings and the transaction days of its commune's points.
        case group(String)
        /// An association's series and those of the groups it manages.
        case association(String)
        /// What a person (a person code) or a member household (a member code) is invited to or enrolled in.
        case person(String)
    }

    /// The ICS calendar of a subject: one VEVENT per materialised occurrence (holiday moves already applied), with a
    /// stable UID (`SERIES-PLANNEDSTART@entrust.vbsp`, unchanged by moves), the occurrence's SEQUENCE, and
    /// STATUS:CANCELLED for cancellations. `stamp` is DTSTAMP (Core reads no clock).
    public func feed(_ subject: FeedSubject, from: LocalDate? = nil, to: LocalDate? = nil, stamp: Date) throws -> ICalendar {
        try database.backend.read { db in
            let (name, seriesIDs) = try Self.seriesIDs(db, subject)
            var calendar = ICalendar(name: name)
            guard !seriesIDs.isEmpty else { return calendar }
            let placeholders = Array(repeating: "?", count: seriesIDs.count).joined(separator: ",")
            let rows = try db.fetchAll(sql: """
                SELECT s.code, s.kind, s.title, s.location, m.planned_start, m.start, m.end, m.status, m.sequence, m.policy_note, m.policy_note_en, m.quorum_met
                FROM meeting m JOIN meeting_series s ON s.id = m.series_id
                WHERE m.series_id IN (\(placeholders)) AND (CAST(? AS TEXT) IS NULL OR m.start >= ?) AND (CAST(? AS TEXT) IS NULL OR m.start < ?)
                ORDER BY m.start, s.code
                """, arguments: StoreArguments(seriesIDs) + [from?.iso, from?.iso, to?.adding(days: 1).iso, to?.adding(days: 1).iso])
            for row in rows {
                let kind = MeetingKind(rawValue: row["kind"])!
                let planned = try LocalDateTime.parse(row["planned_start"], years: nil)
                var description = "\(kind.label.vi) / \(kind.label.en)"
                if let vi: String = row["policy_note"], let en: String = row["policy_note_en"] { description += "\n\(vi) / \(en)" }
                if let met: Bool = row["quorum_met"], !met { description += "\nDưới túc số: các quyết định bị gắn cờ / Below quorum: decisions flagged" }
                calendar.add(ICSEvent(uid: "\(row["code"] as String)-\(planned.basic)@entrust.vbsp", stamp: stamp,
                                      start: try LocalDateTime.parse(row["start"], years: nil), end: try LocalDateTime.parse(row["end"], years: nil),
                                      summary: row["title"], location: row["location"], description: description,
                                      sequence: row["sequence"], status: (row["status"] as String) == "cancelled" ? .cancelled : .confirmed))
            }
            return calendar
        }
    }

    static func seriesIDs(_ db: any StoreSession, _ subject: FeedSubject) throws -> (String, [Int64]) {
        switch subject {
        case let .group(code):
            guard let group = try db.fetchOne(sql: "SELECT id, name, commune_id FROM savings_group WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(entity: "group", key: code)
            }
            let ids = try db.fetchAll(Int64.self, sql: """
                SELECT s.id FROM meeting_series s LEFT JOIN bank_unit p ON p.id = s.point_id
                WHERE s.group_id = ?1 OR (s.kind = 'transaction_day' AND p.commune_id = ?2)
                """, arguments: [group["id"] as Int64, group["commune_id"] as Int64])
            return ("Lịch họp \(group["name"] as String) (\(code))", ids)
        case let .association(code):
            guard let association = try db.fetchOne(sql: "SELECT id, name FROM association WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(entity: "association", key: code)
            }
            let ids = try db.fetchAll(Int64.self, sql: """
                SELECT s.id FROM meeting_series s LEFT JOIN savings_group g ON g.id = s.group_id
                WHERE s.association_id = ?1 OR g.association_id = ?1
                """, arguments: [association["id"] as Int64])
            return ("Lịch \(association["name"] as String)", ids)
        case let .person(code):
            if let member = try db.fetchOne(sql: """
                SELECT m.id, m.name, m.group_id, EXISTS (SELECT 1 FROM board_term b WHERE b.member_id = m.id AND b.ended_on IS NULL) AS on_board
                FROM group_member m WHERE m.code = ? AND m.left_on IS NULL
                """, arguments: [code]) {
                let ids = try db.fetchAll(Int64.self, sql: """
                    SELECT s.id FROM meeting_series s
                    WHERE (s.group_id = ?1 AND (s.invitees LIKE '%members%' OR (?2 AND s.invitees LIKE '%board%')))
                       OR (?2 AND s.kind = 'transaction_day' AND s.point_id IN (
                            SELECT p.id FROM bank_unit p JOIN savings_group g ON g.commune_id = p.commune_id WHERE g.id = ?1))
                       OR s.id IN (SELECT t.series_id FROM training t JOIN training_enrolment e ON e.training_id = t.id WHERE e.member_id = ?3)
                    """, arguments: [member["group_id"] as Int64, member["on_board"] as Bool, member["id"] as Int64])
                return ("Lịch của \(member["name"] as String)", ids)
            }
            guard let person = try db.fetchOne(sql: "SELECT id, name, association_id, bank_unit_id FROM person WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(entity: "person or member", key: code)
            }
            let ids = try db.fetchAll(Int64.self, sql: """
                SELECT s.id FROM meeting_series s LEFT JOIN savings_group g ON g.id = s.group_id LEFT JOIN bank_unit p ON p.id = s.point_id
                WHERE s.organiser = ?4
                   OR (CAST(?2 AS BIGINT) IS NOT NULL AND s.invitees LIKE '%officers%' AND (s.association_id = ?2 OR g.association_id = ?2))
                   OR (CAST(?3 AS BIGINT) IS NOT NULL AND s.invitees LIKE '%bank%' AND (p.id = ?3 OR p.parent_id = ?3))
                   OR s.id IN (SELECT t.series_id FROM training t JOIN training_enrolment e ON e.training_id = t.id WHERE e.person_id = ?1)
                """, arguments: [person["id"] as Int64, person["association_id"] as Int64?, person["bank_unit_id"] as Int64?, code])
            return ("Lịch của \(person["name"] as String)", ids)
        }
    }
}
