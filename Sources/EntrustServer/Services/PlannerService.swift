import EntrustCore
import EntrustStore
import Foundation
import Logging
import NIOPosix
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
            var wait = interval
            do {
                // On a thread of its own: a pass waiting out a busy database must not hold a cooperative thread.
                _ = try await NIOThreadPool.singleton.runIfActive { try runOnce() }
            } catch where StoreError.isBusy(error) {
                // Another process (a long import) kept the database locked: try again soon rather than in a full interval.
                wait = min(interval, Self.busyRetry)
                logger.notice("planner: the database is busy (another process, such as a long import, is writing); planning again in \(wait.components.seconds) s")
            } catch {
                // The store's own sentence: never the SQL of a failed statement.
                logger.error("planner pass failed; trying again later", metadata: ["error": "\(StoreError.from(error))"])
            }
            let pause = wait
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) } } catch { return }
        }
    }

    /// How soon a pass that found the database busy is tried again.
    static let busyRetry: Duration = .seconds(15)
}
