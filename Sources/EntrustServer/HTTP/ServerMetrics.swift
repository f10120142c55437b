import EntrustStore
import Foundation
import Prometheus
import Synchronization

/// The Prometheus registry of one server: requests by route and status, outbox depth by state (read at scrape
/// time), deliveries by result, and when the planner last ran. One registry per server, so tests never share one.
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let lastPlannerRun: Gauge
    private let outboxDepth: [OutboxState: Gauge]

    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        lastPlannerRun = registry.makeGauge(name: "entrust_planner_last_run_timestamp_seconds",
                                            help: "When the reminder planner and horizon extension last finished (Unix seconds)")
        outboxDepth = Dictionary(uniqueKeysWithValues: OutboxState.allCases.map { state in
            (state, registry.makeGauge(name: "entrust_outbox_messages", labels: [("state", state.rawValue)],
                                        help: "Outbox messages by state"))
        })
    }

    public func request(route: String, method: String, status: Int) {
        registry.makeCounter(name: "entrust_http_requests_total", labels: [("route", route), ("method", method), ("status", String(status))],
                             help: "HTTP requests by route, method and status").increment()
    }

    public func delivered(sent: Int, retrying: Int, dead: Int, cancelled: Int) {
        for (result, count) in [("sent", sent), ("retrying", retrying), ("dead", dead), ("cancelled", cancelled)] where count > 0 {
            registry.makeCounter(name: "entrust_deliveries_total", labels: [("result", result)], help: "Delivery attempts by result")
                .increment(by: Int64(count))
        }
    }

    public func plannerRan(at date: Date) {
        lastPlannerRun.set(date.timeIntervalSince1970)
    }

    public func outbox(_ counts: [OutboxState: Int]) {
        for (state, gauge) in outboxDepth { gauge.set(Double(counts[state] ?? 0)) }
    }

    public func text() -> String { registry.emitToString() }
}
