/// An RFC 5545 recurrence rule (`RRULE`) restricted to what entrust schedules need:
/// `FREQ` (DAILY, WEEKLY, MONTHLY, YEARLY), `INTERVAL`, `COUNT`, `UNTIL`, `BYDAY` (with ordinals),
/// `BYMONTHDAY` (negative counts from the month's end), `BYMONTH`, `BYSETPOS` and `WKST`.
///
/// The time of day always comes from the start (DTSTART): parts that repeat within a day
/// (`BYHOUR`, `BYMINUTE`, `BYSECOND`) are refused, as are `BYWEEKNO`, `BYYEARDAY` and RFC 7529's
/// `RSCALE`/`SKIP`. Lunar dates have their own series, `LunarRecurrence`.
///
/// Build one with `parse(_:)` or with the validating initialiser; both enforce the same rules.
/// Expand it with `expand(start:window:excluding:limit:)`.
public struct RecurrenceRule: Hashable, Sendable, CustomStringConvertible {
    /// How often the rule's period repeats.
    public enum Frequency: String, Hashable, Sendable, CaseIterable {
        case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY"
    }

    /// A `BYDAY` entry: a weekday, optionally with an ordinal (`2TU` = second Tuesday, `-1FR` = last Friday).
    public struct WeekdayNumber: Hashable, Sendable, CustomStringConvertible {
        /// 1…53 or -1…-53; nil means every such weekday in the period.
        public let ordinal: Int?
        public let weekday: Weekday

        public init(_ weekday: Weekday, ordinal: Int? = nil) {
            self.weekday = weekday
            self.ordinal = ordinal
        }

        public var description: String {
            (ordinal.map(String.init) ?? "") + weekday.rfc5545
        }
    }

    /// The `UNTIL` bound, kept in the form it was written so the rule prints back the same way.
    public enum Until: Hashable, Sendable, CustomStringConvertible {
        /// `UNTIL=20241231`: occurrences on or before that day.
        case date(LocalDate)
        /// `UNTIL=20241231T170000`: a Vietnam wall-clock time.
        case local(LocalDateTime)
        /// `UNTIL=20241231T100000Z`: a UTC time, compared after conversion to Vietnam time (UTC+7).
        case utc(LocalDateTime)

        public var description: String {
            switch self {
            case let .date(date): return String(format: "%04d%02d%02d", date.year, date.month, date.day)
            case let .local(time): return time.basic
            case let .utc(time): return time.basic + "Z"
            }
        }

        /// Whether an occurrence (Vietnam time) is within the bound.
        func admits(_ occurrence: LocalDateTime) -> Bool {
            switch self {
            case let .date(date): return occurrence.date <= date
            case let .local(time): return occurrence <= time
            case let .utc(time): return occurrence <= LocalDateTime.vietnam(fromUTC: time)
            }
        }

        /// The last Vietnam date that can hold an occurrence.
        var lastDate: LocalDate {
            switch self {
            case let .date(date): return date
            case let .local(time): return time.date
            case let .utc(time): return LocalDateTime.vietnam(fromUTC: time).date
            }
        }

        /// The bound as a UTC value, as RFC 5545 requires next to a DTSTART with a TZID.
        /// A date bound becomes the last second of that day in Vietnam.
        var utcText: String {
            switch self {
            case let .date(date):
                return LocalDateTime(date: date, hour: 23, minute: 59, second: 59)!.utc.basic + "Z"
            case let .local(time): return time.utc.basic + "Z"
            case let .utc(time): return time.basic + "Z"
            }
        }
    }

    public let frequency: Frequency
    /// Every `interval`-th period (1 = every period).
    public let interval: Int
    /// The number of occurrences in the recurrence set, DTSTART included (before EXDATE removal).
    public let count: Int?
    public let until: Until?
    public let byDay: [WeekdayNumber]
    /// 1…31 or -31…-1 (-1 is the month's last day).
    public let byMonthDay: [Int]
    /// 1…12.
    public let byMonth: [Int]
    /// 1…366 or -366…-1: which of each period's dates to keep (-1 = the last).
    public let bySetPos: [Int]
    /// The first day of the week (`WKST`); matters for WEEKLY rules with an interval above 1.
    public let weekStart: Weekday

