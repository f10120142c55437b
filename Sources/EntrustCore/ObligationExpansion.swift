/// A dated occurrence of an obligation, computed before it is stored.
public struct PlannedOccurrence: Hashable, Sendable {
    public var code: String
    public var dueDate: LocalDate
    /// The last day on which the occurrence is still on time (due date + grace).
    public var lateAfter: LocalDate
    /// What makes the occurrence unique within its contract and obligation: `2024-03`, `2024`, `disbursement:L-123`.
    public var periodKey: String

    public init(code: String, dueDate: LocalDate, lateAfter: LocalDate, periodKey: String) {
        self.code = code
        self.dueDate = dueDate
        self.lateAfter = lateAfter
        self.periodKey = periodKey
    }
}

/// Turns templates into dated obligations. Pure: the store decides what to insert.
///
/// Days that do not exist in a month (a fixed day of 31 in April, 29 February in a common year)
/// move to the month's last day: a deadline on the 31st of a 30-day month is the 30th.
public enum ObligationExpander {
    /// Occurrences of the calendar-driven obligations whose due dates fall in `window` and in the contract term.
    /// Event-driven obligations are not produced here (see `forEvent`).
    public static func expand(_ obligations: [ObligationTemplate], contractStart: LocalDate, contractEnd: LocalDate,
                              fixedDay: Int?, window: ClosedRange<LocalDate>) -> [PlannedOccurrence] {
        let from = max(window.lowerBound, contractStart)
        let to = min(window.upperBound, contractEnd)
        guard from <= to else { return [] }
        var result: [PlannedOccurrence] = []
        for obligation in obligations {
            func add(_ due: LocalDate, _ key: String) {
                guard due >= from, due <= to else { return }
                result.append(PlannedOccurrence(code: obligation.code, dueDate: due,
                                                lateAfter: due.adding(days: obligation.graceDays), periodKey: key))
            }
            let firstMonth = contractStart.yearMonth
            switch obligation.schedule {
            case .transactionDay:
                guard let fixedDay else { continue }
                forEachMonth(from.yearMonth, to.yearMonth) { month in
                    add(LocalDate.clamped(year: month.year, month: month.month, day: fixedDay), month.iso)
                }
            case let .monthly(every, day):
                forEachMonth(from.yearMonth, to.yearMonth) { month in
                    guard firstMonth.months(until: month) % every == 0 else { return }
                    add(LocalDate.clamped(year: month.year, month: month.month, day: day), month.iso)
                }
            case let .yearly(every, month, day):
                for year in from.year...to.year where (year - contractStart.year) % every == 0 {
                    add(LocalDate.clamped(year: year, month: month, day: day), String(year))
                }
            case let .yearlyQuota(_, month, day):
                for year in from.year...to.year {
                    add(LocalDate.clamped(year: year, month: month, day: day), String(year))
                }
            case .afterEvent:
                continue
            }
        }
        return result.sorted { ($0.dueDate, $0.code) < ($1.dueDate, $1.code) }
    }

    /// Occurrences created when an event is recorded: one per obligation that waits for that event kind.
    public static func forEvent(_ obligations: [ObligationTemplate], kind: EventKind, on date: LocalDate,
                                reference: String) -> [PlannedOccurrence] {
        obligations.compactMap { obligation in
            guard case let .afterEvent(eventKind, days) = obligation.schedule, eventKind == kind else { return nil }
            let due = date.adding(days: days)
            return PlannedOccurrence(code: obligation.code, dueDate: due, lateAfter: due.adding(days: obligation.graceDays),
                                     periodKey: "\(kind.rawValue):\(reference)")
        }
    }

    private static func forEachMonth(_ first: YearMonth, _ last: YearMonth, _ body: (YearMonth) -> Void) {
        var month = first
        while month <= last {
            body(month)
            month = month.adding(months: 1)
        }
    }
}

/// The status of an obligation occurrence as a person sees it. `late` is derived, never stored.
public enum ObligationStatus: String, Codable, Sendable, CaseIterable {
    case open, done, late, waived

    /// `open` turns into `late` once today is past the grace period.
    public static func derive(stored: ObligationStatus, lateAfter: LocalDate, today: LocalDate) -> ObligationStatus {
        stored == .open && today > lateAfter ? .late : stored
    }
}
