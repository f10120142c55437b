/// What one pass of the worker did.
public struct DeliveryReport: Sendable, Equatable {
    public var claimed = 0
    public var sent = 0
    public var retrying = 0
    public var dead = 0
    public var cancelled = 0
    /// Endpoints disabled because they answered 410 Gone.
    public var disabledEndpoints: [String] = []

    public init() {}

    mutating func add(_ other: DeliveryReport) {
        claimed += other.claimed
        sent += other.sent
        retrying += other.retrying
        dead += other.dead
        cancelled += other.cancelled
        disabledEndpoints += other.disabledEndpoints
    }
}
