import EntrustCore
import Foundation

/// Dated obligations: listing, completing with evidence, waiving, and the events that create them.
public struct ObligationStore: Sendable {
    public let database: AppDatabase

    public init(_ database: AppDatabase) { self.database = database }

    /// Filters for `obligations list`. `open` means open and not yet late; `late` means open past its grace period.
    public struct Filter: Sendable {
        public var association: String?
        public var contract: String?
        public var office: String?
        public var dueAfter: LocalDate?
        public var dueBefore: LocalDate?
        public var status: ObligationStatus?
        public var limit: Int

        public init(association: String? = nil, contract: String? = nil, office: String? = nil, dueAfter: LocalDate? = nil,
                    dueBefore: LocalDate? = nil, status: ObligationStatus? = nil, limit: Int = 200) {
            self.association = association
            self.contract = contract
            self.office = office
            self.dueAfter = dueAfter
            self.dueBefore = dueBefore
            self.status = status
            self.limit = limit
        }
    }

    public func list(_ filter: Filter) throws -> [ObligationView] {
        let today = database.today
        return try database.backend.read { db in
            if let association = filter.association,
               try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM association WHERE code = ?)", arguments: [association]) != true {
                throw StoreError.notFound(entity: "association", key: association)
            }
            if let contract = filter.contract { _ = try ContractStore.row(db, contract) }
            let statusCondition: String
            switch filter.status {
            case .none: statusCondition = "TRUE"
            case .open?: statusCondition = "ob.status = 'open' AND ob.late_after >= ?1"
            case .late?: statusCondition = "ob.status = 'open' AND ob.late_after < ?1"
            case .done?: statusCondition = "ob.status = 'done'"
            case .waived?: statusCondition = "ob.status = 'waived'"
            }
            return try db.fetchAll(ObligationView.self, sql: ObligationView.selection + """
                 JOIN bank_unit o ON o.id = c.office_id
                 WHERE \(statusCondition)
                   AND (CAST(?2 AS TEXT) IS NULL OR a.code = ?2) AND (CAST(?3 AS TEXT) IS NULL OR c.number = ?3) AND (CAST(?4 AS TEXT) IS NULL OR o.code = ?4)
                   AND (CAST(?5 AS TEXT) IS NULL OR ob.due_date >= ?5) AND (CAST(?6 AS TEXT) IS NULL OR ob.due_date <= ?6)
                 ORDER BY ob.due_date, c.number, ob.code
                 LIMIT ?7
                """, arguments: [today.iso, filter.association, filter.contract, filter.office, filter.dueAfter?.iso,
                                 filter.dueBefore?.iso, filter.limit])
        }
    }

    /// A reference such as `KB-TANSON-HND-2023:giao-ban:2024-03` names one occurrence.
    struct Reference {
        var contract: String
        var code: String
        var period: String

        init(_ text: String) throws {
            let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
                throw StoreError.invalid(field: "obligation", value: text, reason: "expected CONTRACT:OBLIGATION:PERIOD as shown by `entrust obligations list`")
            }
            contract = String(parts[0])
            code = String(parts[1])
            period = String(parts[2])
        }
    }

    func occurrence(_ db: any StoreSession, _ ref: String) throws -> (id: Int64, view: ObligationView) {
        let reference = try Reference(ref)
        let contractID = try ContractStore.row(db, reference.contract).id
        guard let id = try db.fetchOne(Int64.self, sql: "SELECT id FROM obligation WHERE contract_id = ? AND code = ? AND period_key = ?",
                                          arguments: [contractID, reference.code, reference.period]) else {
            throw StoreError.notFound(entity: "obligation", key: ref)
        }
        let view = try db.fetchOne(ObligationView.self, sql: ObligationView.selection + " WHERE ob.id = ?2",
                                               arguments: [database.today.iso, id])!
        return (id, view)
    }

    /// Marks an occurrence done, with the evidence (a note, a form number, a link to a scan).
    public func complete(_ ref: String, evidence: String, on date: LocalDate? = nil, actor: Principal) throws -> ObligationView {
        let evidence = evidence.trimmingCharacters(in: .whitespacesAndNewlines)
        try TextRule.check(evidence, field: "--evidence", kind: .note)
        guard !evidence.isEmpty else {
            throw StoreError.invalid(field: "--evidence", value: "", reason: "say what shows the work was done (a note, a form number, a reference)")
        }
        let now = database.clock.now()
        let today = database.today
        let day = date ?? today
        guard day <= today else { throw StoreError.invalid(field: "--on", value: day.iso, reason: "is in the future") }
        return try database.backend.write { db in
            let (id, before) = try occurrence(db, ref)
            guard before.status == "open" || before.status == "late" else {
                throw StoreError.rule("obligation \(ref) is already \(before.status); only open or late obligations can be completed")
            }
            // A day before the contract began cannot be when its work was done (and would make late work look on time).
            if let started = try db.fetchString(sql: "SELECT c.start_date FROM obligation ob JOIN contract c ON c.id = ob.contract_id WHERE ob.id = ?",
                                                arguments: [id]), day.iso < started {
                throw StoreError.invalid(field: "--on", value: day.iso, reason: "is before the contract began (\(started))")
            }
            try db.execute(sql: "UPDATE obligation SET status = 'done', completed_by = ?, completed_on = ?, completed_at = ?, evidence = ? WHERE id = ?",
                           arguments: [actor.name, day.iso, VietnamTime.iso8601(now), evidence, id])
            let after = try db.fetchOne(ObligationView.self, sql: ObligationView.selection + " WHERE ob.id = ?2", arguments: [today.iso, id])!
            try AuditLog.record(db, at: now, actor: actor, action: "complete", entity: "obligation", key: ref, before: before, after: after)
            return after
        }
    }

    /// Waives an occurrence that no longer applies, with the reason.
    public func waive(_ ref: String, reason: String, actor: Principal) throws -> ObligationView {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try TextRule.check(reason, field: "--reason", kind: .note)
        guard !reason.isEmpty else { throw StoreError.invalid(field: "--reason", value: "", reason: "a reason is required") }
        let now = database.clock.now()
        let today = database.today
        return try database.backend.write { db in
            let (id, before) = try occurrence(db, ref)
            guard before.status == "open" || before.status == "late" else {
                throw StoreError.rule("obligation \(ref) is already \(before.status); only open or late obligations can be waived")
            }
            try db.execute(sql: "UPDATE obligation SET status = 'waived', waive_reason = ?, completed_by = ?, completed_on = ? WHERE id = ?",
                           arguments: [reason, actor.name, today.iso, id])
            let after = try db.fetchOne(ObligationView.self, sql: ObligationView.selection + " WHERE ob.id = ?2", arguments: [today.iso, id])!
            try AuditLog.record(db, at: now, actor: actor, action: "waive", entity: "obligation", key: ref, before: before, after: after)
            return after
        }
    }

    /// What recording an event did.
    public struct EventOutcome: Sendable {
        public var contract: String
        public var created: [ObligationView]
        public var alreadyRecorded: Bool
    }

    /// Records an event (a disbursement, a board election …) and creates the obligations that wait for it
    /// under the association's contract in force on that date.
    public func recordEvent(_ kind: EventKind, association: String, on date: LocalDate, reference: String, note: String?,
                            actor: Principal, ignoreExisting: Bool = false) throws -> EventOutcome {
        let now = database.clock.now()
        let today = database.today
        guard date <= today else { throw StoreError.invalid(field: "--date", value: date.iso, reason: "is in the future") }
        let reference = reference.trimmingCharacters(in: .whitespaces)
        guard !reference.isEmpty, !reference.contains(":") else {
            throw StoreError.invalid(field: "--ref", value: reference, reason: "give the event's reference (a loan id, a minutes number), without ':'")
        }
        return try database.backend.write { db in
            guard let associationID = try db.fetchOne(Int64.self, sql: "SELECT id FROM association WHERE code = ?", arguments: [association]) else {
                throw StoreError.notFound(entity: "association", key: association)
            }
            var templates = EventRecorder()
            let recorded = try templates.record(db, kind, associationID: associationID, association: association, on: date,
                                                reference: reference, note: note, actor: actor, now: now, ignoreExisting: ignoreExisting,
                                                audited: true)
            guard let recorded else {
                throw StoreError.rule("no active contract of association \(association) covers \(date.iso); the event creates obligations only under a contract in force")
            }
            let created = try recorded.obligationIDs.map { id in
                try db.fetchOne(ObligationView.self, sql: ObligationView.selection + " WHERE ob.id = ?2", arguments: [today.iso, id])!
            }
            return EventOutcome(contract: recorded.contract, created: created, alreadyRecorded: recorded.alreadyRecorded)
        }
    }
}

