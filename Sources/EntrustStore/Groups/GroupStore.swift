import EntrustCore
import Foundation

/// Savings and Loan Groups, their members and boards: adding, changing, listing and all-or-nothing bulk loading.
///
/// Rules enforced here, for every way in (CLI, files, API): the managing association is a commune association of
/// the group's commune; no one joins a group that is not active; a household is active in one group at a time;
/// board members are active members of the group; a standing-committee member of the managing association
/// cannot sit on the board. The 5–60 size rule is a warning on listings (`GroupView.warning`), not a refusal.
public struct GroupStore: Sendable {
    public let database: AppDatabase

    public init(_ database: AppDatabase) { self.database = database }

    typealias FieldError = OrganisationStore.FieldError

    /// A board seat to fill: the role, the member's code, and the term.
    public struct BoardSeat: Hashable, Sendable {
        public var role: BoardRole
        public var memberCode: String
        public var termStart: LocalDate
        public var termEnd: LocalDate
        public var source: SourceLocation?

        public init(role: BoardRole, memberCode: String, termStart: LocalDate, termEnd: LocalDate, source: SourceLocation? = nil) {
            self.role = role
            self.memberCode = memberCode
            self.termStart = termStart
            self.termEnd = termEnd
            self.source = source
        }
    }

    /// What a bulk load wrote.
    public struct LoadSummary: Sendable, Equatable {
        public var groups = 0, members = 0, boardSeats = 0
    }

    /// Changes to a group's details; nil leaves a field as it is.
    public struct Changes: Sendable {
        public var name: String?
        public var village: String?
        public var approvalReference: String?
        public var minimumMonthlySaving: VND?
        public var quorum: QuorumRule?
        public init(name: String? = nil, village: String? = nil, approvalReference: String? = nil,
                    minimumMonthlySaving: VND? = nil, quorum: QuorumRule? = nil) {
            self.name = name
            self.village = village
            self.approvalReference = approvalReference
            self.minimumMonthlySaving = minimumMonthlySaving
            self.quorum = quorum
        }
    }

    // MARK: - Single changes (each one a batch of one, so the rules and messages are the same as for files)

    /// Adds a group; returns its code (numbered within the commune when the draft has none).
    @discardableResult
    public func add(_ draft: GroupDraft, actor: Principal) throws -> String {
        let now = database.clock.now()
        return try database.backend.write { db in
            try Self.collect { check in
                var code = ""
                check(draft.source, "code", draft.code ?? "") { code = try insertGroup(db, draft, now: now, actor: actor) }
                return code
            }
        }
    }

    /// Adds a member household; returns its code (`TS-G07-12`).
    @discardableResult
    public func addMember(_ draft: MemberDraft, actor: Principal) throws -> String {
        let now = database.clock.now()
        return try database.backend.write { db in
            try Self.collect { check in
                var code = ""
                check(draft.source, "group", draft.groupCode) { code = try insertMember(db, draft, now: now, actor: actor) }
                return code
            }
        }
    }

    /// Fills board seats from `termStart`; the current holder of each seat is ended the day before (history is kept).
    public func setBoard(group: String, seats: [BoardSeat], actor: Principal) throws {
        let now = database.clock.now()
        try database.backend.write { db in
            try Self.collect { check in
                for seat in seats {
                    check(seat.source, seat.role.rawValue, seat.memberCode) { try insertSeat(db, group: group, seat, now: now, actor: actor) }
                }
            }
        }
    }

    /// Loads groups, members and board seats all-or-nothing: every bad row is reported with its line and column, and
    /// nothing is written unless every row is good. Members may refer to groups earlier in the same load.
    @discardableResult
    public func load(groups: [GroupDraft], members: [MemberDraft], seats: [(group: String, seat: BoardSeat)] = [],
                     actor: Principal, dryRun: Bool = false, issueLimit: Int = 50) throws -> LoadSummary {
        struct DryRunDone: Error { var summary: LoadSummary }
        let now = database.clock.now()
        do {
            return try database.backend.write { db in
                let summary = try Self.collect(limit: issueLimit) { check in
                    var summary = LoadSummary()
                    for draft in groups {
                        check(draft.source, "code", draft.code ?? "") { _ = try insertGroup(db, draft, now: now, actor: actor); summary.groups += 1 }
                    }
                    for draft in members {
                        check(draft.source, "group", draft.groupCode) { _ = try insertMember(db, draft, now: now, actor: actor); summary.members += 1 }
                    }
                    for (group, seat) in seats {
                        check(seat.source, "board_role", seat.role.rawValue) { try insertSeat(db, group: group, seat, now: now, actor: actor); summary.boardSeats += 1 }
                    }
                    return summary
                }
                if dryRun { throw DryRunDone(summary: summary) }
                return summary
            }
        } catch let done as DryRunDone {
            return done.summary
        }
    }

