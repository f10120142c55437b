/// Every problem found in one or more configuration files. Loading never stops at the first one,
/// so a person can fix a whole file in one pass.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// In file order, then line and column order.
    public var issues: [ConfigIssue]

    public init(issues: [ConfigIssue]) {
        self.issues = issues
    }

    /// One issue per line.
    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