/// Records events inside a caller's transaction, so that a bulk writer (the loan import) creates the obligations in the
/// same transaction as its data. Keeps the contract templates it has decoded, since a month brings many disbursements.
struct EventRecorder {
    private var templates: [Int64: ContractTemplate] = [:]

    struct Recorded {
        var contract: String
        var obligationIDs: [Int64]
        var alreadyRecorded: Bool
    }

    /// Records the event under the association's contract in force on `date`; nil when no contract covers that date.
    /// `audited: false` leaves the audit row to the caller (the import writes one row for the whole file).
    mutating func record(_ db: any StoreSession, _ kind: EventKind, associationID: Int64, association: String, on date: LocalDate,
                         reference: String, note: String?, actor: Principal, now: Date, ignoreExisting: Bool,
                         audited: Bool) throws -> Recorded? {
        guard let contract = try db.fetchOne(sql: """
            SELECT c.id, c.number FROM contract c WHERE c.association_id = ? AND c.state IN ('active','suspended')
              AND c.start_date <= ?2 AND c.end_date >= ?2 ORDER BY c.start_date DESC LIMIT 1
            """, arguments: [associationID, date.iso]) else { return nil }
        let contractID: Int64 = contract["id"]
        let number: String = contract["number"]
        if let existing = try db.fetchOne(String.self, sql: "SELECT occurred_on FROM event WHERE kind = ? AND association_id = ? AND reference = ?",
                                              arguments: [kind.rawValue, associationID, reference]) {
            if ignoreExisting { return Recorded(contract: number, obligationIDs: [], alreadyRecorded: true) }
            throw StoreError.rule("\(kind.rawValue) '\(reference)' of \(association) was already recorded (on \(existing)); nothing was written")
        }
        let eventID = try db.insertReturningID(sql: """
            INSERT INTO event (kind, association_id, occurred_on, reference, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [kind.rawValue, associationID, date.iso, reference, note, actor.name, VietnamTime.iso8601(now)])
        let template: ContractTemplate
        if let cached = templates[contractID] { template = cached } else {
            template = try ContractStore.template(db, contractID: contractID)
            templates[contractID] = template
        }
        let planned = ObligationExpander.forEvent(template.obligations, kind: kind, on: date, reference: reference)
        let byCode = Dictionary(template.obligations.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var ids: [Int64] = []
        for occurrence in planned {
            let obligation = byCode[occurrence.code]!
            ids.append(try db.insertReturningID(sql: """
                INSERT INTO obligation (contract_id, code, period_key, title_vi, title_en, responsible, due_date, late_after, event_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [contractID, occurrence.code, occurrence.periodKey, obligation.title.vi, obligation.title.en,
                                 obligation.responsible.rawValue, occurrence.dueDate.iso, occurrence.lateAfter.iso, eventID]))
        }
        if audited {
            let refs = try ids.map { id -> String in
                let row = try db.fetchOne(sql: "SELECT code, period_key FROM obligation WHERE id = ?", arguments: [id])!
                return "\(number):\(row["code"] as String):\(row["period_key"] as String)"
            }
            try AuditLog.record(db, at: now, actor: actor, action: "record \(kind.rawValue)", entity: "event",
                                key: "\(association):\(kind.rawValue):\(reference)",
                                after: ["date": date.iso, "contract": number, "obligations": refs.joined(separator: ",")])
        }
        return Recorded(contract: number, obligationIDs: ids, alreadyRecorded: false)
    }
}
