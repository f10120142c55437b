import EntrustCore
import EntrustStore
import Foundation
import Logging
import ServiceLifecycle

/// Periodic upkeep in `entrust serve`: extends the obligation and meeting horizons, expires ended contracts and plans
/// the reminders of the coming days into the outbox. Runs at start, then every `interval`.
public struct PlannerService: Service {
    let database: AppDatabase
    let rules: ReminderRuleSet
    let holidays: HolidayCalendar
    let interval: Duration
    let planDays: Int
    let metrics: ServerMetrics
    let logger: Logger

    public init(database: AppDatabase, rules: ReminderRuleSet, holidays: HolidayCalendar, interval: Duration = .seconds(900),
                planDays: Int = 7, metrics: ServerMetrics, logger: Logger) {
        self.database = database
        self.rules = rules
        self.holidays = holidays
        self.interval = interval
        self.planDays = planDays
        self.metrics = metrics
        self.logger = logger
    }

    /// One pass; also what `run` does every interval.
    public func runOnce() throws -> ReminderPlanStore.Summary {
        let today = database.today
        let extension_ = try ContractStore(database).extendHorizon(actor: .system)
        let meetings = try MeetingStore(database).extend(until: today.adding(months: 12), holidays: holidays, actor: .system)
        let summary = try ReminderPlanStore(database).plan(rules: rules, until: today.adding(days: planDays), actor: .system)
        logger.info("planner: \(extension_.created) obligations dated, \(meetings) meetings added, \(summary.enqueued) reminders planned")
        metrics.plannerRan(at: database.clock.now())
        return summary
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do { _ = try runOnce() } catch {
                logger.error("planner pass failed; trying again later", metadata: ["error": "\(String(describing: error))"])
            }
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
        }
    }
}
