import EntrustCore
import Foundation

/// Entrustment contracts: creation, the maker-checker lifecycle, amendments, renewals, mergers,
/// and the dated obligations that an active contract carries.
public struct ContractStore: Sendable {
    public let database: AppDatabase
    /// How far ahead obligations are dated when a contract is activated or the horizon is extended.
    public var horizonMonths: Int

    public init(_ database: AppDatabase, horizonMonths: Int = 12) {
        self.database = database
        self.horizonMonths = horizonMonths
    }

    /// What a person gives to create a contract.
    public struct Draft: Sendable {
        public var template: ContractTemplate
        public var number: String?
        public var office: String
        public var association: String
        public var point: String?
        public var start: LocalDate
        public var end: LocalDate?
        public var bankSignatory: String?
        public var associationSignatory: String?

        public init(template: ContractTemplate, number: String? = nil, office: String, association: String, point: String? = nil,
                    start: LocalDate, end: LocalDate? = nil, bankSignatory: String? = nil, associationSignatory: String? = nil) {
            self.template = template
            self.number = number
            self.office = office
            self.association = association
            self.point = point
            self.start = start
            self.end = end
            self.bankSignatory = bankSignatory
            self.associationSignatory = associationSignatory
        }
    }

    /// The changes an amendment may make; each field left nil stays as it is.
    public struct Amendment: Codable, Sendable {
        public var end: LocalDate?
        public var point: String?
        public var bankSignatory: String?
        public var associationSignatory: String?
        /// Adopt this (newer) template version for the rest of the term.
        public var template: ContractTemplate?

        public init(end: LocalDate? = nil, point: String? = nil, bankSignatory: String? = nil,
                    associationSignatory: String? = nil, template: ContractTemplate? = nil) {
            self.end = end
            self.point = point
            self.bankSignatory = bankSignatory
            self.associationSignatory = associationSignatory
            self.template = template
        }

        var isEmpty: Bool { end == nil && point == nil && bankSignatory == nil && associationSignatory == nil && template == nil }
    }

    struct TerminationPayload: Codable {
        var mergedInto: String?
    }

    /// What an approval did, for the CLI to report.
    public struct Approval: Sendable {
        public var change: ChangeKind
        public var contract: ContractSummary
        public var obligationsCreated: Int
        public var obligationsWaived: Int
    }

    // MARK: - Internal row

    struct ContractRow: StoreRecord, Decodable {
        var id: Int64
        var number: String
        var kind: String
        var state: String
        var officeID: Int64
        var associationID: Int64?
        var pointID: Int64?
        var startDate: String
        var endDate: String
        var version: Int
        var createdBy: String
        var successorID: Int64?
        var expandedUntil: String?

        enum CodingKeys: String, CodingKey {
            case id, number, kind, state, officeID = "office_id", associationID = "association_id", pointID = "point_id"
            case startDate = "start_date", endDate = "end_date", version, createdBy = "created_by"
            case successorID = "successor_id", expandedUntil = "expanded_until"
        }

        var contractState: ContractState { ContractState(rawValue: state) ?? .draft }
        var start: LocalDate { LocalDate(iso: startDate)! }
        var end: LocalDate { LocalDate(iso: endDate)! }
    }

    static func row(_ db: any StoreSession, _ number: String) throws -> ContractRow {
        guard let row = try db.fetchOne(ContractRow.self, sql: "SELECT * FROM contract WHERE number = ?", arguments: [number]) else {
            throw StoreError.notFound(entity: "contract", key: number)
        }
        return row
    }

    static func summary(_ db: any StoreSession, id: Int64) throws -> ContractSummary {
        try db.fetchOne(ContractSummary.self, sql: ContractSummary.selection + " WHERE c.id = ?", arguments: [id])!
    }

    static func template(_ db: any StoreSession, contractID: Int64) throws -> ContractTemplate {
        let json = try db.fetchOne(String.self, sql: """
            SELECT template_json FROM contract_version WHERE contract_id = ? ORDER BY version DESC LIMIT 1
            """, arguments: [contractID]) ?? "{}"
        return try JSONDecoder().decode(ContractTemplate.self, from: Data(json.utf8))
    }

    static func encodeJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    // MARK: - Create

