/// A day of the week, spelled as RFC 5545 spells it (`MO` … `SU`).
///
/// The raw value is the ISO weekday, matching `LocalDate.isoWeekday`: 1 = Monday … 7 = Sunday.
public enum Weekday: Int, Hashable, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The weekday of a date.
    public init(of date: LocalDate) {
        self = Weekday(rawValue: date.isoWeekday)!
    }

    /// Reads `MO`, `TU`, `WE`, `TH`, `FR`, `SA` or `SU` (upper case).
    public init?(rfc5545 code: some StringProtocol) {
        guard let index = Weekday.codes.firstIndex(of: String(code)) else { return nil }
        self = Weekday(rawValue: index + 1)!
    }

    private static let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    /// `MO` … `SU`.
    public var rfc5545: String { Weekday.codes[rawValue - 1] }

    public var description: String { rfc5545 }

    /// Saturday and Sunday: the days Vietnamese public offices and the bank do not work.
    public var isWeekend: Bool { self == .saturday || self == .sunday }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
