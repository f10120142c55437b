import EntrustCore
import Foundation

/// Bank units, administrative units, associations and people: adding, listing, showing and bulk loading.
public struct OrganisationStore: Sendable {
    public let database: AppDatabase

    public init(_ database: AppDatabase) { self.database = database }

    /// Counts per kind of record written by a load.
    public struct LoadSummary: Sendable, Equatable {
        public var adminUnits = 0, bankUnits = 0, associations = 0, people = 0
        public var total: Int { adminUnits + bankUnits + associations + people }
    }

    /// Loads a batch all-or-nothing: every bad row is reported, and nothing is written unless all are good.
    /// Rows may refer to rows earlier in the same batch, or to rows already in the database.
    /// With `dryRun`, every check runs exactly as for real inside a transaction that is then rolled back.
    @discardableResult
    public func load(_ batch: OrganisationBatch, actor: Principal, dryRun: Bool = false, issueLimit: Int = 50) throws -> LoadSummary {
        struct DryRunDone: Error { var summary: LoadSummary }
        let now = database.clock.now()
        do {
            return try database.backend.write { db in
                let summary = try loadRows(db, batch, now: now, actor: actor, issueLimit: issueLimit)
                if dryRun { throw DryRunDone(summary: summary) }
                return summary
            }
        } catch let done as DryRunDone {
            return done.summary
        }
    }

    private func loadRows(_ db: any StoreSession, _ batch: OrganisationBatch, now: Date, actor: Principal, issueLimit: Int) throws -> LoadSummary {
        do {
            var issues: [RowIssue] = []
            var summary = LoadSummary()
            func check(_ source: SourceLocation?, _ field: String, _ value: String, _ body: () throws -> Void) {
                do { try body() } catch {
                    var location = source ?? SourceLocation(file: "command line", line: 0)
                    if let bad = error as? FieldError {
                        location.column = location.column ?? bad.field
                        issues.append(RowIssue(location: location, field: bad.field, value: bad.value, reason: bad.reason))
                    } else {
                        issues.append(RowIssue(location: location, field: field, value: value, reason: Self.reason(error)))
                    }
                }
            }
            for unit in batch.adminUnits {
                check(unit.source, "code", unit.code) {
                    try insert(db, unit, now: now, actor: actor)
                    summary.adminUnits += 1
                }
            }
            for unit in batch.bankUnits {
                check(unit.source, "code", unit.code) {
                    try insert(db, unit, now: now, actor: actor)
                    summary.bankUnits += 1
                }
            }
            for association in batch.associations {
                check(association.source, "code", association.code) {
                    try insert(db, association, now: now, actor: actor)
                    summary.associations += 1
                }
            }
            for person in batch.people {
                check(person.source, "code", person.code) {
                    try insert(db, person, now: now, actor: actor)
                    summary.people += 1
                }
            }
            if !issues.isEmpty {
                // Throwing rolls the whole transaction back: nothing of the batch is kept.
                throw StoreError.rows(Array(issues.prefix(issueLimit)), total: issues.count)
            }
            return summary
        }
    }

    static func reason(_ error: any Error) -> String {
        switch error {
        case let field as FieldError: return field.reason
        case let store as StoreError: return store.description
        case let core as CoreError: return core.description
        default: return String(describing: StoreError.from(error))
        }
    }

    // MARK: - Inserts with validation

    /// A problem with one field of one row; `load` turns it into a `RowIssue` that names the field.
    struct FieldError: Error {
        var field: String
        var value: String
        var reason: String
    }

    private func id(_ db: any StoreSession, table: String, code: String, field: String) throws -> (id: Int64, kind: String) {
        guard let row = try db.fetchOne(sql: "SELECT id, kind FROM \(table) WHERE code = ?", arguments: [code]) else {
            throw FieldError(field: field, value: code, reason: "unknown \(table.replacingOccurrences(of: "_", with: " ")) '\(code)'")
        }
        return (row["id"], row["kind"])
    }

    /// Resolves an optional reference to a row whose kind is one of `kinds`; `missing` is the reason when it is required
    /// but absent, and `mismatch` explains a row of the wrong kind.
    private func reference(_ db: any StoreSession, table: String, code: String?, field: String, kinds: [String], missing: String?,
                           mismatch: (String) -> String) throws -> Int64? {
        guard let code, !code.isEmpty else {
            if let missing { throw FieldError(field: field, value: "", reason: missing) }
            return nil
        }
        let row = try id(db, table: table, code: code, field: field)
        guard kinds.contains(row.kind) else { throw FieldError(field: field, value: code, reason: mismatch(row.kind)) }
        return row.id
    }

