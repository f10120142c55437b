import EntrustCore
import EntrustStore

extension StoreRepository: EvaluationRepository {
    /// What a scope narrows a report to: an office code, or an association code.
    enum ReportScope {
        case office(String?)
        case association(String)
        case nothing
    }

    /// Bank staff asking for another office get "not found", like any object outside their scope; officers' reports are
    /// narrowed to their association, and naming an office that does not serve it is "not found" too. Blocking: call it
    /// inside `blocking`.
    func reportScope(_ requested: String?, _ scope: AccessScope) throws -> ReportScope {
        switch scope {
        case .everything:
            return .office(requested)
        case let .office(code):
            if let requested, requested != code { throw StoreError.notFound(entity: "transaction office", key: requested) }
            return .office(code)
        case let .association(code):
            // An officer naming an office that does not serve their association asks for someone else's figures.
            if let requested, !(try scopes.associationVisible(code, scope: .office(requested))) {
                throw StoreError.notFound(entity: "transaction office", key: requested)
            }
            return .association(code)
        case .nothing:
            return .nothing
        }
    }

    public func latestEvaluatedMonth() async throws -> YearMonth? {
        try await blocking { try ReportStore(database).latestEvaluatedMonth() }
    }

    public func evaluations(scope: AccessScope, month: YearMonth?, association: String?, group: String?, limit: Int, after: PageCursor?, before: PageCursor?) async throws
        -> ScopeStore.Page<MonthlyGroupScore> {
        try await blocking {
            if let group { try require(try scopes.groupVisible(group, scope: scope), "group", group) }
            if let association { try require(try scopes.associationVisible(association, scope: scope), "association", association) }
            return try scopes.evaluations(scope: scope, month: month, association: association, group: group, limit: limit, after: after, before: before)
        }
    }

    public func classDrops(scope: AccessScope) async throws -> [ClassDrop] {
        try await blocking { try scopes.classDrops(scope: scope) }
    }

    public func fees(month: YearMonth, office: String?, scope: AccessScope) async throws -> FeeStore.Report {
        try await blocking {
            let narrowed = try reportScope(office, scope)
            let store = FeeStore(database)
            switch narrowed {
            case let .office(office): return try store.report(month: month, schedules: feeSchedules, office: office)
            case let .association(code): return try store.report(month: month, schedules: feeSchedules, office: nil, association: code)
            case .nothing: throw StoreError.notFound(entity: "fee statement", key: month.iso)
            }
        }
    }

    public func districtReport(month: YearMonth, office: String?, scope: AccessScope) async throws -> DistrictReport {
        try await blocking {
            guard case let .office(office) = try reportScope(office, scope) else { throw StoreError.notFound(entity: "district report", key: month.iso) }
            return try ReportStore(database).district(month: month, office: office)
        }
    }

    public func communeReport(month: YearMonth, office: String?, scope: AccessScope) async throws -> [CommuneReportRow] {
        try await blocking {
            guard case let .office(office) = try reportScope(office, scope) else { throw StoreError.notFound(entity: "commune report", key: month.iso) }
            return try ReportStore(database).communes(month: month, office: office)
        }
    }

    public func associationReport(month: YearMonth, office: String?, scope: AccessScope) async throws -> AssociationReport {
        try await blocking {
            let narrowed = try reportScope(office, scope)
            let store = ReportStore(database)
            let result: (rows: [AssociationEvaluationView], rollUps: [RollUp])
            switch narrowed {
            case let .office(office): result = try store.associations(month: month, office: office)
            case let .association(code): result = try store.associations(month: month, office: nil, association: code)
            case .nothing: result = ([], [])
            }
            return AssociationReport(month: month.iso, associations: result.rows, rollUps: result.rollUps)
        }
    }

    public func groupReport(month: YearMonth, office: String?, scope: AccessScope) async throws -> [GroupEvaluationView] {
        try await blocking {
            let narrowed = try reportScope(office, scope)
            let store = ReportStore(database)
            switch narrowed {
            case let .office(office):
                return try store.groups(month: month, office: office)
            case .association:
                try store.requireEvaluated(month)
                return try scopes.evaluations(scope: scope, month: month, limit: 100_000).items.map(\.evaluation)
            case .nothing:
                return []
            }
        }
    }

    public func overdueByMonth(office: String?, scope: AccessScope, months: Int) async throws -> [MonthlyOverdue] {
        try await blocking {
            guard case let .office(office) = try reportScope(office, scope) else { return [] }
            return try ReportStore(database).overdueByMonth(office: office, months: months)
        }
    }
}
