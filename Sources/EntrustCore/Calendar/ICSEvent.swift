import Foundation

/// One event of an ICS feed: a meeting, a training, possibly recurring.
///
/// Times are Vietnam wall-clock times and are written with `TZID=Asia/Ho_Chi_Minh`.
public struct ICSEvent: Hashable, Sendable {
    /// RFC 5545 `STATUS` values for events.
    public enum Status: String, Hashable, Sendable, CaseIterable {
        case tentative = "TENTATIVE", confirmed = "CONFIRMED", cancelled = "CANCELLED"
    }

    /// Stable and globally unique, e.g. `meeting-TS-G07-2024@entrust.vbsp`.
    public var uid: String
    /// When this version of the event was produced (written in UTC). Passed in: Core reads no clock.
    public var stamp: Date
    public var start: LocalDateTime
    public var end: LocalDateTime?
    public var summary: String
    public var location: String?
    public var description: String?
    public var recurrence: RecurrenceRule?
    /// Occurrences removed from the recurrence (`EXDATE`), as start date-times.
    public var exclusions: [LocalDateTime]
    /// Incremented each time the event is changed, so calendar apps replace their copy.
    public var sequence: Int
    public var status: Status

    public init(uid: String, stamp: Date, start: LocalDateTime, end: LocalDateTime? = nil, summary: String,
                location: String? = nil, description: String? = nil, recurrence: RecurrenceRule? = nil,
                exclusions: [LocalDateTime] = [], sequence: Int = 0, status: Status = .confirmed) {
        self.uid = uid
        self.stamp = stamp
        self.start = start
        self.end = end
        self.summary = summary
        self.location = location
        self.description = description
        self.recurrence = recurrence
        self.exclusions = exclusions
        self.sequence = sequence
        self.status = status
    }
}
