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
        lastPlannerRun = registry.makeGauge(descriptor: Self.name("planner_last_run_timestamp", unit: "seconds",
                                                                  help: "When the reminder planner and horizon extension last finished (Unix seconds)"))
        outboxDepth = Dictionary(uniqueKeysWithValues: OutboxState.allCases.map { state in
            (state, registry.makeGauge(descriptor: Self.name("outbox_messages", help: "Outbox messages by state"),
                                        labels: [("state", state.rawValue)]))
        })
    }

    public func request(route: String, method: String, status: Int) {
        registry.makeCounter(descriptor: Self.name("http_requests_total", help: "HTTP requests by route, method and status"),
                             labels: [("route", route), ("method", method), ("status", String(status))]).increment()
    }

    public func delivered(sent: Int, retrying: Int, dead: Int, cancelled: Int) {
        for (result, count) in [("sent", sent), ("retrying", retrying), ("dead", dead), ("cancelled", cancelled)] where count > 0 {
            registry.makeCounter(descriptor: Self.name("deliveries_total", help: "Delivery attempts by result"), labels: [("result", result)])
                .increment(by: Int64(count))
        }
    }

    /// `entrust_<metric>[_<unit>]`, as the exposition names it.
    static func name(_ metric: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "entrust", metricName: metric, unitName: unit, helpText: help)
    }

    public func plannerRan(at date: Date) {
        lastPlannerRun.set(date.timeIntervalSince1970)
    }

    public func outbox(_ counts: [OutboxState: Int]) {
        for (state, gauge) in outboxDepth { gauge.set(Double(counts[state] ?? 0)) }
    }

    public func text() -> String { registry.emitToString() }
}
