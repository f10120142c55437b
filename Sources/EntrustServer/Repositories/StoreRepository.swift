import EntrustCore
import EntrustStore
import Foundation

/// The live implementation of every repository over one `AppDatabase`, whichever engine backs it (the stores do not
/// know the engine either).
///
/// Scoping happens in the store's SQL (`ScopeStore`): a write first looks the object up under the account's scope,
/// so an object outside it is "not found" before anything changes.
public struct StoreRepository: Sendable {
    public let database: AppDatabase
    /// Contract templates (from `contracts/templates`), for creating contracts.
    public let templates: [ContractTemplate]
    /// The holiday calendar meetings are moved by.
    public let holidays: HolidayCalendar
    /// Fee schedules (from `contracts/fees`), for the fee statements. Without any, a statement says no schedule is in force.
    public let feeSchedules: [FeeSchedule]

    public init(database: AppDatabase, templates: [ContractTemplate], holidays: HolidayCalendar, feeSchedules: [FeeSchedule] = []) {
        self.database = database
        self.templates = templates
        self.holidays = holidays
        self.feeSchedules = feeSchedules
    }

    /// All repositories backed by this database.
    public var repositories: Repositories {
        Repositories(accounts: self, contracts: self, obligations: self, groups: self, meetings: self, trainings: self,
                     outbox: self, dashboard: self, evaluations: self)
    }

    var scopes: ScopeStore { ScopeStore(database) }

    /// Runs a synchronous store call off the cooperative pool, so that a busy database never stalls request handling.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await StoreThreads.run(body)
    }

    func require(_ visible: Bool, _ entity: String, _ key: String) throws {
        if !visible { throw StoreError.notFound(entity: entity, key: key) }
    }
}
