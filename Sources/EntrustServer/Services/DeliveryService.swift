import EntrustDelivery
import EntrustStore
import Logging
import ServiceLifecycle

/// The outbox worker as a service of `entrust serve`: it delivers what is due, then looks again every
/// `pollInterval`. On graceful shutdown it claims nothing more and lets the sends in flight finish.
public struct DeliveryService: Service {
    let worker: DeliveryWorker
    let pollInterval: Duration
    let metrics: ServerMetrics
    let logger: Logger

    public init(worker: DeliveryWorker, pollInterval: Duration = .seconds(1), metrics: ServerMetrics, logger: Logger) {
        self.worker = worker
        self.pollInterval = pollInterval
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        let stop = StopSignal()
        await withGracefulShutdownHandler {
            while !stop.isRequested {
                do {
                    // Drain batch by batch so the counters move as messages go out.
                    while !stop.isRequested {
                        let report = try await worker.runBatch()
                        metrics.delivered(sent: report.sent, retrying: report.retrying, dead: report.dead, cancelled: report.cancelled)
                        if report.claimed > 0 {
                            logger.info("delivered: \(report.sent) sent, \(report.retrying) to retry, \(report.dead) dead")
                        }
                        if report.claimed == 0 { break }
                    }
                } catch where StoreError.isBusy(error) {
                    logger.notice("\(DeliveryWorker.busyNotice)")
                } catch {
                    // The store's own sentence: never the SQL of a failed statement.
                    logger.error("delivery pass failed; trying again later", metadata: ["error": "\(StoreError.from(error))"])
                }
                var waited = Duration.zero
                while waited < pollInterval && !stop.isRequested {
                    let step = min(pollInterval - waited, .milliseconds(100))
                    try? await Task.sleep(for: step)
                    waited += step
                }
            }
        } onGracefulShutdown: {
            stop.request()
        }
    }
}
