extension RecurrenceRule {
    /// Parses an RFC 5545 `RRULE` value such as `FREQ=MONTHLY;BYDAY=-1FR;COUNT=6`.
    ///
    /// A leading `RRULE:` is accepted. Names and values are case-insensitive, as RFC 5545 says.
    /// Refused, with a `CalendarError` naming the part: unknown or unsupported parts, a part given
    /// twice, a missing `FREQ`, `COUNT` with `UNTIL`, and bad values (`BYDAY=9MO` in a monthly rule,
    /// `BYMONTHDAY=0`, `UNTIL=20240230` …).
    public static func parse(_ text: String) throws -> RecurrenceRule {
        var body = Substring(text.trimmingCharacters(in: .whitespaces).uppercased())
        if body.hasPrefix("RRULE:") { body = body.dropFirst(6) }
        guard !body.isEmpty else { throw CalendarError.emptyRule }

        var values: [String: String] = [:]
        for rawPart in body.split(separator: ";", omittingEmptySubsequences: false) {
            let pieces = rawPart.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty else {
                throw CalendarError.malformedRulePart(part: String(rawPart))
            }
            let name = String(pieces[0]), value = String(pieces[1])
            if let reason = unsupportedParts[name] {
                throw CalendarError.unsupportedRulePart(name: name, reason: reason)
            }
            guard supportedParts.contains(name) else { throw CalendarError.unknownRulePart(name: name) }
            guard values[name] == nil else { throw CalendarError.duplicateRulePart(name: name) }
            guard !value.isEmpty else {
                throw CalendarError.invalidRuleValue(part: name, value: value, expected: "a value after '='")
            }
            values[name] = value
        }

        guard let frequencyText = values["FREQ"] else { throw CalendarError.missingFrequency }
        guard let frequency = Frequency(rawValue: frequencyText) else {
            let subDaily = ["SECONDLY", "MINUTELY", "HOURLY"].contains(frequencyText)
            throw CalendarError.invalidRuleValue(
                part: "FREQ", value: frequencyText,
                expected: "DAILY, WEEKLY, MONTHLY or YEARLY" + (subDaily ? "; repeating within a day is not supported" : ""))
        }
        return try RecurrenceRule(
            frequency: frequency,
            interval: try values["INTERVAL"].map { try positiveNumber($0, part: "INTERVAL") } ?? 1,
            count: try values["COUNT"].map { try positiveNumber($0, part: "COUNT") },
            until: try values["UNTIL"].map(parseUntil),
            byDay: try values["BYDAY"].map(parseByDay) ?? [],
            byMonthDay: try values["BYMONTHDAY"].map { try numberList($0, part: "BYMONTHDAY", expected: "1 to 31 or -31 to -1, comma-separated") } ?? [],
            byMonth: try values["BYMONTH"].map { try numberList($0, part: "BYMONTH", expected: "months 1 to 12, comma-separated") } ?? [],
            bySetPos: try values["BYSETPOS"].map { try numberList($0, part: "BYSETPOS", expected: "1 to 366 or -366 to -1, comma-separated") } ?? [],
            weekStart: try values["WKST"].map { text in
                guard let day = Weekday(rfc5545: text) else {
                    throw CalendarError.invalidRuleValue(part: "WKST", value: text, expected: "one of MO, TU, WE, TH, FR, SA, SU")
                }
                return day
            } ?? .monday)
    }

    private static let supportedParts: Set<String> = [
        "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST",
    ]

    /// Parts RFC 5545 (or RFC 7529) defines that entrust refuses, with the reason shown to the person.
    private static let unsupportedParts: [String: String] = [
        "BYSECOND": "the time of day comes from the start; rules repeat by day, not within a day",
        "BYMINUTE": "the time of day comes from the start; rules repeat by day, not within a day",
        "BYHOUR": "the time of day comes from the start; rules repeat by day, not within a day",
        "BYWEEKNO": "week numbers are not used by entrust schedules; use BYMONTH, BYMONTHDAY or BYDAY",
        "BYYEARDAY": "days of the year are not used by entrust schedules; use BYMONTH with BYMONTHDAY",
        "RSCALE": "RFC 7529 calendar scales are not supported; use a lunar series for lunar dates",
        "SKIP": "RFC 7529 SKIP is not supported: days that do not exist are always skipped",
    ]

    private static func isDigits(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func positiveNumber(_ text: String, part: String) throws -> Int {
        guard isDigits(text), text.count <= 9, let value = Int(text), value >= 1 else {
            throw CalendarError.invalidRuleValue(part: part, value: text, expected: "a whole number of at least 1")
        }
        return value
    }

    /// A comma-separated list of signed whole numbers; ranges are checked by the initialiser.
    private static func numberList(_ text: String, part: String, expected: String) throws -> [Int] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { item in
            var digits = Substring(item)
            var sign = 1
            if digits.first == "+" || digits.first == "-" {
                sign = digits.first == "-" ? -1 : 1
                digits = digits.dropFirst()
            }
            guard isDigits(digits), digits.count <= 3, let value = Int(digits) else {
                throw CalendarError.invalidRuleValue(part: part, value: String(item), expected: expected)
            }
            return sign * value
        }
    }

    private static func parseByDay(_ text: String) throws -> [WeekdayNumber] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { item in
            let expected = "weekdays MO, TU, WE, TH, FR, SA, SU, optionally with an ordinal such as 2TU or -1FR"
            guard item.count >= 2, let weekday = Weekday(rfc5545: item.suffix(2)) else {
                throw CalendarError.invalidRuleValue(part: "BYDAY", value: String(item), expected: expected)
            }
            var prefix = item.dropLast(2)
            guard !prefix.isEmpty else { return WeekdayNumber(weekday) }
            var sign = 1
            if prefix.first == "+" || prefix.first == "-" {
                sign = prefix.first == "-" ? -1 : 1
                prefix = prefix.dropFirst()
            }
            guard isDigits(prefix), prefix.count <= 2, let number = Int(prefix), number >= 1 else {
                throw CalendarError.invalidRuleValue(part: "BYDAY", value: String(item), expected: expected)
            }
            return WeekdayNumber(weekday, ordinal: sign * number)
        }
    }

    /// `YYYYMMDD`, `YYYYMMDDTHHMMSS` (Vietnam wall clock) or `YYYYMMDDTHHMMSSZ` (UTC).
    private static func parseUntil(_ text: String) throws -> Until {
        let expected = "YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ, a day and time that exist"
        func fail() -> CalendarError { .invalidRuleValue(part: "UNTIL", value: text, expected: expected) }
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) throws -> Int {
            var value = 0
            for index in range {
                guard bytes[index] >= 48, bytes[index] <= 57 else { throw fail() }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard bytes.count == 8 || bytes.count == 15 || bytes.count == 16 else { throw fail() }
        guard let date = LocalDate(year: try number(0..<4), month: try number(4..<6), day: try number(6..<8)) else { throw fail() }
        if bytes.count == 8 { return .date(date) }
        guard bytes[8] == UInt8(ascii: "T") else { throw fail() }
        guard let time = LocalDateTime(date: date, hour: try number(9..<11), minute: try number(11..<13),
                                       second: try number(13..<15)) else { throw fail() }
        if bytes.count == 15 { return .local(time) }
        guard bytes[15] == UInt8(ascii: "Z") else { throw fail() }
        return .utc(time)
    }
}
