import EntrustCore
import GRDB

/// The scoped reads of the HTTP layer: every list and every single-object lookup carries the account's scope as a
/// SQL condition, so that an officer's query cannot return another association's rows, and bank staff only see
/// their office's. A lookup outside the scope answers "not found", exactly like a missing object.
public struct ScopeStore: Sendable {
    public let database: AppDatabase

    public init(_ database: AppDatabase) { self.database = database }

    /// One page of a list, with the total before paging.
    public struct Page<Item: Codable & Sendable>: Codable, Sendable {
        public var items: [Item]
        public var total: Int
        public var limit: Int
        public var offset: Int
    }

    // MARK: - Scope conditions

    /// The scope as SQL over named argument `:scope` (an office or association row id).
    struct Condition {
        var contract: String       // alias c
        var association: String    // alias a (an association row)
        var group: String          // alias g
        var series: String         // alias s
        var point: String          // alias p (a transaction point)
        var arguments: [String: (any DatabaseValueConvertible)?]
    }

    func condition(_ db: Database, _ scope: AccessScope) throws -> Condition {
        switch scope {
        case .everything:
            return Condition(contract: "1", association: "1", group: "1", series: "1", point: "1", arguments: [:])
        case .nothing:
            return Condition(contract: "0", association: "0", group: "0", series: "0", point: "0", arguments: [:])
        case let .office(code):
            let id = try Int64.fetchOne(db, sql: "SELECT id FROM bank_unit WHERE code = ?", arguments: [code]) ?? -1
            let communes = "(SELECT commune_id FROM bank_unit WHERE kind = 'transaction_point' AND parent_id = :scope)"
            let associations = "(SELECT id FROM association WHERE admin_unit_id IN \(communes) UNION SELECT association_id FROM contract WHERE office_id = :scope)"
            return Condition(
                contract: "c.office_id = :scope",
                association: "a.id IN \(associations)",
                group: "g.commune_id IN \(communes)",
                series: """
                    (s.point_id IN (SELECT id FROM bank_unit WHERE parent_id = :scope OR id = :scope)
                     OR s.group_id IN (SELECT id FROM savings_group WHERE commune_id IN \(communes))
                     OR s.association_id IN \(associations))
                    """,
                point: "p.parent_id = :scope",
                arguments: ["scope": id])
        case let .association(code):
            let id = try Int64.fetchOne(db, sql: "SELECT id FROM association WHERE code = ?", arguments: [code]) ?? -1
            return Condition(
                contract: "c.association_id = :scope",
                association: "a.id = :scope",
                group: "g.association_id = :scope",
                series: """
                    (s.association_id = :scope OR s.group_id IN (SELECT id FROM savings_group WHERE association_id = :scope)
                     OR s.point_id IN (SELECT id FROM bank_unit WHERE commune_id = (SELECT admin_unit_id FROM association WHERE id = :scope)))
                    """,
                point: "p.commune_id = (SELECT admin_unit_id FROM association WHERE id = :scope)",
                arguments: ["scope": id])
        }
    }

    static func arguments(_ base: [String: (any DatabaseValueConvertible)?], _ extra: [String: (any DatabaseValueConvertible)?]) -> StatementArguments {
        StatementArguments(base.merging(extra) { $1 })
    }

    // MARK: - Visibility of one object