    /// Creates a draft contract. Nothing is dated until it is approved.
    public func create(_ draft: Draft, actor: Principal) throws -> ContractSummary {
        let now = database.clock.now()
        return try database.backend.write { db in
            let template = draft.template
            guard let level = template.kind.associationLevel else {
                throw StoreError.rule("group mandates are signed with a Savings and Loan Group, which this version of entrust does not hold yet; use a commune, district or provincial template")
            }
            let officeKind: BankUnitKind = template.kind == .provincialAgreement ? .provincialBranch : .transactionOffice
            guard let office = try db.fetchOne(sql: "SELECT id, code, kind FROM bank_unit WHERE code = ?", arguments: [draft.office]) else {
                throw StoreError.notFound(entity: "bank unit", key: draft.office)
            }
            guard (office["kind"] as String) == officeKind.rawValue else {
                throw StoreError.invalid(field: "--office", value: draft.office, reason: "is a \(office["kind"] as String); a \(template.kind.rawValue) is signed by a \(officeKind.rawValue)")
            }
            let officeID: Int64 = office["id"]
            guard let association = try db.fetchOne(sql: """
                SELECT a.id, a.kind, a.level, u.id AS unit_id, u.name AS unit_name FROM association a
                LEFT JOIN admin_unit u ON u.id = a.admin_unit_id WHERE a.code = ?
                """, arguments: [draft.association]) else {
                throw StoreError.notFound(entity: "association", key: draft.association)
            }
            guard (association["level"] as String) == level.rawValue else {
                throw StoreError.invalid(field: "--association", value: draft.association,
                                         reason: "is a \(association["level"] as String)-level association; the template \(template.code) is for \(level.rawValue) associations")
            }
            var pointID: Int64?
            if template.needsTransactionPoint || draft.point != nil {
                pointID = try Self.resolvePoint(db, code: draft.point, officeID: officeID, communeID: association["unit_id"],
                                                communeName: association["unit_name"] ?? "")
            }
            let end = draft.end ?? draft.start.adding(months: template.termMonths).adding(days: -1)
            do { try ContractLifecycle.checkTerm(start: draft.start, end: end) } catch let error as CoreError { throw StoreError.domain(error) }

            let kind = AssociationKind(rawValue: association["kind"]) ?? .farmers
            let number: String
            if let given = draft.number {
                try OrganisationRules.validateCode(given, field: "--number")
                if try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM contract WHERE number = ?)", arguments: [given]) == true {
                    throw StoreError.duplicate(entity: "contract", key: given)
                }
                number = given
            } else {
                number = try Self.freeNumber(db, base: [office["code"] as String, Slug.compact(association["unit_name"] ?? "CENTRAL"),
                                                        kind.abbreviation, String(draft.start.year)].joined(separator: "-"))
            }
            let at = VietnamTime.iso8601(now)
            let id = try db.insertReturningID(sql: """
                INSERT INTO contract (number, kind, template_code, template_version, office_id, association_id, point_id, state,
                                      start_date, end_date, version, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, 1, ?, ?)
                """, arguments: [number, template.kind.rawValue, template.code, template.version, officeID, association["id"] as Int64,
                                 pointID, draft.start.iso, end.iso, actor.name, at])
            try db.execute(sql: """
                INSERT INTO contract_version (contract_id, version, start_date, end_date, point_id, bank_signatory, association_signatory,
                                              template_json, reason, created_by, created_at)
                VALUES (?, 1, ?, ?, ?, ?, ?, ?, 'signed', ?, ?)
                """, arguments: [id, draft.start.iso, end.iso, pointID, draft.bankSignatory, draft.associationSignatory,
                                 try Self.encodeJSON(template), actor.name, at])
            let summary = try Self.summary(db, id: id)
            try AuditLog.record(db, at: now, actor: actor, action: "create", entity: "contract", key: number, after: summary)
            return summary
        }
    }

    static func freeNumber(_ db: any StoreSession, base: String) throws -> String {
        var candidate = base
        var suffix = 2
        while try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM contract WHERE number = ?)", arguments: [candidate]) == true {
            candidate = "\(base)-\(suffix)"
            suffix += 1
        }
        return candidate
    }

    /// The transaction point whose fixed day dates the contract's transaction-day obligations.
    static func resolvePoint(_ db: any StoreSession, code: String?, officeID: Int64, communeID: Int64?, communeName: String) throws -> Int64 {
        if let code {
            guard let point = try db.fetchOne(sql: "SELECT id, kind, parent_id, commune_id FROM bank_unit WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(entity: "transaction point", key: code)
            }
            guard (point["kind"] as String) == BankUnitKind.transactionPoint.rawValue else {
                throw StoreError.invalid(field: "--point", value: code, reason: "is a \(point["kind"] as String), not a transaction point")
            }
            guard (point["parent_id"] as Int64?) == officeID else {
                throw StoreError.invalid(field: "--point", value: code, reason: "belongs to another transaction office")
            }
            if let communeID, (point["commune_id"] as Int64?) != communeID {
                throw StoreError.invalid(field: "--point", value: code, reason: "does not serve \(communeName)")
            }
            return point["id"]
        }
        guard let communeID else {
            throw StoreError.rule("this template dates obligations on a transaction point's fixed day: name the point with --point")
        }
        let points = try db.fetchAll(sql: "SELECT id, code FROM bank_unit WHERE kind = 'transaction_point' AND parent_id = ? AND commune_id = ? ORDER BY code",
                                      arguments: [officeID, communeID])
        switch points.count {
        case 1: return points[0]["id"]
        case 0: throw StoreError.rule("\(communeName) has no transaction point of this office; add one first (entrust bank-units add --kind transaction_point …)")
        default:
            let codes = points.map { $0["code"] as String }.joined(separator: ", ")
            throw StoreError.rule("\(communeName) has \(points.count) transaction points (\(codes)); choose one with --point")
        }
    }

    // MARK: - Lifecycle

    func transition(_ number: String, _ action: ContractAction, actor: Principal, reason: String?,
                    _ body: (any StoreSession, ContractRow, String) throws -> Void = { _, _, _ in }) throws -> ContractSummary {
        let now = database.clock.now()
        return try database.backend.write { db in
            let contract = try Self.row(db, number)
            let next: ContractState
            do { next = try ContractLifecycle.next(after: action, from: contract.contractState) } catch let error as CoreError {
                throw StoreError.domain(error)
            }
            let before = try Self.summary(db, id: contract.id)
            let at = VietnamTime.iso8601(now)
            try db.execute(sql: "UPDATE contract SET state = ? WHERE id = ?", arguments: [next.rawValue, contract.id])
            try body(db, contract, at)
            let after = try Self.summary(db, id: contract.id)
            try AuditLog.record(db, at: now, actor: actor, action: action.rawValue + (reason.map { ": \($0)" } ?? ""),
                                entity: "contract", key: number, before: before, after: after)
            return after
        }
    }

    /// Sends a draft for approval (activation needs a second person).
    public func submit(_ number: String, actor: Principal) throws -> ContractSummary {
        try transition(number, .submit, actor: actor, reason: nil) { db, contract, at in
            try db.execute(sql: """
                INSERT INTO contract_change (contract_id, kind, reason, requested_by, requested_at) VALUES (?, 'activate', 'activation', ?, ?)
                """, arguments: [contract.id, actor.name, at])
        }
    }

    public func suspend(_ number: String, reason: String, actor: Principal) throws -> ContractSummary {
        try requireReason(reason)
        return try transition(number, .suspend, actor: actor, reason: reason)
    }

    public func resume(_ number: String, actor: Principal) throws -> ContractSummary {
        try transition(number, .resume, actor: actor, reason: nil)
    }

    func requireReason(_ reason: String) throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError.invalid(field: "--reason", value: reason, reason: "a reason is required")
        }
    }

    /// Files a change that waits for approval on an active or suspended contract.
    func request(_ number: String, _ action: ContractAction, kind: ChangeKind, reason: String, payload: String,
                 actor: Principal) throws -> ContractSummary {
        try requireReason(reason)
        let now = database.clock.now()
        return try database.backend.write { db in
            let contract = try Self.row(db, number)
            do { try ContractLifecycle.check(action, from: contract.contractState) } catch let error as CoreError { throw StoreError.domain(error) }
            if let pending = try db.fetchOne(String.self, sql: "SELECT kind FROM contract_change WHERE contract_id = ? AND status = 'pending'", arguments: [contract.id]) {
                throw StoreError.rule("contract \(number) already has a pending \(pending) request; approve or reject it first")
            }
            try db.execute(sql: """
                INSERT INTO contract_change (contract_id, kind, payload_json, reason, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [contract.id, kind.rawValue, payload, reason, actor.name, VietnamTime.iso8601(now)])
            let summary = try Self.summary(db, id: contract.id)
            try AuditLog.record(db, at: now, actor: actor, action: "request \(kind.rawValue): \(reason)", entity: "contract", key: number,
                                after: ["payload": payload])
            return summary
        }
    }

    /// Asks for an amendment; it takes effect when a second person approves it, as a new version.
    public func amend(_ number: String, _ amendment: Amendment, reason: String, actor: Principal) throws -> ContractSummary {
        guard !amendment.isEmpty else {
            throw StoreError.rule("an amendment must change something: --end, --point, --bank-signatory, --association-signatory or --refresh-template")
        }
        try database.backend.read { db in
            let contract = try Self.row(db, number)
            if let end = amendment.end {
                do { try ContractLifecycle.checkTerm(start: contract.start, end: end) } catch let error as CoreError { throw StoreError.domain(error) }
            }
            if let point = amendment.point {
                let communeID = try db.fetchOne(Int64.self, sql: "SELECT admin_unit_id FROM association WHERE id = ?", arguments: [contract.associationID])
                _ = try Self.resolvePoint(db, code: point, officeID: contract.officeID, communeID: communeID, communeName: "the association's commune")
            }
        }
        return try request(number, .amend, kind: .amend, reason: reason, payload: try Self.encodeJSON(amendment), actor: actor)
    }

    /// Asks for termination; `mergedInto` records a commune merger and links the successor contract.
    public func terminate(_ number: String, reason: String, mergedInto: String?, actor: Principal) throws -> ContractSummary {
        if let mergedInto {
            guard mergedInto != number else { throw StoreError.invalid(field: "--merged-into", value: mergedInto, reason: "a contract cannot merge into itself") }
            _ = try database.backend.read { db in try Self.row(db, mergedInto) }
        }
        let text = mergedInto != nil ? TerminationReason.merged.text : reason
        return try request(number, .terminate, kind: .terminate, reason: text,
                           payload: try Self.encodeJSON(TerminationPayload(mergedInto: mergedInto)), actor: actor)
    }

    /// The checker's side of maker-checker: applies the pending activation, amendment or termination.
    public func approve(_ number: String, note: String?, actor: Principal) throws -> Approval {
        let now = database.clock.now()
        let today = database.today
        let horizon = today.adding(months: horizonMonths)
        return try database.backend.write { db in
            let contract = try Self.row(db, number)
            do { try ContractLifecycle.check(.approve, from: contract.contractState) } catch let error as CoreError { throw StoreError.domain(error) }
            let change = try pendingChange(db, contract)
            try checkApprover(db, actor: actor, officeID: contract.officeID,
                              makers: change.kind == ChangeKind.activate.rawValue ? [contract.createdBy, change.requestedBy] : [change.requestedBy])
            let before = try Self.summary(db, id: contract.id)
            let at = VietnamTime.iso8601(now)
            var created = 0, waived = 0
            let kind = ChangeKind(rawValue: change.kind) ?? .activate
            switch kind {
            case .activate:
                try checkNoOverlap(db, contract)
                try db.execute(sql: "UPDATE contract SET state = 'active' WHERE id = ?", arguments: [contract.id])
                try db.execute(sql: "UPDATE contract_version SET approved_by = ?, approved_at = ? WHERE contract_id = ? AND version = ?",
                               arguments: [actor.name, at, contract.id, contract.version])
                created = try Self.expand(db, contractID: contract.id, through: horizon)
            case .amend:
                let amendment = try JSONDecoder().decode(Amendment.self, from: Data(change.payloadJSON.utf8))
                (created, waived) = try applyAmendment(db, contract, amendment, reason: change.reason, requestedBy: change.requestedBy,
                                                       approver: actor, at: at, today: today, horizon: horizon)
            case .terminate:
                let payload = try JSONDecoder().decode(TerminationPayload.self, from: Data(change.payloadJSON.utf8))
                var successorID: Int64?
                if let merged = payload.mergedInto { successorID = try Self.row(db, merged).id }
                try db.execute(sql: "UPDATE contract SET state = 'terminated', end_reason = ?, ended_on = ?, successor_id = COALESCE(?, successor_id) WHERE id = ?",
                               arguments: [change.reason, today.iso, successorID, contract.id])
                waived = try Self.waiveOpen(db, contractID: contract.id, after: today, reason: "contract terminated: \(change.reason)")
            }
            try db.execute(sql: "UPDATE contract_change SET status = 'approved', decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ?",
                           arguments: [actor.name, at, note, change.id])
            let after = try Self.summary(db, id: contract.id)
            try AuditLog.record(db, at: now, actor: actor, action: "approve \(kind.rawValue)", entity: "contract", key: number,
                                before: before, after: after)
            if created > 0 {
                try AuditLog.record(db, at: now, actor: actor, action: "date obligations", entity: "contract", key: number,
                                    after: ["created": String(created), "through": horizon.iso])
            }
            return Approval(change: kind, contract: after, obligationsCreated: created, obligationsWaived: waived)
        }
    }

    /// Turns down the pending request; a refused activation sends the contract back to draft.
    public func reject(_ number: String, reason: String, actor: Principal) throws -> ContractSummary {
        try requireReason(reason)
        let now = database.clock.now()
        return try database.backend.write { db in
            let contract = try Self.row(db, number)
            do { try ContractLifecycle.check(.reject, from: contract.contractState) } catch let error as CoreError { throw StoreError.domain(error) }
            let change = try pendingChange(db, contract)
            try checkApprover(db, actor: actor, officeID: contract.officeID, makers: [change.requestedBy])
            let before = try Self.summary(db, id: contract.id)
            if change.kind == ChangeKind.activate.rawValue {
                try db.execute(sql: "UPDATE contract SET state = 'draft' WHERE id = ?", arguments: [contract.id])
            }
            try db.execute(sql: "UPDATE contract_change SET status = 'rejected', decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ?",
                           arguments: [actor.name, VietnamTime.iso8601(now), reason, change.id])
            let after = try Self.summary(db, id: contract.id)
            try AuditLog.record(db, at: now, actor: actor, action: "reject \(change.kind): \(reason)", entity: "contract", key: number,
                                before: before, after: after)
            return after
        }
    }

    struct PendingChange: StoreRecord, Decodable {
        var id: Int64
        var kind: String
        var payloadJSON: String
        var reason: String
        var requestedBy: String
        enum CodingKeys: String, CodingKey { case id, kind, payloadJSON = "payload_json", reason, requestedBy = "requested_by" }
    }

    func pendingChange(_ db: any StoreSession, _ contract: ContractRow) throws -> PendingChange {
        guard let change = try db.fetchOne(PendingChange.self, sql: """
            SELECT id, kind, payload_json, reason, requested_by FROM contract_change WHERE contract_id = ? AND status = 'pending'
            """, arguments: [contract.id]) else {
            throw StoreError.rule("nothing on contract \(contract.number) waits for approval (request an amendment or termination first)")
        }
        return change
    }

    /// The approver is a named person with the approver role in the contract's office (or a unit above it), and not a maker.
    func checkApprover(_ db: any StoreSession, actor: Principal, officeID: Int64, makers: [String]) throws {
        guard let person = try db.fetchOne(sql: "SELECT approver, bank_unit_id FROM person WHERE code = ?", arguments: [actor.name]) else {
            throw StoreError.rule("approving needs a named approver: run the command with --as PERSON (an approver of the office); '\(actor.name)' is not a person")
        }
        var inScope = false
        if let unit: Int64 = person["bank_unit_id"] {
            inScope = try db.fetchOne(Bool.self, sql: """
                WITH RECURSIVE up(id, parent_id) AS (
                    SELECT id, parent_id FROM bank_unit WHERE id = ?
                    UNION ALL SELECT b.id, b.parent_id FROM bank_unit b JOIN up ON b.id = up.parent_id)
                SELECT EXISTS (SELECT 1 FROM up WHERE id = ?)
                """, arguments: [officeID, unit]) ?? false
        }
        do {
            try ContractLifecycle.checkApprover(approver: actor.name, isApprover: (person["approver"] as Bool) && inScope, makers: makers)
        } catch let error as CoreError { throw StoreError.domain(error) }
    }

    /// Two live contracts of the same kind for one association would double its obligations.
    func checkNoOverlap(_ db: any StoreSession, _ contract: ContractRow) throws {
        if let other = try db.fetchOne(String.self, sql: """
            SELECT number FROM contract WHERE association_id = ? AND kind = ? AND id <> ? AND state IN ('active','suspended')
              AND start_date <= ? AND end_date >= ?
            """, arguments: [contract.associationID, contract.kind, contract.id, contract.endDate, contract.startDate]) {
            throw StoreError.rule("contract \(other) of the same association is already in force for part of \(contract.startDate)…\(contract.endDate); end or amend it first")
        }
    }

    func applyAmendment(_ db: any StoreSession, _ contract: ContractRow, _ amendment: Amendment, reason: String, requestedBy: String,
                        approver: Principal, at: String, today: LocalDate, horizon: LocalDate) throws -> (created: Int, waived: Int) {
        let current = try db.fetchOne(sql: """
            SELECT point_id, bank_signatory, association_signatory, template_json FROM contract_version
            WHERE contract_id = ? ORDER BY version DESC LIMIT 1
            """, arguments: [contract.id])!
        var pointID: Int64? = current["point_id"]
        if let point = amendment.point {
            let communeID = try db.fetchOne(Int64.self, sql: "SELECT admin_unit_id FROM association WHERE id = ?", arguments: [contract.associationID])
            pointID = try Self.resolvePoint(db, code: point, officeID: contract.officeID, communeID: communeID, communeName: "the association's commune")
        }
        let end = amendment.end ?? contract.end
        let templateJSON = try amendment.template.map(Self.encodeJSON) ?? (current["template_json"] as String)
        let version = contract.version + 1
        try db.execute(sql: """
            INSERT INTO contract_version (contract_id, version, start_date, end_date, point_id, bank_signatory, association_signatory,
                                          template_json, reason, created_by, created_at, approved_by, approved_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [contract.id, version, contract.startDate, end.iso, pointID,
                             amendment.bankSignatory ?? current["bank_signatory"], amendment.associationSignatory ?? current["association_signatory"],
                             templateJSON, reason, requestedBy, at, approver.name, at])
        try db.execute(sql: "UPDATE contract SET version = ?, end_date = ?, point_id = ?, template_version = COALESCE(?, template_version) WHERE id = ?",
                       arguments: [version, end.iso, pointID, amendment.template?.version, contract.id])
        var waived = 0
        if end < contract.end {
            waived += try Self.waiveOpen(db, contractID: contract.id, after: end, reason: "term shortened by amendment \(version)")
        }
        if amendment.point != nil || amendment.template != nil {
            // Future, untouched occurrences are re-dated under the new terms; history stays as it was.
            try db.execute(sql: """
                DELETE FROM obligation WHERE contract_id = ? AND status = 'open' AND due_date > ? AND event_id IS NULL
                """, arguments: [contract.id, today.iso])
            try db.execute(sql: "UPDATE contract SET expanded_until = ? WHERE id = ?", arguments: [today.iso, contract.id])
        }
        let created = try Self.expand(db, contractID: contract.id, through: horizon)
        return (created, waived)
    }

    static func waiveOpen(_ db: any StoreSession, contractID: Int64, after date: LocalDate, reason: String) throws -> Int {
        try db.execute(sql: "UPDATE obligation SET status = 'waived', waive_reason = ? WHERE contract_id = ? AND status = 'open' AND due_date > ?",
                       arguments: [reason, contractID, date.iso])
        return db.changesCount
    }

    // MARK: - Renewal

    /// Creates the successor draft of a contract, linked both ways. It is activated through the usual approval.
    public func renew(_ number: String, template: ContractTemplate, start: LocalDate?, end: LocalDate?, newNumber: String?,
                      actor: Principal) throws -> ContractSummary {
        let (draft, predecessorID): (Draft, Int64) = try database.backend.read { db in
            let contract = try Self.row(db, number)
            do { try ContractLifecycle.check(.renew, from: contract.contractState) } catch let error as CoreError { throw StoreError.domain(error) }
            if let successor = contract.successorID {
                let successorNumber = try db.fetchOne(String.self, sql: "SELECT number FROM contract WHERE id = ?", arguments: [successor]) ?? "?"
                throw StoreError.rule("contract \(number) already has a successor, \(successorNumber)")
            }
            guard template.code == (try db.fetchOne(String.self, sql: "SELECT template_code FROM contract WHERE id = ?", arguments: [contract.id])) else {
                throw StoreError.rule("a renewal uses the same template as the contract it renews")
            }
            let parties = try db.fetchOne(sql: """
                SELECT o.code AS office, a.code AS association, p.code AS point FROM contract c JOIN bank_unit o ON o.id = c.office_id
                LEFT JOIN association a ON a.id = c.association_id LEFT JOIN bank_unit p ON p.id = c.point_id WHERE c.id = ?
                """, arguments: [contract.id])!
            let draft = Draft(template: template, number: newNumber, office: parties["office"], association: parties["association"],
                              point: parties["point"], start: start ?? contract.end.adding(days: 1), end: end)
            return (draft, contract.id)
        }
        if draft.start <= (try database.backend.read { db in try Self.row(db, number).end }) {
            throw StoreError.invalid(field: "--start", value: draft.start.iso, reason: "a renewal starts after the contract it renews ends")
        }
        let successor = try create(draft, actor: actor)
        try database.backend.write { db in
            let successorID = try Self.row(db, successor.number).id
            try db.execute(sql: "UPDATE contract SET successor_id = ? WHERE id = ?", arguments: [successorID, predecessorID])
            try db.execute(sql: "UPDATE contract SET predecessor_id = ? WHERE id = ?", arguments: [predecessorID, successorID])
            try AuditLog.record(db, at: database.clock.now(), actor: actor, action: "renew", entity: "contract", key: number,
                                after: ["successor": successor.number])
        }
        return try show(successor.number).contract
    }

    // MARK: - Obligations

    /// Dates the contract's calendar obligations up to `through`, idempotently (existing occurrences are kept).
    static func expand(_ db: any StoreSession, contractID: Int64, through: LocalDate, templateCache: inout [String: ContractTemplate]) throws -> Int {
        guard let row = try db.fetchOne(sql: """
            SELECT c.start_date, c.end_date, c.expanded_until, p.fixed_day, v.template_json FROM contract c
            LEFT JOIN bank_unit p ON p.id = c.point_id
            JOIN contract_version v ON v.contract_id = c.id AND v.version = c.version
            WHERE c.id = ?
            """, arguments: [contractID]) else { return 0 }
        let start = LocalDate(iso: row["start_date"] as String)!
        let end = LocalDate(iso: row["end_date"] as String)!
        let from = (row["expanded_until"] as String?).flatMap { LocalDate(iso: $0) }?.adding(days: 1) ?? start
        let json: String = row["template_json"]
        let template: ContractTemplate
        if let cached = templateCache[json] { template = cached } else {
            template = try JSONDecoder().decode(ContractTemplate.self, from: Data(json.utf8))
            templateCache[json] = template
        }
        let target = min(through, end)
        guard from <= target else { return 0 }
        let planned = ObligationExpander.expand(template.obligations, contractStart: start, contractEnd: end,
                                                fixedDay: row["fixed_day"], window: from...target)
        let titles = Dictionary(template.obligations.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let insert = try db.prepare(sql: """
            INSERT INTO obligation (contract_id, code, period_key, title_vi, title_en, responsible, due_date, late_after)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """)
        var created = 0
        for occurrence in planned {
            let obligation = titles[occurrence.code]!
            try insert.execute(arguments: [contractID, occurrence.code, occurrence.periodKey, obligation.title.vi, obligation.title.en,
                                           obligation.responsible.rawValue, occurrence.dueDate.iso, occurrence.lateAfter.iso])
            created += db.changesCount
        }
        try db.execute(sql: "UPDATE contract SET expanded_until = ? WHERE id = ?", arguments: [target.iso, contractID])
        return created
    }

    static func expand(_ db: any StoreSession, contractID: Int64, through: LocalDate) throws -> Int {
        var cache: [String: ContractTemplate] = [:]
        return try expand(db, contractID: contractID, through: through, templateCache: &cache)
    }

    /// What `obligations extend` did.
    public struct Extension: Sendable {
        public var contracts: Int
        public var created: Int
        public var expired: [String]
        public var through: LocalDate
    }

    /// Moves the horizon of every active contract to `months` ahead of today, and expires contracts past their end.
    public func extendHorizon(months: Int? = nil, actor: Principal) throws -> Extension {
        let now = database.clock.now()
        let today = database.today
        let through = today.adding(months: months ?? horizonMonths)
        return try database.backend.write { db in
            let expiring = try db.fetchAll(sql: "SELECT id, number FROM contract WHERE state IN ('active','suspended') AND end_date < ?",
                                            arguments: [today.iso])
            for contract in expiring {
                try db.execute(sql: "UPDATE contract SET state = 'expired', end_reason = 'term ended', ended_on = end_date WHERE id = ?",
                               arguments: [contract["id"] as Int64])
                try AuditLog.record(db, at: now, actor: .system, action: "expire", entity: "contract", key: contract["number"],
                                    after: ["state": "expired"])
            }
            let ids = try db.fetchAll(Int64.self, sql: """
                SELECT id FROM contract WHERE state = 'active' AND (expanded_until IS NULL OR expanded_until < CASE WHEN end_date < ?1 THEN end_date ELSE ?1 END)
                """, arguments: [through.iso])
            var cache: [String: ContractTemplate] = [:]
            var created = 0
            for id in ids {
                created += try Self.expand(db, contractID: id, through: through, templateCache: &cache)
            }
            if created > 0 || !expiring.isEmpty {
                try AuditLog.record(db, at: now, actor: actor, action: "extend horizon", entity: "obligation", key: through.iso,
                                    after: ["contracts": ids.count, "created": created, "expired": expiring.count])
            }
            return Extension(contracts: ids.count, created: created, expired: expiring.map { $0["number"] }, through: through)
        }
    }

    // MARK: - Queries

    /// Filters for `contracts list`.
    public struct Filter: Sendable {
        public var state: ContractState?
        public var association: String?
        public var office: String?
        public var kind: ContractKind?
        public init(state: ContractState? = nil, association: String? = nil, office: String? = nil, kind: ContractKind? = nil) {
            self.state = state
            self.association = association
            self.office = office
            self.kind = kind
        }
    }

    public func list(_ filter: Filter = Filter()) throws -> [ContractSummary] {
        var where_ = SQLFilter()
        where_.add("c.state = ?", ifPresent: filter.state?.rawValue)
        where_.add("a.code = ?", ifPresent: filter.association)
        where_.add("o.code = ?", ifPresent: filter.office)
        where_.add("c.kind = ?", ifPresent: filter.kind?.rawValue)
        return try database.backend.read { db in
            try db.fetchAll(ContractSummary.self, sql: ContractSummary.selection + where_.clause + " ORDER BY c.number", arguments: where_.arguments)
        }
    }

    public func show(_ number: String) throws -> ContractDetail {
        let today = database.today
        return try database.backend.read { db in
            let contract = try Self.row(db, number)
            let summary = try Self.summary(db, id: contract.id)
            let versions = try db.fetchAll(ContractVersionView.self, sql: """
                SELECT v.version, v.start_date, v.end_date, p.code AS point, v.bank_signatory, v.association_signatory, v.reason,
                       v.created_by, v.created_at, v.approved_by, v.approved_at
                FROM contract_version v LEFT JOIN bank_unit p ON p.id = v.point_id WHERE v.contract_id = ? ORDER BY v.version
                """, arguments: [contract.id])
            let changes = try db.fetchAll(ContractChangeView.self, sql: """
                SELECT kind, reason, payload_json, requested_by, requested_at, status, decided_by, decided_at, decision_note
                FROM contract_change WHERE contract_id = ? ORDER BY id
                """, arguments: [contract.id])
            var counts: [String: Int] = [:]
            for row in try db.fetchAll(sql: """
                SELECT CASE WHEN status = 'open' AND late_after < ? THEN 'late' ELSE status END AS s, COUNT(*) AS n
                FROM obligation WHERE contract_id = ? GROUP BY s
                """, arguments: [today.iso, contract.id]) {
                counts[row["s"]] = row["n"]
            }
            let next = try db.fetchAll(ObligationView.self, sql: ObligationView.selection + """
                 WHERE ob.contract_id = ?2 AND ob.status = 'open' ORDER BY ob.due_date, ob.code LIMIT 10
                """, arguments: [today.iso, contract.id])
            return ContractDetail(contract: summary, versions: versions, changes: changes, obligations: counts, nextDue: next)
        }
    }
}
