/// Everything the HTTP layer reads and writes, behind protocols; `StoreRepository` implements them over the stores,
/// on either engine, and tests may put a fault in front of one.
public struct Repositories: Sendable {
    public var accounts: any AccountRepository
    public var contracts: any ContractRepository
    public var obligations: any ObligationRepository
    public var groups: any GroupRepository
    public var meetings: any MeetingRepository
    public var trainings: any TrainingRepository
    public var outbox: any OutboxRepository
    public var dashboard: any DashboardRepository
    /// Evaluations, fees and reports; nil when a deployment has no loan data store (those routes then answer 501).
    public var evaluations: (any EvaluationRepository)?

    public init(accounts: any AccountRepository, contracts: any ContractRepository, obligations: any ObligationRepository,
                groups: any GroupRepository, meetings: any MeetingRepository, trainings: any TrainingRepository,
                outbox: any OutboxRepository, dashboard: any DashboardRepository, evaluations: (any EvaluationRepository)? = nil) {
        self.accounts = accounts
        self.contracts = contracts
        self.obligations = obligations
        self.groups = groups
        self.meetings = meetings
        self.trainings = trainings
        self.outbox = outbox
        self.dashboard = dashboard
        self.evaluations = evaluations
    }
}