    /// Whether the row of `table` (with its alias) whose readable key column equals `key` passes the scope's condition.
    private func visible(_ key: String, table: String, keyColumn: String, where condition: KeyPath<Condition, String>,
                         scope: AccessScope) throws -> Bool {
        try database.writer.read { db in
            let cond = try self.condition(db, scope)
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE \(keyColumn) = :key AND \(cond[keyPath: condition]))",
                                     arguments: Self.arguments(cond.arguments, ["key": key])) ?? false
        }
    }

    public func contractVisible(_ number: String, scope: AccessScope) throws -> Bool {
        try visible(number, table: "contract c", keyColumn: "c.number", where: \.contract, scope: scope)
    }

    public func groupVisible(_ code: String, scope: AccessScope) throws -> Bool {
        try visible(code, table: "savings_group g", keyColumn: "g.code", where: \.group, scope: scope)
    }

    public func associationVisible(_ code: String, scope: AccessScope) throws -> Bool {
        try visible(code, table: "association a", keyColumn: "a.code", where: \.association, scope: scope)
    }

    /// A group member (household), by code: members of visible groups.
    public func memberVisible(_ code: String, scope: AccessScope) throws -> Bool {
        try visible(code, table: "group_member m JOIN savings_group g ON g.id = m.group_id", keyColumn: "m.code", where: \.group, scope: scope)
    }

    /// A commune transaction point, by code: the office's points, or the points of the association's commune.
    public func pointVisible(_ code: String, scope: AccessScope) throws -> Bool {
        try visible(code, table: "bank_unit p", keyColumn: "p.kind = 'transaction_point' AND p.code", where: \.point, scope: scope)
    }

    /// Refuses the codes named inside a write (a body or a form) that the scope does not show, with the answer a
    /// missing code gets (400 naming the field), so that an error never tells an out-of-scope object exists.
    ///
    /// - Parameter visible: the visibility checks a code may pass (a member or a person, say); one is enough.
    public func requireVisible(_ codes: [String], field: String, entity: String, scope: AccessScope,
                               _ visible: [(String, AccessScope) throws -> Bool]) throws {
        var unknown: [String] = []
        for code in codes where try !visible.contains(where: { try $0(code, scope) }) { unknown.append(code) }
        if !unknown.isEmpty {
            throw StoreError.invalid(field: field, value: unknown.joined(separator: ", "), reason: "unknown \(entity); nothing was changed")
        }
    }

    /// A meeting series (and so its occurrences) by its code.
    public func seriesVisible(_ code: String, scope: AccessScope) throws -> Bool {
        try visible(code, table: "meeting_series s", keyColumn: "s.code", where: \.series, scope: scope)
    }

    /// A training, by its series code.
    public func trainingVisible(_ code: String, scope: AccessScope) throws -> Bool {
        try database.writer.read { db in
            let cond = try condition(db, scope)
            return try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM training t JOIN meeting_series s ON s.id = t.series_id JOIN association a ON a.id = t.association_id
                               WHERE s.code = :key AND \(cond.association))
                """, arguments: Self.arguments(cond.arguments, ["key": code])) ?? false
        }
    }

    /// A person, by code: bank people of the office, or people of visible associations.
    public func personVisible(_ code: String, scope: AccessScope) throws -> Bool {
        try database.writer.read { db in
            let cond = try condition(db, scope)
            let bank: String
            switch scope {
            case .everything: bank = "1"
            case .office: bank = "p.bank_unit_id IN (SELECT id FROM bank_unit WHERE id = :scope OR parent_id = :scope)"
            default: bank = "0"
            }
            return try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM person p LEFT JOIN association a ON a.id = p.association_id
                               WHERE p.code = :key AND ((p.association_id IS NOT NULL AND \(cond.association)) OR (p.bank_unit_id IS NOT NULL AND \(bank))))
                """, arguments: Self.arguments(cond.arguments, ["key": code])) ?? false
        }
    }

    // MARK: - Scoped lists

    /// Contracts in scope, filtered and paged.
    public func contracts(scope: AccessScope, state: String? = nil, association: String? = nil, kind: String? = nil,
                          limit: Int = 50, offset: Int = 0) throws -> Page<ContractSummary> {
        try database.writer.read { db in
            let cond = try condition(db, scope)
            let filter = """
                 WHERE \(cond.contract) AND (:state IS NULL OR c.state = :state) AND (:association IS NULL OR a.code = :association)
                   AND (:kind IS NULL OR c.kind = :kind)
                """
            let arguments = Self.arguments(cond.arguments, ["state": state, "association": association, "kind": kind,
                                                            "limit": limit, "offset": offset])
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contract c LEFT JOIN association a ON a.id = c.association_id" + filter,
                                         arguments: arguments) ?? 0
            let items = try ContractSummary.fetchAll(db, sql: ContractSummary.selection + filter + " ORDER BY c.number LIMIT :limit OFFSET :offset",
                                                     arguments: arguments)
            return Page(items: items, total: total, limit: limit, offset: offset)
        }
    }

    /// Obligations in scope. `status` is open, late, done or waived (open means not yet late); `due` bounds are inclusive.
    public func obligations(scope: AccessScope, status: String? = nil, contract: String? = nil, association: String? = nil,
                            dueFrom: LocalDate? = nil, dueTo: LocalDate? = nil, limit: Int = 50, offset: Int = 0) throws -> Page<ObligationView> {
        let today = database.today
        return try database.writer.read { db in
            let cond = try condition(db, scope)
            let statusCondition: String
            switch status {
            case "open": statusCondition = "ob.status = 'open' AND ob.late_after >= :today"
            case "late": statusCondition = "ob.status = 'open' AND ob.late_after < :today"
            case "pending": statusCondition = "ob.status = 'open'"
            case "done": statusCondition = "ob.status = 'done'"
            case "waived": statusCondition = "ob.status = 'waived'"
            default: statusCondition = "1"
            }
            let filter = """
                 WHERE \(cond.contract) AND \(statusCondition) AND (:contract IS NULL OR c.number = :contract)
                   AND (:association IS NULL OR a.code = :association)
                   AND (:dueFrom IS NULL OR ob.due_date >= :dueFrom) AND (:dueTo IS NULL OR ob.due_date <= :dueTo)
                """
            let arguments = Self.arguments(cond.arguments, ["today": today.iso, "contract": contract, "association": association,
                                                            "dueFrom": dueFrom?.iso, "dueTo": dueTo?.iso, "limit": limit, "offset": offset])
            let total = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM obligation ob JOIN contract c ON c.id = ob.contract_id LEFT JOIN association a ON a.id = c.association_id
                """ + filter, arguments: arguments) ?? 0
            let items = try ObligationView.fetchAll(db, sql: ObligationView.selection.replacingOccurrences(of: "?1", with: ":today") + filter
                                                    + " ORDER BY ob.due_date, c.number, ob.code LIMIT :limit OFFSET :offset", arguments: arguments)
            return Page(items: items, total: total, limit: limit, offset: offset)
        }
    }

    /// One obligation occurrence in scope, by its reference `CONTRACT:CODE:PERIOD`.
    public func obligation(_ ref: String, scope: AccessScope) throws -> ObligationView {
        let today = database.today
        return try database.writer.read { db in
            let cond = try condition(db, scope)
            guard let view = try ObligationView.fetchOne(db, sql: ObligationView.selection.replacingOccurrences(of: "?1", with: ":today")
                                                         + " WHERE c.number || ':' || ob.code || ':' || ob.period_key = :ref AND \(cond.contract)",
                                                         arguments: Self.arguments(cond.arguments, ["today": today.iso, "ref": ref])) else {
                throw StoreError.notFound(entity: "obligation", key: ref)
            }
            return view
        }
    }

    /// Groups in scope.
    public func groups(scope: AccessScope, association: String? = nil, commune: String? = nil, status: String? = nil,
                       limit: Int = 50, offset: Int = 0) throws -> Page<GroupView> {
        try database.writer.read { db in
            let cond = try condition(db, scope)
            let filter = """
                 WHERE \(cond.group) AND (:association IS NULL OR a.code = :association) AND (:commune IS NULL OR c.code = :commune)
                   AND (:status IS NULL OR g.status = :status)
                """
            let arguments = Self.arguments(cond.arguments, ["association": association, "commune": commune, "status": status,
                                                            "limit": limit, "offset": offset])
            let from = " FROM savings_group g JOIN admin_unit c ON c.id = g.commune_id JOIN association a ON a.id = g.association_id"
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*)" + from + filter, arguments: arguments) ?? 0
            var items = try GroupView.fetchAll(db, sql: """
                SELECT g.code, g.name, g.village, c.code AS commune, c.name AS commune_name, a.code AS association, g.founded_on,
                       g.approval_ref, g.min_monthly_saving, g.status, g.status_on, g.status_note, g.quorum,
                       (SELECT COUNT(*) FROM group_member m WHERE m.group_id = g.id AND m.left_on IS NULL) AS active_members,
                       (SELECT m.name FROM board_term b JOIN group_member m ON m.id = b.member_id
                        WHERE b.group_id = g.id AND b.role = 'leader' AND b.ended_on IS NULL) AS leader,
                       NULL AS warning
                """ + from + filter + " ORDER BY g.code LIMIT :limit OFFSET :offset", arguments: arguments)
            for index in items.indices where items[index].status == GroupStatus.active.rawValue {
                items[index].warning = GroupRules.sizeWarning(activeMembers: items[index].activeMembers)
            }
            return Page(items: items, total: total, limit: limit, offset: offset)
        }
    }

    /// Meeting occurrences in scope, in time order; `to` is inclusive.
    public func meetings(scope: AccessScope, group: String? = nil, kind: String? = nil, from: LocalDate? = nil, to: LocalDate? = nil,
                         limit: Int = 200, offset: Int = 0) throws -> Page<MeetingView> {
        try database.writer.read { db in
            let cond = try condition(db, scope)
            let filter = """
                 WHERE \(cond.series) AND (:group IS NULL OR g.code = :group) AND (:kind IS NULL OR s.kind = :kind)
                   AND (:from IS NULL OR m.start >= :from) AND (:to IS NULL OR m.start < :to)
                """
            let arguments = Self.arguments(cond.arguments, ["group": group, "kind": kind, "from": from?.iso, "to": to?.adding(days: 1).iso,
                                                            "limit": limit, "offset": offset])
            let total = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM meeting m JOIN meeting_series s ON s.id = m.series_id LEFT JOIN savings_group g ON g.id = s.group_id
                """ + filter, arguments: arguments) ?? 0
            let items = try MeetingView.fetchAll(db, sql: MeetingStore.meetingSelect + filter + " ORDER BY m.start, s.code LIMIT :limit OFFSET :offset",
                                                 arguments: arguments)
            return Page(items: items, total: total, limit: limit, offset: offset)
        }
    }

    /// Trainings in scope.
    public func trainings(scope: AccessScope, from: LocalDate? = nil, to: LocalDate? = nil, limit: Int = 50, offset: Int = 0) throws -> Page<TrainingView> {
        try database.writer.read { db in
            let cond = try condition(db, scope)
            let filter = " WHERE \(cond.association) AND (:from IS NULL OR m.start >= :from) AND (:to IS NULL OR m.start < :to)"
            let from_ = " FROM training t JOIN meeting_series s ON s.id = t.series_id JOIN meeting m ON m.series_id = s.id JOIN association a ON a.id = t.association_id"
            let arguments = Self.arguments(cond.arguments, ["from": from?.iso, "to": to?.adding(days: 1).iso, "limit": limit, "offset": offset])
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*)" + from_ + filter, arguments: arguments) ?? 0
            let items = try TrainingView.fetchAll(db, sql: """
                SELECT s.code, a.code AS association, t.topic, t.trainer, t.audience, t.capacity, m.start, s.location, m.status,
                       (SELECT COUNT(*) FROM training_enrolment e WHERE e.training_id = t.id) AS enrolled,
                       (SELECT COUNT(*) FROM attendance x WHERE x.meeting_id = m.id AND x.status = 'present') AS present
                """ + from_ + filter + " ORDER BY m.start, s.code LIMIT :limit OFFSET :offset", arguments: arguments)
            return Page(items: items, total: total, limit: limit, offset: offset)
        }
    }

    /// Associations in scope (for filters and the dashboard).
    public func associations(scope: AccessScope, level: String? = nil) throws -> [AssociationView] {
        try database.writer.read { db in
            let cond = try condition(db, scope)
            return try AssociationView.fetchAll(db, sql: """
                SELECT a.code, a.kind, a.level, a.name, u.code AS admin_unit, u.name AS admin_unit_name, p.code AS parent
                FROM association a LEFT JOIN admin_unit u ON u.id = a.admin_unit_id LEFT JOIN association p ON p.id = a.parent_id
                WHERE \(cond.association) AND (:level IS NULL OR a.level = :level) ORDER BY a.code
                """, arguments: Self.arguments(cond.arguments, ["level": level]))
        }
    }
}
