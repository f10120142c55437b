import EntrustCore

/// The scoped reads of the HTTP layer: every list and every single-object lookup carries the account's scope as a
/// SQL condition, so that an officer's query cannot return another association's rows, and bank staff only see
/// their office's. A lookup outside the scope answers "not found", exactly like a missing object.
public struct ScopeStore: Sendable {
    public let database: AppDatabase

    public init(_ database: AppDatabase) { self.database = database }

    /// How far a list counts its rows: past it, a page says "1.000+" instead of reading every row in scope.
    public static let countCap = 1_000

    /// One page of a list: its rows in the list's order, the count of rows matching the filters (counted up to
    /// `countCap`, so a page costs what it shows and not what the country holds), and the cursor of the next page.
    public struct Page<Item: Codable & Sendable>: Codable, Sendable {
        public var items: [Item]
        /// Rows matching the filters, at most `countCap`; `totalCapped` says there are more.
        public var total: Int
        public var totalCapped: Bool
        public var limit: Int
        /// The `after` token of the next page, or nil on the last page.
        public var next: String?
        /// The `before` token of the page before, or nil on the first page (the pages link back with it; the JSON
        /// API walks forward only).
        public var previous: String?

        public init(items: [Item], total: Int, totalCapped: Bool, limit: Int, next: String?, previous: String? = nil) {
            self.items = items
            self.total = total
            self.totalCapped = totalCapped
            self.limit = limit
            self.next = next
            self.previous = previous
        }

        enum CodingKeys: String, CodingKey { case items, total, totalCapped = "total_capped", limit, next }
    }

