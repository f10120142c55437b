/// Progress on an annual training quota ("train 120 part-time officers by 30 September"), and whether it
/// is falling behind: fewer people trained than a straight line from 1 January to the deadline expects.
public struct QuotaProgress: Hashable, Sendable {
    public let target: Int
    public let trained: Int
    public let yearStart: LocalDate
    public let deadline: LocalDate
    public let today: LocalDate

    public init(target: Int, trained: Int, yearStart: LocalDate, deadline: LocalDate, today: LocalDate) {
        self.target = target
        self.trained = trained
        self.yearStart = yearStart
        self.deadline = deadline
        self.today = today
    }

    /// How many should have been trained by today on a straight line (rounded up: a part of a person is a person).
    public var expectedByToday: Int {
        if today >= deadline { return target }
        if today < yearStart { return 0 }
        let total = max(1, yearStart.days(until: deadline))
        let elapsed = yearStart.days(until: today)
        return (target * elapsed + total - 1) / total
    }

    /// Whole percent of the target reached (rounded down).
    public var percentDone: Int { target == 0 ? 100 : trained * 100 / target }

    public var isMet: Bool { trained >= target }

    /// Behind the straight line (or past the deadline short of the target).
    public var isBehindSchedule: Bool { !isMet && trained < expectedByToday }
}