    private func requireNew(_ db: any StoreSession, table: String, code: String) throws {
        try OrganisationRules.validateCode(code)
        if try db.fetchOne(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE code = ?)", arguments: [code]) == true {
            throw FieldError(field: "code", value: code, reason: "already exists")
        }
    }

    private func requireName(_ name: String) throws {
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw FieldError(field: "name", value: name, reason: "is required")
        }
    }

    private func insert(_ db: any StoreSession, _ unit: AdminUnitDraft, now: Date, actor: Principal) throws {
        try requireNew(db, table: "admin_unit", code: unit.code)
        try requireName(unit.name)
        let allowed = unit.kind.allowedParentKinds.map(\.rawValue).joined(separator: " or ")
        if unit.kind == .province, let parentCode = unit.parentCode, !parentCode.isEmpty {
            throw FieldError(field: "parent", value: parentCode, reason: "a province has no parent")
        }
        let parentID = try reference(db, table: "admin_unit", code: unit.parentCode, field: "parent",
                                     kinds: unit.kind.allowedParentKinds.map(\.rawValue),
                                     missing: unit.kind == .province ? nil : "a \(unit.kind.rawValue) needs a parent (\(allowed))",
                                     mismatch: { "is a \($0); a \(unit.kind.rawValue)'s parent must be a \(allowed)" })
        if unit.validUntil != nil && unit.kind != .district {
            throw FieldError(field: "valid_until", value: unit.validUntil!.iso, reason: "only districts have an end date")
        }
        try db.execute(sql: "INSERT INTO admin_unit (code, kind, name, parent_id, valid_until) VALUES (?, ?, ?, ?, ?)",
                       arguments: [unit.code, unit.kind.rawValue, unit.name, parentID, unit.validUntil?.iso])
        try AuditLog.record(db, at: now, actor: actor, action: "create", entity: "admin_unit", key: unit.code,
                            after: ["kind": unit.kind.rawValue, "name": unit.name, "parent": unit.parentCode ?? ""])
    }

    private func insert(_ db: any StoreSession, _ unit: BankUnitDraft, now: Date, actor: Principal) throws {
        try requireNew(db, table: "bank_unit", code: unit.code)
        try requireName(unit.name)
        let expected = unit.kind.parentKind?.rawValue ?? ""
        if unit.kind.parentKind == nil, let parentCode = unit.parentCode, !parentCode.isEmpty {
            throw FieldError(field: "parent", value: parentCode, reason: "the head office has no parent")
        }
        let parentID = try reference(db, table: "bank_unit", code: unit.parentCode, field: "parent", kinds: [expected],
                                     missing: unit.kind.parentKind == nil ? nil : "a \(unit.kind.rawValue) needs a parent \(expected)",
                                     mismatch: { "is a \($0); a \(unit.kind.rawValue)'s parent must be a \(expected)" })
        var communeID: Int64?
        if unit.kind == .transactionPoint {
            communeID = try reference(db, table: "admin_unit", code: unit.communeCode, field: "commune", kinds: [AdminUnitKind.commune.rawValue],
                                      missing: "a transaction point serves one commune: name it", mismatch: { "is a \($0), not a commune" })
            guard let day = unit.fixedDay else {
                throw FieldError(field: "fixed_day", value: "", reason: "a transaction point needs its fixed day of the month (1-31)")
            }
            do { try OrganisationRules.validateFixedDay(day) } catch {
                throw FieldError(field: "fixed_day", value: String(day), reason: "must be a day of the month from 1 to 31")
            }
        } else if unit.communeCode != nil || unit.fixedDay != nil {
            throw FieldError(field: unit.communeCode != nil ? "commune" : "fixed_day", value: unit.communeCode ?? String(unit.fixedDay ?? 0),
                             reason: "only transaction points have a commune and a fixed day")
        }
        try db.execute(sql: "INSERT INTO bank_unit (code, kind, name, parent_id, commune_id, fixed_day) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [unit.code, unit.kind.rawValue, unit.name, parentID, communeID, unit.fixedDay])
        try AuditLog.record(db, at: now, actor: actor, action: "create", entity: "bank_unit", key: unit.code,
                            after: ["kind": unit.kind.rawValue, "name": unit.name, "parent": unit.parentCode ?? "",
                                    "commune": unit.communeCode ?? "", "fixed_day": unit.fixedDay.map(String.init) ?? ""])
    }

    private func insert(_ db: any StoreSession, _ association: AssociationDraft, now: Date, actor: Principal) throws {
        try requireNew(db, table: "association", code: association.code)
        try requireName(association.name)
        var adminID: Int64?
        if let expected = association.level.adminUnitKind?.rawValue {
            let level = association.level.rawValue
            adminID = try reference(db, table: "admin_unit", code: association.adminUnitCode, field: "admin_unit", kinds: [expected],
                                    missing: "a \(level) association is attached to a \(expected): name it",
                                    mismatch: { "is a \($0); a \(level) association is attached to a \(expected)" })
        }
        var parentID: Int64?
        if let parentCode = association.parentCode, !parentCode.isEmpty {
            guard let parent = try db.fetchOne(sql: "SELECT id, kind, level FROM association WHERE code = ?", arguments: [parentCode]) else {
                throw FieldError(field: "parent", value: parentCode, reason: "unknown association '\(parentCode)'")
            }
            let kind: String = parent["kind"], level: String = parent["level"]
            guard kind == association.kind.rawValue else {
                throw FieldError(field: "parent", value: parentCode, reason: "is a \(kind) association; the parent must be of the same kind (\(association.kind.rawValue))")
            }
            guard association.level.allowedParentLevels.map(\.rawValue).contains(level) else {
                throw FieldError(field: "parent", value: parentCode, reason: "is at \(level) level; a \(association.level.rawValue) association's parent is at \(association.level.allowedParentLevels.map(\.rawValue).joined(separator: " or ")) level")
            }
            parentID = parent["id"]
        }
        try db.execute(sql: "INSERT INTO association (code, kind, level, name, admin_unit_id, parent_id) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [association.code, association.kind.rawValue, association.level.rawValue, association.name, adminID, parentID])
        try AuditLog.record(db, at: now, actor: actor, action: "create", entity: "association", key: association.code,
                            after: ["kind": association.kind.rawValue, "level": association.level.rawValue, "name": association.name,
                                    "admin_unit": association.adminUnitCode ?? "", "parent": association.parentCode ?? ""])
    }

    private func insert(_ db: any StoreSession, _ person: PersonDraft, now: Date, actor: Principal) throws {
        try requireNew(db, table: "person", code: person.code)
        try requireName(person.name)
        if let phone = person.phone, !phone.isEmpty {
            do { try OrganisationRules.validatePhone(phone) } catch { throw FieldError(field: "phone", value: phone, reason: "is not a phone number (9 to 13 digits)") }
        }
        if let email = person.email, !email.isEmpty {
            do { try OrganisationRules.validateEmail(email) } catch { throw FieldError(field: "email", value: email, reason: "is not an email address") }
        }
        let association = person.associationCode.flatMap { $0.isEmpty ? nil : $0 }
        let bankUnit = person.bankUnitCode.flatMap { $0.isEmpty ? nil : $0 }
        guard (association == nil) != (bankUnit == nil) else {
            throw FieldError(field: "association", value: association ?? "",
                             reason: "a person belongs to exactly one association or one bank unit (give association or bank_unit, not both)")
        }
        var associationID: Int64?, bankUnitID: Int64?
        if let association { associationID = try id(db, table: "association", code: association, field: "association").id }
        if let bankUnit { bankUnitID = try id(db, table: "bank_unit", code: bankUnit, field: "bank_unit").id }
        if person.approver && bankUnitID == nil {
            throw FieldError(field: "approver", value: "true", reason: "only bank staff can hold the approver role")
        }
        if person.standingCommittee && associationID == nil {
            throw FieldError(field: "standing_committee", value: "true", reason: "only association officers sit on a standing committee")
        }
        let bankPositions: Set<Position> = [.director, .deputyDirector, .creditOfficer, .staff]
        if let position = person.position, bankPositions.contains(position) != (bankUnitID != nil) {
            throw FieldError(field: "position", value: position.rawValue,
                             reason: bankUnitID != nil ? "bank staff positions are director, deputy_director, credit_officer, staff"
                                                       : "association positions are chair, vice_chair, officer")
        }
        try db.execute(sql: """
            INSERT INTO person (code, name, phone, email, language, association_id, bank_unit_id, position, standing_committee, approver)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [person.code, person.name, person.phone, person.email, person.language.rawValue, associationID, bankUnitID,
                             person.position?.rawValue, person.standingCommittee, person.approver])
        try AuditLog.record(db, at: now, actor: actor, action: "create", entity: "person", key: person.code,
                            after: ["name": person.name, "association": association ?? "", "bank_unit": bankUnit ?? "",
                                    "position": person.position?.rawValue ?? "", "approver": String(person.approver)])
    }

    // MARK: - Queries

    public func adminUnits(kind: AdminUnitKind? = nil, parent: String? = nil) throws -> [AdminUnitView] {
        var filter = SQLFilter()
        filter.add("u.kind = ?", ifPresent: kind?.rawValue)
        filter.add("p.code = ?", ifPresent: parent)
        return try database.backend.read { db in
            try db.fetchAll(AdminUnitView.self, sql: """
                SELECT u.code, u.kind, u.name, p.code AS parent, u.valid_until FROM admin_unit u
                LEFT JOIN admin_unit p ON p.id = u.parent_id
                """ + filter.clause + " ORDER BY u.kind, u.name", arguments: filter.arguments)
        }
    }

    public func bankUnits(kind: BankUnitKind? = nil, parent: String? = nil, code: String? = nil) throws -> [BankUnitView] {
        var filter = SQLFilter()
        filter.add("u.kind = ?", ifPresent: kind?.rawValue)
        filter.add("p.code = ?", ifPresent: parent)
        filter.add("u.code = ?", ifPresent: code)
        return try database.backend.read { db in
            try db.fetchAll(BankUnitView.self, sql: """
                SELECT u.code, u.kind, u.name, p.code AS parent, c.code AS commune, c.name AS commune_name, u.fixed_day
                FROM bank_unit u LEFT JOIN bank_unit p ON p.id = u.parent_id LEFT JOIN admin_unit c ON c.id = u.commune_id
                """ + filter.clause + " ORDER BY u.kind, u.code", arguments: filter.arguments)
        }
    }

    public func associations(kind: AssociationKind? = nil, level: AssociationLevel? = nil, adminUnit: String? = nil) throws -> [AssociationView] {
        var filter = SQLFilter()
        filter.add("a.kind = ?", ifPresent: kind?.rawValue)
        filter.add("a.level = ?", ifPresent: level?.rawValue)
        filter.add("u.code = ?", ifPresent: adminUnit)
        return try database.backend.read { db in
            try db.fetchAll(AssociationView.self, sql: """
                SELECT a.code, a.kind, a.level, a.name, u.code AS admin_unit, u.name AS admin_unit_name, p.code AS parent
                FROM association a LEFT JOIN admin_unit u ON u.id = a.admin_unit_id LEFT JOIN association p ON p.id = a.parent_id
                """ + filter.clause + " ORDER BY a.level, u.name, a.kind", arguments: filter.arguments)
        }
    }

    public func people(association: String? = nil, bankUnit: String? = nil, code: String? = nil) throws -> [PersonView] {
        var filter = SQLFilter()
        filter.add("a.code = ?", ifPresent: association)
        filter.add("b.code = ?", ifPresent: bankUnit)
        filter.add("p.code = ?", ifPresent: code)
        return try database.backend.read { db in
            try db.fetchAll(PersonView.self, sql: """
                SELECT p.code, p.name, p.phone, p.email, p.language, a.code AS association, b.code AS bank_unit, p.position,
                       p.standing_committee, p.approver
                FROM person p LEFT JOIN association a ON a.id = p.association_id LEFT JOIN bank_unit b ON b.id = p.bank_unit_id
                """ + filter.clause + " ORDER BY p.code", arguments: filter.arguments)
        }
    }

    public func adminUnit(_ code: String) throws -> AdminUnitView {
        guard let unit = try database.backend.read({ db in
            try db.fetchOne(AdminUnitView.self, sql: """
                SELECT u.code, u.kind, u.name, p.code AS parent, u.valid_until FROM admin_unit u
                LEFT JOIN admin_unit p ON p.id = u.parent_id WHERE u.code = ?
                """, arguments: [code])
        }) else { throw StoreError.notFound(entity: "administrative unit", key: code) }
        return unit
    }

    public func bankUnit(_ code: String) throws -> BankUnitView {
        guard let unit = try bankUnits(code: code).first else {
            throw StoreError.notFound(entity: "bank unit", key: code)
        }
        return unit
    }

    public func association(_ code: String) throws -> AssociationView {
        guard let association = try database.backend.read({ db in
            try db.fetchOne(AssociationView.self, sql: """
                SELECT a.code, a.kind, a.level, a.name, u.code AS admin_unit, u.name AS admin_unit_name, p.code AS parent
                FROM association a LEFT JOIN admin_unit u ON u.id = a.admin_unit_id LEFT JOIN association p ON p.id = a.parent_id
                WHERE a.code = ?
                """, arguments: [code])
        }) else { throw StoreError.notFound(entity: "association", key: code) }
        return association
    }

    public func person(_ code: String) throws -> PersonView {
        guard let person = try people(code: code).first else {
            throw StoreError.notFound(entity: "person", key: code)
        }
        return person
    }
}
