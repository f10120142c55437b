/// A date or date-time removed from a recurrence set (RFC 5545 `EXDATE`).
public enum RecurrenceExclusion: Hashable, Sendable {
    /// Removes every occurrence on that day, whatever its time.
    case date(LocalDate)
    /// Removes the occurrence at exactly that Vietnam wall-clock time.
    case dateTime(LocalDateTime)

    func excludes(_ occurrence: LocalDateTime) -> Bool {
        switch self {
        case let .date(date): return occurrence.date == date
        case let .dateTime(time): return occurrence == time
        }
    }
}
