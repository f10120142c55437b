import EntrustStore

/// The figures of the district dashboard for one office (nil: everything).
public protocol DashboardRepository: Sendable {
    func summary(office: String?) async throws -> DashboardSummary
    func monthly(office: String?, months: Int) async throws -> [MonthlyObligations]
    func byAssociationKind(office: String?) async throws -> [KindCount]
}
