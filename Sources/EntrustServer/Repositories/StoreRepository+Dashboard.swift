import EntrustStore

extension StoreRepository: DashboardRepository {
    public func summary(office: String?) async throws -> DashboardSummary {
        try await blocking { try DashboardStore(database).summary(office: office) }
    }

    public func monthly(office: String?, months: Int) async throws -> [MonthlyObligations] {
        try await blocking { try DashboardStore(database).monthly(office: office, months: months) }
    }

    public func byAssociationKind(office: String?) async throws -> [KindCount] {
        try await blocking { try DashboardStore(database).byAssociationKind(office: office) }
    }
}
