import Synchronization

/// Asks a running worker to stop claiming; in-flight sends still finish. Set from a SIGTERM handler.
public final class StopSignal: Sendable {
    private let requested = Mutex(false)

    public init() {}

    public func request() { requested.withLock { $0 = true } }

    public var isRequested: Bool { requested.withLock { $0 } }
}