    /// Runs `body` with a `check` that records each failure as a `RowIssue`; throws them all (rolling the
    /// transaction back) when there is any.
    static func collect<T>(limit: Int = 50, _ body: (_ check: (SourceLocation?, String, String, () throws -> Void) -> Void) throws -> T) throws -> T {
        var issues: [RowIssue] = []
        func check(_ source: SourceLocation?, _ field: String, _ value: String, _ work: () throws -> Void) {
            do { try work() } catch {
                var location = source ?? SourceLocation(file: "command line", line: 0)
                if let bad = error as? FieldError {
                    location.column = location.column ?? bad.field
                    issues.append(RowIssue(location: location, field: bad.field, value: bad.value, reason: bad.reason))
                } else {
                    issues.append(RowIssue(location: location, field: field, value: value, reason: OrganisationStore.reason(error)))
                }
            }
        }
        let result = try body(check)
        if !issues.isEmpty { throw StoreError.rows(Array(issues.prefix(limit)), total: issues.count) }
        return result
    }

    /// Changes a group's details.
    public func update(_ code: String, _ changes: Changes, actor: Principal) throws {
        let now = database.clock.now()
        try database.backend.write { db in
            let before = try groupRow(db, code)
            if let name = changes.name, name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw StoreError.invalid(field: "--name", value: name, reason: "must not be empty")
            }
            for (field, text) in [("--name", changes.name), ("--village", changes.village), ("--approval", changes.approvalReference)] {
                if let text { try TextRule.check(text, field: field, kind: .line) }
            }
            if let saving = changes.minimumMonthlySaving, saving.dong < 0 {
                throw StoreError.invalid(field: "--min-saving", value: String(saving.dong), reason: "must be zero or more đồng")
            }
            try db.execute(sql: """
                UPDATE savings_group SET name = COALESCE(?, name), village = COALESCE(?, village), approval_ref = COALESCE(?, approval_ref),
                       min_monthly_saving = COALESCE(?, min_monthly_saving), quorum = COALESCE(?, quorum)
                WHERE id = ?
                """, arguments: [changes.name, changes.village, changes.approvalReference, changes.minimumMonthlySaving?.dong,
                                 changes.quorum?.description, before.id])
            var after: [String: String] = [:]
            if let name = changes.name { after["name"] = name }
            if let village = changes.village { after["village"] = village }
            if let reference = changes.approvalReference { after["approval_ref"] = reference }
            if let saving = changes.minimumMonthlySaving { after["min_monthly_saving"] = String(saving.dong) }
            if let quorum = changes.quorum { after["quorum"] = quorum.description }
            guard !after.isEmpty else { throw StoreError.rule("nothing to change: give at least one of --name, --village, --approval, --min-saving, --quorum") }
            try AuditLog.record(db, at: now, actor: actor, action: "update", entity: "savings_group", key: code,
                                before: ["name": before.name], after: after)
        }
    }

    /// Dissolves a group (or marks it merged): members leave, board terms end and its meetings from that day are
    /// cancelled; no one can join it again.
    public func dissolve(_ code: String, on date: LocalDate, status: GroupStatus = .dissolved, note: String?, actor: Principal) throws {
        guard status != .active else { throw StoreError.invalid(field: "--status", value: status.rawValue, reason: "use dissolved or merged") }
        let now = database.clock.now()
        try database.backend.write { db in
            let group = try groupRow(db, code)
            guard group.status == GroupStatus.active.rawValue else {
                throw StoreError.rule("group \(code) is already \(group.status)")
            }
            guard date >= group.foundedOn else {
                throw StoreError.invalid(field: "--on", value: date.iso, reason: "is before the group was founded (\(group.foundedOn.iso))")
            }
            try db.execute(sql: "UPDATE savings_group SET status = ?, status_on = ?, status_note = ? WHERE id = ?",
                           arguments: [status.rawValue, date.iso, note, group.id])
            try db.execute(sql: "UPDATE board_term SET ended_on = ?, end_reason = ? WHERE group_id = ? AND ended_on IS NULL",
                           arguments: [date.iso, "group \(status.rawValue)", group.id])
            try db.execute(sql: "UPDATE group_member SET left_on = CASE WHEN joined_on > ? THEN joined_on ELSE ? END, leave_reason = ? WHERE group_id = ? AND left_on IS NULL",
                           arguments: [date.iso, date.iso, "group \(status.rawValue)", group.id])
            let left = db.changesCount
            // The group's meetings from that day on are cancelled (SEQUENCE bumped, so calendar feeds show it) and its
            // series stop; the history row says why.
            try db.execute(sql: """
                UPDATE meeting SET status = 'cancelled', sequence = sequence + 1
                WHERE status = 'scheduled' AND planned_start >= ? AND series_id IN (SELECT id FROM meeting_series WHERE group_id = ?)
                """, arguments: [date.iso, group.id])
            let cancelled = db.changesCount
            try db.execute(sql: """
                INSERT INTO meeting_change (series_id, action, from_start, reason, sequence, changed_by, changed_at)
                SELECT id, 'cancel_rest', ?, ?, sequence + 1, ?, ? FROM meeting_series WHERE group_id = ? AND status = 'active'
                """, arguments: [date.iso, "group \(status.rawValue)", actor.name, VietnamTime.iso8601(now), group.id])
            try db.execute(sql: "UPDATE meeting_series SET status = 'cancelled', sequence = sequence + 1 WHERE group_id = ? AND status = 'active'",
                           arguments: [group.id])
            try AuditLog.record(db, at: now, actor: actor, action: status == .merged ? "merge" : "dissolve", entity: "savings_group", key: code,
                                before: ["status": group.status],
                                after: ["status": status.rawValue, "on": date.iso, "note": note ?? "", "members_left": String(left),
                                        "meetings_cancelled": String(cancelled)])
        }
    }

    /// A member household leaves; a board seat it held ends the same day.
    public func leave(member code: String, on date: LocalDate, reason: String?, actor: Principal) throws {
        let now = database.clock.now()
        try database.backend.write { db in
            guard let row = try db.fetchOne(sql: "SELECT id, joined_on, left_on FROM group_member WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(entity: "member", key: code)
            }
            if let left: String = row["left_on"] { throw StoreError.rule("member \(code) already left on \(left)") }
            let joined: String = row["joined_on"]
            guard date.iso >= joined else {
                throw StoreError.invalid(field: "--on", value: date.iso, reason: "is before the member joined (\(joined))")
            }
            let id: Int64 = row["id"]
            try db.execute(sql: "UPDATE group_member SET left_on = ?, leave_reason = ? WHERE id = ?", arguments: [date.iso, reason, id])
            try db.execute(sql: "UPDATE board_term SET ended_on = ?, end_reason = 'left the group' WHERE member_id = ? AND ended_on IS NULL",
                           arguments: [date.iso, id])
            try AuditLog.record(db, at: now, actor: actor, action: "leave", entity: "group_member", key: code,
                                after: ["left_on": date.iso, "reason": reason ?? ""])
        }
    }

    // MARK: - Inserts with validation

    struct GroupRow {
        var id: Int64, name: String, status: String, foundedOn: LocalDate, associationID: Int64
    }

    func groupRow(_ db: any StoreSession, _ code: String) throws -> GroupRow {
        guard let row = try db.fetchOne(sql: "SELECT id, name, status, founded_on, association_id FROM savings_group WHERE code = ?",
                                         arguments: [code]) else {
            throw StoreError.notFound(entity: "group", key: code)
        }
        return GroupRow(id: row["id"], name: row["name"], status: row["status"], foundedOn: LocalDate(iso: row["founded_on"] as String)!,
                        associationID: row["association_id"])
    }

    private func insertGroup(_ db: any StoreSession, _ draft: GroupDraft, now: Date, actor: Principal) throws -> String {
        if draft.name.trimmingCharacters(in: .whitespaces).isEmpty { throw FieldError(field: "name", value: draft.name, reason: "is required") }
        if let problem = TextRule.problem(draft.name, kind: .line) { throw FieldError(field: "name", value: String(draft.name.prefix(60)), reason: problem) }
        // A group is founded on a day that has come, within the years a person may enter.
        let today = LocalDateTime(instant: now).date
        guard LocalDate.inputYears.contains(draft.foundedOn.year), draft.foundedOn <= today else {
            throw FieldError(field: "founded_on", value: draft.foundedOn.iso,
                             reason: draft.foundedOn > today ? "is in the future (today is \(today.iso))" : "is out of range (years \(LocalDate.inputYears.lowerBound)–\(LocalDate.inputYears.upperBound))")
        }
        guard let commune = try db.fetchOne(sql: "SELECT id, kind, name FROM admin_unit WHERE code = ?", arguments: [draft.communeCode]) else {
            throw FieldError(field: "commune", value: draft.communeCode, reason: "unknown administrative unit '\(draft.communeCode)'")
        }
        guard (commune["kind"] as String) == AdminUnitKind.commune.rawValue else {
            throw FieldError(field: "commune", value: draft.communeCode, reason: "is a \(commune["kind"] as String), not a commune")
        }
        let communeID: Int64 = commune["id"]
        guard let association = try db.fetchOne(sql: "SELECT id, level, admin_unit_id FROM association WHERE code = ?",
                                                 arguments: [draft.associationCode]) else {
            throw FieldError(field: "association", value: draft.associationCode, reason: "unknown association '\(draft.associationCode)'")
        }
        guard (association["level"] as String) == AssociationLevel.commune.rawValue, (association["admin_unit_id"] as Int64?) == communeID else {
            throw FieldError(field: "association", value: draft.associationCode,
                             reason: "a group is managed by a commune association of its own commune (\(draft.communeCode))")
        }
        if draft.minimumMonthlySaving.dong < 0 {
            throw FieldError(field: "min_monthly_saving", value: String(draft.minimumMonthlySaving.dong), reason: "must be zero or more đồng")
        }
        let code: String
        if let given = draft.code, !given.isEmpty {
            do { try OrganisationRules.validateCode(given) } catch { throw FieldError(field: "code", value: given, reason: "letters, digits, '-' or '_' (at most 64)") }
            if try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM savings_group WHERE code = ?)", arguments: [given]) == true {
                throw FieldError(field: "code", value: given, reason: "already exists")
            }
            code = given
        } else {
            code = try nextGroupCode(db, prefix: GroupRules.communePrefix(commune["name"]))
        }
        try db.prepare(sql: """
            INSERT INTO savings_group (code, name, village, commune_id, association_id, founded_on, approval_ref, min_monthly_saving)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [code, draft.name, draft.village, communeID, association["id"] as Int64, draft.foundedOn.iso,
                                     draft.approvalReference, draft.minimumMonthlySaving.dong])
        try AuditLog.record(db, at: now, actor: actor, action: "create", entity: "savings_group", key: code,
                            after: ["name": draft.name, "village": draft.village ?? "", "commune": draft.communeCode,
                                    "association": draft.associationCode, "founded_on": draft.foundedOn.iso,
                                    "min_monthly_saving": String(draft.minimumMonthlySaving.dong)])
        return code
    }

    private func nextGroupCode(_ db: any StoreSession, prefix: String) throws -> String {
        let existing = try db.fetchAll(String.self, sql: "SELECT code FROM savings_group WHERE code LIKE ?", arguments: [prefix + "-G%"])
        let highest = existing.compactMap { Int($0.dropFirst(prefix.count + 2)) }.max() ?? 0
        return GroupRules.groupCode(prefix: prefix, number: highest + 1)
    }

    private func insertMember(_ db: any StoreSession, _ draft: MemberDraft, now: Date, actor: Principal) throws -> String {
        guard let group = try db.fetchOne(sql: "SELECT id, status, status_on, founded_on FROM savings_group WHERE code = ?",
                                           arguments: [draft.groupCode]) else {
            throw FieldError(field: "group", value: draft.groupCode, reason: "unknown group '\(draft.groupCode)'")
        }
        let status: String = group["status"]
        guard status == GroupStatus.active.rawValue else {
            throw FieldError(field: "group", value: draft.groupCode,
                             reason: "the group is \(status) (since \(group["status_on"] as String? ?? "?")): no member can join it")
        }
        if draft.name.trimmingCharacters(in: .whitespaces).isEmpty { throw FieldError(field: "name", value: draft.name, reason: "is required") }
        do { try GroupRules.validateNationalID(draft.nationalID) } catch {
            throw FieldError(field: "national_id", value: draft.nationalID, reason: "expected 12 digits (or 9 for an old ID card)")
        }
        let founded: String = group["founded_on"]
        guard draft.joinedOn.iso >= founded else {
            throw FieldError(field: "joined_on", value: draft.joinedOn.iso, reason: "is before the group was founded (\(founded))")
        }
        if let other = try db.fetchOne(String.self, sql: """
            SELECT g.code FROM group_member m JOIN savings_group g ON g.id = m.group_id WHERE m.national_id = ? AND m.left_on IS NULL
            """, arguments: [draft.nationalID]) {
            throw FieldError(field: "national_id", value: draft.nationalID, reason: "this household is already an active member of group \(other)")
        }
        var personID: Int64?
        if let person = draft.personCode, !person.isEmpty {
            guard let id = try db.fetchOne(Int64.self, sql: "SELECT id FROM person WHERE code = ?", arguments: [person]) else {
                throw FieldError(field: "person", value: person, reason: "unknown person '\(person)'")
            }
            personID = id
        }
        let groupID: Int64 = group["id"]
        let code: String
        if let given = draft.code, !given.isEmpty {
            do { try OrganisationRules.validateCode(given) } catch { throw FieldError(field: "code", value: given, reason: "letters, digits, '-' or '_' (at most 64)") }
            if try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM group_member WHERE code = ?)", arguments: [given]) == true {
                throw FieldError(field: "code", value: given, reason: "already exists")
            }
            code = given
        } else {
            var number = (try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM group_member WHERE group_id = ?", arguments: [groupID]) ?? 0) + 1
            while try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM group_member WHERE code = ?)",
                                    arguments: [draft.groupCode + "-" + String(format: "%02d", number)]) == true { number += 1 }
            code = draft.groupCode + "-" + String(format: "%02d", number)
        }
        try db.prepare(sql: """
            INSERT INTO group_member (group_id, code, name, national_id, category, joined_on, person_id) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [groupID, code, draft.name, draft.nationalID, draft.category.rawValue, draft.joinedOn.iso, personID])
        try AuditLog.record(db, at: now, actor: actor, action: "join", entity: "group_member", key: code,
                            after: ["group": draft.groupCode, "name": draft.name, "national_id": draft.nationalID,
                                    "category": draft.category.rawValue, "joined_on": draft.joinedOn.iso])
        return code
    }

    private func insertSeat(_ db: any StoreSession, group code: String, _ seat: BoardSeat, now: Date, actor: Principal) throws {
        guard let group = try db.fetchOne(sql: "SELECT id, status, association_id FROM savings_group WHERE code = ?", arguments: [code]) else {
            throw FieldError(field: "group", value: code, reason: "unknown group '\(code)'")
        }
        guard (group["status"] as String) == GroupStatus.active.rawValue else {
            throw FieldError(field: "group", value: code, reason: "the group is \(group["status"] as String): its board cannot change")
        }
        guard seat.termStart <= seat.termEnd else {
            throw FieldError(field: "term_end", value: seat.termEnd.iso, reason: "is before the term start \(seat.termStart.iso)")
        }
        let groupID: Int64 = group["id"]
        guard let member = try db.fetchOne(sql: """
            SELECT m.id, m.group_id, m.joined_on, m.left_on, p.code AS person, p.standing_committee, p.association_id
            FROM group_member m LEFT JOIN person p ON p.id = m.person_id WHERE m.code = ?
            """, arguments: [seat.memberCode]) else {
            throw FieldError(field: seat.role.rawValue, value: seat.memberCode,
                             reason: "is not a member of any group: a board member must be an active member of \(code)")
        }
        guard (member["group_id"] as Int64) == groupID else {
            throw FieldError(field: seat.role.rawValue, value: seat.memberCode, reason: "is not a member of \(code): a board member must be an active member of the group")
        }
        let joined: String = member["joined_on"]
        if let left: String = member["left_on"] {
            throw FieldError(field: seat.role.rawValue, value: seat.memberCode, reason: "left the group on \(left): a board member must be an active member")
        }
        guard joined <= seat.termStart.iso else {
            throw FieldError(field: seat.role.rawValue, value: seat.memberCode,
                             reason: "joins on \(joined), after the term starts (\(seat.termStart.iso)): a board member must be an active member")
        }
        if (member["standing_committee"] as Bool?) == true, (member["association_id"] as Int64?) == (group["association_id"] as Int64) {
            throw FieldError(field: seat.role.rawValue, value: seat.memberCode,
                             reason: "is \(member["person"] as String), on the managing association's standing committee, who cannot sit on a group board")
        }
        let memberID: Int64 = member["id"]
        if let other = try db.fetchOne(String.self, sql: "SELECT role FROM board_term WHERE member_id = ? AND ended_on IS NULL AND role <> ?",
                                           arguments: [memberID, seat.role.rawValue]) {
            throw FieldError(field: seat.role.rawValue, value: seat.memberCode, reason: "already holds the \(other) seat; one person holds one seat")
        }
        let previous = try db.fetchOne(sql: "SELECT id, term_start, member_id FROM board_term WHERE group_id = ? AND role = ? AND ended_on IS NULL",
                                        arguments: [groupID, seat.role.rawValue])
        if let previous {
            let start: String = previous["term_start"]
            guard start < seat.termStart.iso else {
                throw FieldError(field: "term_start", value: seat.termStart.iso,
                                 reason: "the current \(seat.role.rawValue)'s term started on \(start); a new term must start later")
            }
            try db.execute(sql: "UPDATE board_term SET ended_on = ?, end_reason = 'replaced' WHERE id = ?",
                           arguments: [seat.termStart.adding(days: -1).iso, previous["id"] as Int64])
        }
        try db.prepare(sql: "INSERT INTO board_term (group_id, member_id, role, term_start, term_end) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [groupID, memberID, seat.role.rawValue, seat.termStart.iso, seat.termEnd.iso])
        try AuditLog.record(db, at: now, actor: actor, action: "board", entity: "savings_group", key: code,
                            after: ["role": seat.role.rawValue, "member": seat.memberCode, "term_start": seat.termStart.iso,
                                    "term_end": seat.termEnd.iso])
    }

    // MARK: - Queries

    /// Groups with their active member counts and size warnings, in code order.
    public func groups(commune: String? = nil, association: String? = nil, status: GroupStatus? = nil, code: String? = nil) throws -> [GroupView] {
        var filter = SQLFilter()
        filter.add("c.code = ?", ifPresent: commune)
        filter.add("a.code = ?", ifPresent: association)
        filter.add("g.status = ?", ifPresent: status?.rawValue)
        filter.add("g.code = ?", ifPresent: code)
        return try database.backend.read { db in
            var groups = try db.fetchAll(GroupView.self, sql: """
                SELECT g.code, g.name, g.village, c.code AS commune, c.name AS commune_name, a.code AS association, g.founded_on,
                       g.approval_ref, g.min_monthly_saving, g.status, g.status_on, g.status_note, g.quorum,
                       (SELECT COUNT(*) FROM group_member m WHERE m.group_id = g.id AND m.left_on IS NULL) AS active_members,
                       (SELECT m.name FROM board_term b JOIN group_member m ON m.id = b.member_id
                        WHERE b.group_id = g.id AND b.role = 'leader' AND b.ended_on IS NULL) AS leader,
                       NULL AS warning
                FROM savings_group g JOIN admin_unit c ON c.id = g.commune_id JOIN association a ON a.id = g.association_id
                """ + filter.clause + " ORDER BY g.code", arguments: filter.arguments)
            for index in groups.indices where groups[index].status == GroupStatus.active.rawValue {
                groups[index].warning = GroupRules.sizeWarning(activeMembers: groups[index].activeMembers)
            }
            return groups
        }
    }

    public func group(_ code: String) throws -> GroupView {
        guard let group = try groups(code: code).first else { throw StoreError.notFound(entity: "group", key: code) }
        return group
    }

    /// Members of a group (or of every group), active only unless `includeLeft`.
    public func members(group: String?, includeLeft: Bool = false) throws -> [MemberView] {
        try database.backend.read { db in
            if let group { _ = try groupRow(db, group) }
            return try db.fetchAll(MemberView.self, sql: """
                SELECT m.code, g.code AS "group", m.name, m.national_id, m.category, m.joined_on, m.left_on, m.leave_reason,
                       p.code AS person,
                       (SELECT b.role FROM board_term b WHERE b.member_id = m.id AND b.ended_on IS NULL) AS board_role
                FROM group_member m JOIN savings_group g ON g.id = m.group_id LEFT JOIN person p ON p.id = m.person_id
                WHERE (CAST(?1 AS TEXT) IS NULL OR g.code = ?1) AND (?2 OR m.left_on IS NULL)
                ORDER BY g.code, m.id
                """, arguments: [group, includeLeft])
        }
    }

    /// The board's terms, current first, then history newest first.
    public func board(group: String) throws -> [BoardTermView] {
        try database.backend.read { db in
            let row = try groupRow(db, group)
            return try db.fetchAll(BoardTermView.self, sql: """
                SELECT b.role, m.code AS member, m.name, b.term_start, b.term_end, b.ended_on, b.end_reason
                FROM board_term b JOIN group_member m ON m.id = b.member_id WHERE b.group_id = ?
                ORDER BY b.ended_on IS NOT NULL, CASE b.role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, b.term_start DESC
                """, arguments: [row.id])
        }
    }
}
