/// One occurrence after a `HolidayPolicy`: where it ended up and why, for a holidays preview.
public struct AdjustedOccurrence: Hashable, Sendable {
    public enum Outcome: Hashable, Sendable {
        /// The day is a working day; nothing to do.
        case unchanged
        /// The day is not a working day, and the policy keeps it there.
        case kept
        /// Moved to another day, same time.
        case moved(to: LocalDateTime)
        /// Dropped.
        case skipped
    }

    /// The occurrence as the recurrence produced it.
    public let original: LocalDateTime
    public let outcome: Outcome
    /// Why the original day is not a working day; empty when it is one.
    public let reasons: [NonWorkingReason]

    public init(original: LocalDateTime, outcome: Outcome, reasons: [NonWorkingReason]) {
        self.original = original
        self.outcome = outcome
        self.reasons = reasons
    }

    /// When the occurrence takes place, or nil when it was skipped.
    public var result: LocalDateTime? {
        switch outcome {
        case .unchanged, .kept: return original
        case let .moved(to): return to
        case .skipped: return nil
        }
    }

    /// Whether the occurrence changed day (moved or skipped).
    public var isChanged: Bool {
        switch outcome {
        case .unchanged, .kept: return false
        case .moved, .skipped: return true
        }
    }
}
