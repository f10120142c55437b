import EntrustCore
import Foundation

/// The year's plan of outstanding per transaction office, against which the district report shows attainment.
public struct PlanStore: Sendable {
    public let database: AppDatabase
    public init(_ database: AppDatabase) { self.database = database }

    public struct PlanView: Codable, Sendable, StoreRecord {
        public var year: Int
        public var office: String
        public var outstanding: Int64
        public var setBy: String
        public var setAt: String

        enum CodingKeys: String, CodingKey {
            case year, office, outstanding
            case setBy = "set_by", setAt = "set_at"
        }
    }

    /// Sets (or replaces) the plan of `year` for an office (the only one when nil).
    public func set(year: Int, office: String?, outstanding: Int64, actor: Principal) throws -> PlanView {
        guard (2000...2100).contains(year) else { throw StoreError.invalid(field: "--year", value: String(year), reason: "expected a year such as 2023") }
        guard outstanding > 0 else {
            throw StoreError.invalid(field: "--outstanding", value: String(outstanding), reason: "the planned outstanding must be more than 0 đồng")
        }
        let now = database.clock.now()
        return try database.backend.write { db in
            let scope = try ReportStore.scope(db, office: office)
            guard let officeID = scope.officeID else {
                throw StoreError.invalid(field: "--office", value: "", reason: "there are several transaction offices: name one")
            }
            let before = try db.fetchOne(PlanView.self, sql: Self.selection + " WHERE p.year = ? AND p.office_id = ?", arguments: [year, officeID])
            try db.execute(sql: """
                INSERT INTO plan (year, office_id, outstanding, set_by, set_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(year, office_id) DO UPDATE SET outstanding = excluded.outstanding, set_by = excluded.set_by, set_at = excluded.set_at
                """, arguments: [year, officeID, outstanding, actor.name, VietnamTime.iso8601(now)])
            let after = try db.fetchOne(PlanView.self, sql: Self.selection + " WHERE p.year = ? AND p.office_id = ?", arguments: [year, officeID])!
            try AuditLog.record(db, at: now, actor: actor, action: "set", entity: "plan", key: "\(scope.code) \(year)", before: before, after: after)
            return after
        }
    }

    public func list(year: Int?) throws -> [PlanView] {
        var filter = SQLFilter()
        filter.add("p.year = ?", ifPresent: year)
        return try database.backend.read { db in
            try db.fetchAll(PlanView.self, sql: Self.selection + filter.clause + " ORDER BY p.year, o.code", arguments: filter.arguments)
        }
    }

    static let selection = "SELECT p.year, o.code AS office, p.outstanding, p.set_by, p.set_at FROM plan p JOIN bank_unit o ON o.id = p.office_id"
}
