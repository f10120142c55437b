/// How a meeting series repeats: an RFC 5545 RRULE, a lunar pattern, or a single occurrence.
///
/// Text forms, as stored and typed:
/// - RRULE: `FREQ=MONTHLY;BYDAY=-1FR` (see `RecurrenceRule.parse`);
/// - lunar: `15` (lunar day 15 of every month, leap months included), `15 noleap` (leap months left out),
///   `10/3` (lunar 10/3 every year).
public enum MeetingRecurrence: Hashable, Sendable {
    case once
    case rule(RecurrenceRule)
    case lunar(LunarRecurrence, count: Int?)

    /// Reads the two optional texts a person types; giving both is refused.
    public static func parse(rrule: String?, lunar: String?, lunarCount: Int? = nil) throws -> MeetingRecurrence {
        switch (rrule?.isEmpty == false ? rrule : nil, lunar?.isEmpty == false ? lunar : nil) {
        case (nil, nil): return .once
        case let (text?, nil): return .rule(try RecurrenceRule.parse(text))
        case let (nil, text?): return .lunar(try parseLunar(text), count: lunarCount)
        case (_?, _?):
            throw CoreError.invalidValue(field: "lunar", value: lunar ?? "", expected: "either an RRULE or a lunar rule, not both")
        }
    }

    /// `15`, `15 noleap` or `10/3`.
    public static func parseLunar(_ text: String) throws -> LunarRecurrence {
        let words = text.split(separator: " ").map(String.init)
        let expected = "a lunar day such as 15 (every lunar month), '15 noleap' (leap months left out) or 10/3 (day/month, every year)"
        guard let first = words.first, words.count <= 2, words.count == 1 || words[1] == "noleap" else {
            throw CoreError.invalidValue(field: "lunar", value: text, expected: expected)
        }
        let parts = first.split(separator: "/").map { Int($0) }
        do {
            switch parts.count {
            case 1:
                guard let day = parts[0] else { throw CoreError.invalidValue(field: "lunar", value: text, expected: expected) }
                return try LunarRecurrence(.monthly(day: day), includesLeapMonths: words.count == 1)
            case 2:
                guard let day = parts[0], let month = parts[1], words.count == 1 else {
                    throw CoreError.invalidValue(field: "lunar", value: text, expected: expected)
                }
                return try LunarRecurrence(.yearly(month: month, day: day))
            default:
                throw CoreError.invalidValue(field: "lunar", value: text, expected: expected)
            }
        } catch let error as CalendarError {
            throw CoreError.invalidValue(field: "lunar", value: text, expected: "\(expected) (\(error.description))")
        }
    }

    /// The RRULE text, or nil.
    public var ruleText: String? {
        if case let .rule(rule) = self { return rule.description }
        return nil
    }

    /// The lunar text (`15`, `15 noleap`, `10/3`), or nil.
    public var lunarText: String? {
        guard case let .lunar(rule, _) = self else { return nil }
        switch rule.pattern {
        case let .monthly(day): return rule.includesLeapMonths ? "\(day)" : "\(day) noleap"
        case let .yearly(month, day): return "\(day)/\(month)"
        }
    }

    /// The most occurrences one expansion returns (a daily rule over 270 years); `plan` stops there.
    public static let maxOccurrences = 100_000

    /// The occurrences in `window` (and, for a rule with COUNT or UNTIL, within its bound), before any holiday policy.
    public func occurrences(start: LocalDateTime, window: ClosedRange<LocalDate>, excluding: [RecurrenceExclusion] = [],
                            limit: Int = MeetingRecurrence.maxOccurrences) throws -> [LocalDateTime] {
        switch self {
        case .once:
            let excluded = excluding.contains { exclusion in
                switch exclusion {
                case let .date(date): return date == start.date
                case let .dateTime(time): return time == start
                }
            }
            return window.contains(start.date) && !excluded ? [start] : []
        case let .rule(rule):
            return try rule.expand(start: start, window: window, excluding: excluding, limit: limit)
        case let .lunar(rule, count):
            return try rule.expand(start: start, window: window, count: count, excluding: excluding, limit: limit)
        }
    }

    /// The occurrences in `window` after `policy` moved, kept or dropped those on non-working days.
    /// Pure computation: the store writes the result in batches.
    public func plan(start: LocalDateTime, window: ClosedRange<LocalDate>, excluding: [RecurrenceExclusion] = [],
                     policy: HolidayPolicy, holidays: HolidayCalendar) throws -> [AdjustedOccurrence] {
        try policy.apply(to: try occurrences(start: start, window: window, excluding: excluding), calendar: holidays)
    }

    /// The same plan with holidays looked up in a precomputed index (for many series at once).
    public func plan(start: LocalDateTime, window: ClosedRange<LocalDate>, excluding: [RecurrenceExclusion] = [],
                     policy: HolidayPolicy, index: HolidayIndex) throws -> [AdjustedOccurrence] {
        try policy.apply(to: try occurrences(start: start, window: window, excluding: excluding), index: index)
    }
}
