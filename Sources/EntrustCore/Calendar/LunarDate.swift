/// A date in the Vietnamese lunar calendar (*âm lịch*): day 1…30 of month 1…12 of a lunar year.
///
/// The lunar year is numbered like the solar year in which its first day (Tết) falls, so lunar
/// month 12 of year 2024 ends in early 2025. `isLeapMonth` marks the intercalary month (*tháng nhuận*),
/// which repeats the number of the month before it.
public struct LunarDate: Hashable, Sendable, CustomStringConvertible {
    public let day: Int
    public let month: Int
    public let year: Int
    public let isLeapMonth: Bool

    /// Any day 1…30 and month 1…12; whether the date exists in that year is checked by
    /// `VietnameseLunarCalendar.solar(from:)`.
    public init(day: Int, month: Int, year: Int, isLeapMonth: Bool = false) {
        self.day = day
        self.month = month
        self.year = year
        self.isLeapMonth = isLeapMonth
    }

    /// `15/8/2024`, or `1/4 nhuận/2020` for a day of a leap month (the Vietnamese way of writing it).
    public var description: String {
        "\(day)/\(month)\(isLeapMonth ? " nhuận" : "")/\(year)"
    }

    /// The can-chi name of the lunar year, e.g. Giáp Thìn for 2024.
    public var yearName: CanChi { CanChi(lunarYear: year) }
}
