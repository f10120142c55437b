/// One month of the Vietnamese lunar calendar and where it lies in the solar calendar.
public struct LunarMonth: Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let isLeapMonth: Bool
    /// The solar date of day 1: the day (UTC+7) on which the new moon falls.
    public let firstDay: LocalDate
    /// 29 or 30.
    public let length: Int

    public init(year: Int, month: Int, isLeapMonth: Bool, firstDay: LocalDate, length: Int) {
        self.year = year
        self.month = month
        self.isLeapMonth = isLeapMonth
        self.firstDay = firstDay
        self.length = length
    }

    /// The solar date of the last day.
    public var lastDay: LocalDate { firstDay.adding(days: length - 1) }

    /// The solar date of lunar `day` of this month, or nil past the month's end.
    public func solarDate(day: Int) -> LocalDate? {
        (1...length).contains(day) ? firstDay.adding(days: day - 1) : nil
    }

    public var description: String {
        "\(month)\(isLeapMonth ? " nhuận" : "")/\(year) from \(firstDay), \(length) days"
    }
}