    /// Creates a rule, checking the constraints RFC 5545 puts on the parts and on their combination.
    /// Throws `CalendarError` naming the offending part.
    public init(frequency: Frequency, interval: Int = 1, count: Int? = nil, until: Until? = nil,
                byDay: [WeekdayNumber] = [], byMonthDay: [Int] = [], byMonth: [Int] = [],
                bySetPos: [Int] = [], weekStart: Weekday = .monday) throws {
        guard interval >= 1 else {
            throw CalendarError.invalidRuleValue(part: "INTERVAL", value: String(interval), expected: "a whole number of at least 1")
        }
        if let count, count < 1 {
            throw CalendarError.invalidRuleValue(part: "COUNT", value: String(count), expected: "a whole number of at least 1")
        }
        if count != nil, until != nil { throw CalendarError.countWithUntil }
        for month in byMonth where !(1...12).contains(month) {
            throw CalendarError.invalidRuleValue(part: "BYMONTH", value: String(month), expected: "months 1 to 12")
        }
        if !byMonthDay.isEmpty, frequency == .weekly {
            throw CalendarError.invalidRuleValue(part: "BYMONTHDAY", value: RecurrenceRule.list(byMonthDay),
                                                 expected: "no BYMONTHDAY with FREQ=WEEKLY (RFC 5545); use BYDAY")
        }
        for day in byMonthDay where day == 0 || !(-31...31).contains(day) {
            throw CalendarError.invalidRuleValue(part: "BYMONTHDAY", value: String(day), expected: "1 to 31 or -31 to -1 (-1 is the last day)")
        }
        for entry in byDay {
            guard let ordinal = entry.ordinal else { continue }
            switch frequency {
            case .daily, .weekly:
                throw CalendarError.invalidRuleValue(
                    part: "BYDAY", value: entry.description,
                    expected: "a plain weekday such as \(entry.weekday.rfc5545): ordinals are allowed only with FREQ=MONTHLY or FREQ=YEARLY")
            case .monthly:
                guard ordinal != 0, (-5...5).contains(ordinal) else {
                    throw CalendarError.invalidRuleValue(part: "BYDAY", value: entry.description,
                                                         expected: "an ordinal 1 to 5 or -1 to -5 with FREQ=MONTHLY (a month has at most five of a weekday)")
                }
            case .yearly:
                // With BYMONTH the ordinal counts within the month, otherwise within the year.
                let bound = byMonth.isEmpty ? 53 : 5
                guard ordinal != 0, (-bound...bound).contains(ordinal) else {
                    let scope = byMonth.isEmpty ? "a year has at most 53" : "with BYMONTH it counts within the month, which has at most five"
                    throw CalendarError.invalidRuleValue(part: "BYDAY", value: entry.description,
                                                         expected: "an ordinal 1 to \(bound) or -1 to -\(bound) with FREQ=YEARLY (\(scope))")
                }
            }
        }
        for position in bySetPos where position == 0 || !(-366...366).contains(position) {
            throw CalendarError.invalidRuleValue(part: "BYSETPOS", value: String(position), expected: "1 to 366 or -366 to -1")
        }
        if !bySetPos.isEmpty, byDay.isEmpty, byMonthDay.isEmpty, byMonth.isEmpty {
            throw CalendarError.invalidRuleValue(part: "BYSETPOS", value: RecurrenceRule.list(bySetPos),
                                                 expected: "BYSETPOS only together with BYDAY, BYMONTHDAY or BYMONTH")
        }
        self.frequency = frequency
        self.interval = interval
        self.count = count
        self.until = until
        self.byDay = byDay
        self.byMonthDay = byMonthDay
        self.byMonth = byMonth
        self.bySetPos = bySetPos
        self.weekStart = weekStart
    }

    // MARK: - Text

    /// The rule in canonical RFC 5545 form, parts in a fixed order, e.g. `FREQ=MONTHLY;COUNT=4;BYDAY=-1FR`.
    /// `INTERVAL=1` and `WKST=MO` (the defaults) are left out. `parse(description)` gives the rule back.
    public var description: String { text(untilInUTC: false) }

    /// The rule as written next to a `DTSTART;TZID=…` in an ICS file: RFC 5545 then requires
    /// `UNTIL` in UTC, so a date or local bound is converted (a date bound becomes 23:59:59 Vietnam time).
    public var icsValue: String { text(untilInUTC: true) }

    private func text(untilInUTC: Bool) -> String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if let count { parts.append("COUNT=\(count)") }
        if let until { parts.append("UNTIL=" + (untilInUTC ? until.utcText : until.description)) }
        if !byMonth.isEmpty { parts.append("BYMONTH=" + RecurrenceRule.list(byMonth)) }
        if !byMonthDay.isEmpty { parts.append("BYMONTHDAY=" + RecurrenceRule.list(byMonthDay)) }
        if !byDay.isEmpty { parts.append("BYDAY=" + byDay.map(\.description).joined(separator: ",")) }
        if !bySetPos.isEmpty { parts.append("BYSETPOS=" + RecurrenceRule.list(bySetPos)) }
        if weekStart != .monday { parts.append("WKST=\(weekStart.rfc5545)") }
        return parts.joined(separator: ";")
    }

    private static func list(_ values: [Int]) -> String {
        values.map(String.init).joined(separator: ",")
    }
}
