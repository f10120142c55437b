import EntrustCore
import EntrustDelivery
import EntrustStore
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle

/// Periodic upkeep in `entrust serve`: extends the obligation and meeting horizons, expires ended contracts and plans
/// the reminders of the coming days into the outbox. Runs at start, then every `interval`.
///
/// Several replicas on one database plan in one place at a time: before each pass `run` takes or renews the lease
/// `planner` (`ServiceLeaseStore`) for a little more than one interval, and skips the pass while another replica
/// holds it. If the holder dies, its lease runs out and another replica takes over within one planner period.
/// `runOnce` plans unconditionally (the CLI and tests call it directly).
public struct PlannerService: Service {
    let database: AppDatabase
    let rules: ReminderRuleSet
    let holidays: HolidayCalendar
    let interval: Duration
    let planDays: Int
    /// Sent and cancelled messages older than this many days are pruned after each pass (nil: never).
    let retentionDays: Int?
    let metrics: ServerMetrics
    let logger: Logger
    /// Who this replica is in the lease (`ReplicaIdentity.current` by default, as the delivery worker's id).
    let holder: String

    /// The lease's name in `service_lease`.
    public static let leaseName = "planner"

    public init(database: AppDatabase, rules: ReminderRuleSet, holidays: HolidayCalendar, interval: Duration = .seconds(900),
                planDays: Int = 7, retentionDays: Int? = 90, metrics: ServerMetrics, logger: Logger,
                holder: String = ReplicaIdentity.current) {
        self.retentionDays = retentionDays
        self.database = database
        self.rules = rules
        self.holidays = holidays
        self.interval = interval
        self.planDays = planDays
        self.metrics = metrics
        self.logger = logger
        self.holder = holder
    }

    /// How long a lease lasts: one interval and a margin (a tenth, at least 30 s and at most 5 min), so the holder
    /// renews it before it runs out, and a dead holder's lease is free again before the next replica's next pass.
    var leaseTTL: TimeInterval {
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        return seconds + min(300, max(30, seconds / 10))
    }

    /// Takes or renews the planner lease; false when another replica holds it.
    public func acquireLease() throws -> Bool {
        try ServiceLeaseStore(database).acquire(name: Self.leaseName, holder: holder, ttl: leaseTTL, now: database.clock.now())
    }

    /// One pass under the lease: plans when this replica holds (or now takes) the lease, and answers nil, having
    /// logged why, when another replica holds it.
    public func runIfLeader() throws -> ReminderPlanStore.Summary? {
        guard try acquireLease() else {
            let other = try ServiceLeaseStore(database).holder(name: Self.leaseName, now: database.clock.now())
            logger.info("planner: another replica holds the planner lease; skipping this pass", metadata: ["holder": "\(other ?? "?")"])
            return nil
        }
        return try runOnce()
    }

    /// One pass; also what `run` does every interval.
    public func runOnce() throws -> ReminderPlanStore.Summary {
        let today = database.today
        let extension_ = try ContractStore(database).extendHorizon(actor: .system)
        let meetings = try MeetingStore(database).extend(until: today.adding(months: 12), holidays: holidays, actor: .system)
        let summary = try ReminderPlanStore(database).plan(rules: rules, until: today.adding(days: planDays), actor: .system)
        logger.info("planner: \(extension_.created) obligations dated, \(meetings) meetings added, \(summary.enqueued) reminders planned")
        if let retentionDays {
            // Apart from the pass: a prune that fails (a busy database) is logged and tried after the next pass; the
            // plan it follows stands.
            do {
                let pruned = try OutboxStore(database).prune(retentionDays: retentionDays, actor: .system)
                if pruned > 0 { logger.info("planner: \(pruned) sent or cancelled messages older than \(retentionDays) days pruned") }
            } catch {
                logger.notice("planner: pruning the outbox failed; trying after the next pass", metadata: ["error": "\(StoreError.from(error))"])
            }
        }
        metrics.plannerRan(at: database.clock.now())
        return summary
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var wait = interval
            do {
                // On a thread of its own: a pass waiting out a busy database must not hold a cooperative thread.
                _ = try await StoreThreads.run { try runIfLeader() }
            } catch where StoreError.isBusy(error) {
                // Another process (a long import) kept the database locked: try again soon rather than in a full interval.
                wait = min(interval, Self.busyRetry)
                logger.notice("planner: the database is busy (another process, such as a long import, is writing); planning again in \(wait.components.seconds) s")
            } catch {
                // The store's own sentence: never the SQL of a failed statement.
                logger.error("planner pass failed; trying again later", metadata: ["error": "\(StoreError.from(error))"])
            }
            let pause = wait
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) } } catch { break }
        }
        // Stopping: hand the lease over at once rather than when it runs out.
        do {
            try await StoreThreads.run { try ServiceLeaseStore(database).release(name: Self.leaseName, holder: holder) }
        } catch {
            logger.notice("planner: could not release the planner lease; it runs out by itself", metadata: ["error": "\(StoreError.from(error))"])
        }
    }

    /// How soon a pass that found the database busy is tried again.
    static let busyRetry: Duration = .seconds(15)
}
