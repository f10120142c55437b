/// Where retry jitter comes from: random in production, fixed in tests.
public protocol JitterSource: Sendable {
    /// A value in 0..<1.
    func next() -> Double
}

/// The system's random generator.
public struct SystemJitter: JitterSource {
    public init() {}
    public func next() -> Double { Double.random(in: 0..<1) }
}

/// Always the same value: 0.5 means no jitter at all.
public struct FixedJitter: JitterSource {
    public let value: Double
    public init(_ value: Double = 0.5) { self.value = value }
    public func next() -> Double { value }
}