    /// Counts the rows of `from` + `filter`, stopping at `countCap` + 1.
    func boundedCount(_ db: any StoreSession, from: String, _ filter: SQLFilter) throws -> (total: Int, capped: Bool) {
        let count = try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM (SELECT 1" + from + filter.clause + " LIMIT \(Self.countCap + 1)) AS bounded",
                                    arguments: filter.arguments) ?? 0
        return (min(count, Self.countCap), count > Self.countCap)
    }

    /// One page of `select` + `filter` after `cursor` in `keyset`'s order (or the page before `before`): `limit` + 1
    /// rows are read, so that the page knows whether another follows without counting.
    func page<Item>(_ db: any StoreSession, select: String, leading: StoreArguments = [], countFrom: String, _ filter: SQLFilter,
                    keyset: Keyset, after cursor: PageCursor?, before: PageCursor? = nil, limit: Int,
                    fetch: (String, StoreArguments) throws -> [Item], key: (Item) -> PageCursor) throws -> Page<Item> {
        let (total, capped) = try boundedCount(db, from: countFrom, filter)
        var paged = filter
        let backward = before != nil
        if let before { try keyset.add(before, before: true, to: &paged) } else { try keyset.add(cursor, to: &paged) }
        var items = try fetch(select + paged.clause + keyset.orderBy(reversed: backward) + " LIMIT ?", leading + paged.arguments + [limit + 1])
        let more = items.count > limit
        if more { items.removeLast(items.count - limit) }
        if backward {
            items.reverse()
            return Page(items: items, total: total, totalCapped: capped, limit: limit, next: items.last.map { key($0).token },
                        previous: more ? items.first.map { key($0).token } : nil)
        }
        return Page(items: items, total: total, totalCapped: capped, limit: limit, next: more ? items.last.map { key($0).token } : nil,
                    previous: cursor == nil ? nil : items.first.map { key($0).token })
    }

    // MARK: - Scope conditions

    /// The scope as SQL conditions. The office or association row id is written into the SQL as an integer literal
    /// (it comes from the database, never from a person), so the conditions take no arguments and combine with any
    /// positional filter.
    struct Condition {
        var contract: String       // alias c
        var association: String    // alias a (an association row)
        var group: String          // alias g
        var series: String         // alias s
        var point: String          // alias p (a transaction point)
        /// The office's row id, for the bank-people condition of `personVisible`.
        var office: Int64?
    }

    func condition(_ db: any StoreSession, _ scope: AccessScope) throws -> Condition {
        switch scope {
        case .everything:
            return Condition(contract: "TRUE", association: "TRUE", group: "TRUE", series: "TRUE", point: "TRUE")
        case .nothing:
            return Condition(contract: "FALSE", association: "FALSE", group: "FALSE", series: "FALSE", point: "FALSE")
        case let .office(code):
            let id = try db.fetchOne(Int64.self, sql: "SELECT id FROM bank_unit WHERE code = ?", arguments: [code]) ?? -1
            let communes = "(SELECT commune_id FROM bank_unit WHERE kind = 'transaction_point' AND parent_id = \(id))"
            let associations = "(SELECT id FROM association WHERE admin_unit_id IN \(communes) UNION SELECT association_id FROM contract WHERE office_id = \(id))"
            return Condition(
                contract: "c.office_id = \(id)",
                association: "a.id IN \(associations)",
                group: "g.commune_id IN \(communes)",
                series: """
                    (s.point_id IN (SELECT id FROM bank_unit WHERE parent_id = \(id) OR id = \(id))
                     OR s.group_id IN (SELECT id FROM savings_group WHERE commune_id IN \(communes))
                     OR s.association_id IN \(associations))
                    """,
                point: "p.parent_id = \(id)",
                office: id)
        case let .association(code):
            let id = try db.fetchOne(Int64.self, sql: "SELECT id FROM association WHERE code = ?", arguments: [code]) ?? -1
            return Condition(
                contract: "c.association_id = \(id)",
                association: "a.id = \(id)",
                group: "g.association_id = \(id)",
                series: """
                    (s.association_id = \(id) OR s.group_id IN (SELECT id FROM savings_group WHERE association_id = \(id))
                     OR s.point_id IN (SELECT id FROM bank_unit WHERE commune_id = (SELECT admin_unit_id FROM association WHERE id = \(id))))
                    """,
                point: "p.commune_id = (SELECT admin_unit_id FROM association WHERE id = \(id))")
        }
    }

    // MARK: - Visibility of one object

    /// Whether the row of `table` (with its alias) whose readable key column equals `key` passes the scope's condition.
    private func visible(_ key: String, table: String, keyColumn: String, where condition: KeyPath<Condition, String>,
                         scope: AccessScope) throws -> Bool {
        try database.backend.read { db in
            let cond = try self.condition(db, scope)
            return try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE \(keyColumn) = ? AND \(cond[keyPath: condition]))",
                                   arguments: [key]) ?? false
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
        try database.backend.read { db in
            let cond = try condition(db, scope)
            return try db.fetchOne(Bool.self, sql: """
                SELECT EXISTS (SELECT 1 FROM training t JOIN meeting_series s ON s.id = t.series_id JOIN association a ON a.id = t.association_id
                               WHERE s.code = ? AND \(cond.association))
                """, arguments: [code]) ?? false
        }
    }

    /// A person, by code: bank people of the office, or people of visible associations.
    public func personVisible(_ code: String, scope: AccessScope) throws -> Bool {
        try database.backend.read { db in
            let cond = try condition(db, scope)
            let bank: String
            switch scope {
            case .everything: bank = "TRUE"
            case .office: bank = "p.bank_unit_id IN (SELECT id FROM bank_unit WHERE id = \(cond.office ?? -1) OR parent_id = \(cond.office ?? -1))"
            default: bank = "FALSE"
            }
            return try db.fetchOne(Bool.self, sql: """
                SELECT EXISTS (SELECT 1 FROM person p LEFT JOIN association a ON a.id = p.association_id
                               WHERE p.code = ? AND ((p.association_id IS NOT NULL AND \(cond.association)) OR (p.bank_unit_id IS NOT NULL AND \(bank))))
                """, arguments: [code]) ?? false
        }
    }

    // MARK: - Scoped lists

    /// The sort keys of the lists; each ends on columns that make it unique, so a cursor names one row.
    static let contractKey = Keyset(.init(expression: "c.number"))
    static let obligationKey = Keyset(.init(expression: "ob.due_date"), .init(expression: "c.number"), .init(expression: "ob.code"),
                                      .init(expression: "ob.period_key"))
    static let groupKey = Keyset(.init(expression: "g.code"))
    /// Meetings and trainings: a series has one occurrence at a given start.
    static let meetingKey = Keyset(.init(expression: "m.start"), .init(expression: "s.code"))

    /// The cursor of an obligation row: its due date and the parts of its reference `CONTRACT:CODE:PERIOD` (the
    /// contract number may itself hold a colon, the code and period do not).
    static func obligationCursor(_ view: ObligationView) -> PageCursor {
        var parts = view.ref.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let period = parts.popLast() ?? ""
        let code = parts.popLast() ?? ""
        return PageCursor([.text(view.dueDate), .text(parts.joined(separator: ":")), .text(code), .text(period)])
    }

    /// Contracts in scope, filtered and paged.
    public func contracts(scope: AccessScope, state: String? = nil, association: String? = nil, kind: String? = nil,
                          limit: Int = 50, after: PageCursor? = nil, before: PageCursor? = nil) throws -> Page<ContractSummary> {
        try database.backend.read { db in
            let cond = try condition(db, scope)
            var where_ = SQLFilter(cond.contract)
            where_.add("c.state = ?", ifPresent: state)
            where_.add("a.code = ?", ifPresent: association)
            where_.add("c.kind = ?", ifPresent: kind)
            return try page(db, select: ContractSummary.selection, countFrom: " FROM contract c LEFT JOIN association a ON a.id = c.association_id",
                            where_, keyset: Self.contractKey, after: after, before: before, limit: limit,
                            fetch: { try db.fetchAll(ContractSummary.self, sql: $0, arguments: $1) },
                            key: { PageCursor([.text($0.number)]) })
        }
    }

    /// Obligations in scope. `status` is open, late, done or waived (open means not yet late); `due` bounds are inclusive.
    public func obligations(scope: AccessScope, status: String? = nil, contract: String? = nil, association: String? = nil,
                            dueFrom: LocalDate? = nil, dueTo: LocalDate? = nil, limit: Int = 50, after: PageCursor? = nil, before: PageCursor? = nil) throws -> Page<ObligationView> {
        let today = database.today
        return try database.backend.read { db in
            let cond = try condition(db, scope)
            var where_ = SQLFilter(cond.contract)
            switch status {
            case "open": where_.add("ob.status = 'open' AND ob.late_after >= ?", today.iso)
            case "late": where_.add("ob.status = 'open' AND ob.late_after < ?", today.iso)
            case "pending": where_.add("ob.status = 'open'")
            case "done": where_.add("ob.status = 'done'")
            case "waived": where_.add("ob.status = 'waived'")
            default: break
            }
            where_.add("c.number = ?", ifPresent: contract)
            where_.add("a.code = ?", ifPresent: association)
            where_.add("ob.due_date >= ?", ifPresent: dueFrom?.iso)
            where_.add("ob.due_date <= ?", ifPresent: dueTo?.iso)
            // The selection's `?1` (today) comes first, then the filters' arguments, then the page.
            return try page(db, select: ObligationView.selection.replacingOccurrences(of: "?1", with: "?"), leading: [today.iso],
                            countFrom: " FROM obligation ob JOIN contract c ON c.id = ob.contract_id LEFT JOIN association a ON a.id = c.association_id",
                            where_, keyset: Self.obligationKey, after: after, before: before, limit: limit,
                            fetch: { try db.fetchAll(ObligationView.self, sql: $0, arguments: $1) },
                            key: { Self.obligationCursor($0) })
        }
    }

    /// One obligation occurrence in scope, by its reference `CONTRACT:CODE:PERIOD`.
    public func obligation(_ ref: String, scope: AccessScope) throws -> ObligationView {
        let today = database.today
        return try database.backend.read { db in
            let cond = try condition(db, scope)
            guard let view = try db.fetchOne(ObligationView.self, sql: ObligationView.selection.replacingOccurrences(of: "?1", with: "?")
                                             + " WHERE c.number || ':' || ob.code || ':' || ob.period_key = ? AND \(cond.contract)",
                                             arguments: [today.iso, ref]) else {
                throw StoreError.notFound(entity: "obligation", key: ref)
            }
            return view
        }
    }

    /// Groups in scope.
    public func groups(scope: AccessScope, association: String? = nil, commune: String? = nil, status: String? = nil,
                       limit: Int = 50, after: PageCursor? = nil, before: PageCursor? = nil) throws -> Page<GroupView> {
        try database.backend.read { db in
            let cond = try condition(db, scope)
            var where_ = SQLFilter(cond.group)
            where_.add("a.code = ?", ifPresent: association)
            where_.add("c.code = ?", ifPresent: commune)
            where_.add("g.status = ?", ifPresent: status)
            let from = " FROM savings_group g JOIN admin_unit c ON c.id = g.commune_id JOIN association a ON a.id = g.association_id"
            var result = try page(db, select: """
                SELECT g.code, g.name, g.village, c.code AS commune, c.name AS commune_name, a.code AS association, g.founded_on,
                       g.approval_ref, g.min_monthly_saving, g.status, g.status_on, g.status_note, g.quorum,
                       (SELECT COUNT(*) FROM group_member m WHERE m.group_id = g.id AND m.left_on IS NULL) AS active_members,
                       (SELECT m.name FROM board_term b JOIN group_member m ON m.id = b.member_id
                        WHERE b.group_id = g.id AND b.role = 'leader' AND b.ended_on IS NULL) AS leader,
                       NULL AS warning
                """ + from, countFrom: from, where_, keyset: Self.groupKey, after: after, before: before, limit: limit,
                fetch: { try db.fetchAll(GroupView.self, sql: $0, arguments: $1) }, key: { PageCursor([.text($0.code)]) })
            for index in result.items.indices where result.items[index].status == GroupStatus.active.rawValue {
                result.items[index].warning = GroupRules.sizeWarning(activeMembers: result.items[index].activeMembers)
            }
            return result
        }
    }

    /// Meeting occurrences in scope, in time order; `to` is inclusive.
    public func meetings(scope: AccessScope, group: String? = nil, kind: String? = nil, from: LocalDate? = nil, to: LocalDate? = nil,
                         limit: Int = 200, after: PageCursor? = nil, before: PageCursor? = nil) throws -> Page<MeetingView> {
        try database.backend.read { db in
            let cond = try condition(db, scope)
            var where_ = SQLFilter(cond.series)
            where_.add("g.code = ?", ifPresent: group)
            where_.add("s.kind = ?", ifPresent: kind)
            where_.add("m.start >= ?", ifPresent: from?.iso)
            where_.add("m.start < ?", ifPresent: to?.adding(days: 1).iso)
            return try page(db, select: MeetingStore.meetingSelect,
                            countFrom: " FROM meeting m JOIN meeting_series s ON s.id = m.series_id LEFT JOIN savings_group g ON g.id = s.group_id",
                            where_, keyset: Self.meetingKey, after: after, before: before, limit: limit,
                            fetch: { try db.fetchAll(MeetingView.self, sql: $0, arguments: $1) },
                            key: { PageCursor([.text($0.start), .text($0.series)]) })
        }
    }

    /// Trainings in scope.
    public func trainings(scope: AccessScope, from: LocalDate? = nil, to: LocalDate? = nil, limit: Int = 50, after: PageCursor? = nil, before: PageCursor? = nil) throws -> Page<TrainingView> {
        try database.backend.read { db in
            let cond = try condition(db, scope)
            var where_ = SQLFilter(cond.association)
            where_.add("m.start >= ?", ifPresent: from?.iso)
            where_.add("m.start < ?", ifPresent: to?.adding(days: 1).iso)
            let from_ = " FROM training t JOIN meeting_series s ON s.id = t.series_id JOIN meeting m ON m.series_id = s.id JOIN association a ON a.id = t.association_id"
            return try page(db, select: """
                SELECT s.code, a.code AS association, t.topic, t.trainer, t.audience, t.capacity, m.start, s.location, m.status,
                       (SELECT COUNT(*) FROM training_enrolment e WHERE e.training_id = t.id) AS enrolled,
                       (SELECT COUNT(*) FROM attendance x WHERE x.meeting_id = m.id AND x.status = 'present') AS present
                """ + from_, countFrom: from_, where_, keyset: Self.meetingKey, after: after, before: before, limit: limit,
                fetch: { try db.fetchAll(TrainingView.self, sql: $0, arguments: $1) }, key: { PageCursor([.text($0.start), .text($0.code)]) })
        }
    }

    /// Associations in scope (for filters and the dashboard).
    public func associations(scope: AccessScope, level: String? = nil) throws -> [AssociationView] {
        try database.backend.read { db in
            let cond = try condition(db, scope)
            var where_ = SQLFilter(cond.association)
            where_.add("a.level = ?", ifPresent: level)
            return try db.fetchAll(AssociationView.self, sql: """
                SELECT a.code, a.kind, a.level, a.name, u.code AS admin_unit, u.name AS admin_unit_name, p.code AS parent
                FROM association a LEFT JOIN admin_unit u ON u.id = a.admin_unit_id LEFT JOIN association p ON p.id = a.parent_id
                """ + where_.clause + " ORDER BY a.code", arguments: where_.arguments)
        }
    }
}
