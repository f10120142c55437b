/// Everything `notifications/rules.yaml` declares: the rules and the quiet hours.
public struct ReminderRuleSet: Hashable, Codable, Sendable {
    public var rules: [ReminderRule]
    public var quietHours: QuietHours

    public init(rules: [ReminderRule], quietHours: QuietHours = QuietHours()) {
        self.rules = rules
        self.quietHours = quietHours
    }

    /// Event types named by at least one rule, in first-use order.
    public var eventTypes: [String] {
        var seen: Set<String> = []
        return rules.map(\.event).filter { seen.insert($0).inserted }
    }
}
