import Testing
@testable import EntrustCore

private func at(_ text: String) -> LocalDateTime { try! LocalDateTime.parse(text) }
private func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }
/// Expands `rule` from `start` and returns the dates as `YYYY-MM-DD` strings (times checked separately).
private func dates(_ rule: String, from start: String, window: ClosedRange<LocalDate>? = nil,
                   excluding: [RecurrenceExclusion] = [], limit: Int = 1_000) throws -> [String] {
    try RecurrenceRule.parse(rule).expand(start: at(start), window: window, excluding: excluding, limit: limit).map(\.date.iso)
}

@Suite struct RecurrenceRuleExpansionTests {
    // MARK: Monthly by weekday

    @Test func lastFridayOfEachMonth() throws {
        let occurrences = try RecurrenceRule.parse("FREQ=MONTHLY;BYDAY=-1FR;COUNT=6").expand(start: at("2024-01-26T08:00"), limit: 100)
        #expect(occurrences.map(\.date.iso) == ["2024-01-26", "2024-02-23", "2024-03-29", "2024-04-26", "2024-05-31", "2024-06-28"])
        #expect(occurrences.allSatisfy { $0.hour == 8 && $0.minute == 0 })
    }

    @Test func lastFridayWithAWindowAndNoCount() throws {
        #expect(try dates("FREQ=MONTHLY;BYDAY=-1FR", from: "2024-01-26T08:00", window: day("2024-03-01")...day("2024-05-31"))
                == ["2024-03-29", "2024-04-26", "2024-05-31"])
    }

    @Test func secondTuesday() throws {
        #expect(try dates("FREQ=MONTHLY;BYDAY=2TU;COUNT=4", from: "2024-01-09T14:00")
                == ["2024-01-09", "2024-02-13", "2024-03-12", "2024-04-09"])
    }

    @Test func firstFridayRFCExample() throws {
        #expect(try dates("FREQ=MONTHLY;COUNT=10;BYDAY=1FR", from: "1997-09-05T09:00")
                == ["1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05", "1998-01-02",
                    "1998-02-06", "1998-03-06", "1998-04-03", "1998-05-01", "1998-06-05"])
    }

    // MARK: Month days

    @Test func lastDayOfTheMonth() throws {
        #expect(try dates("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=5", from: "2024-01-31T09:00")
                == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"])
    }

    @Test func day31SkipsShortMonthsAndIsNeverClamped() throws {
        let expected = ["2024-01-31", "2024-03-31", "2024-05-31", "2024-07-31", "2024-08-31"]
        #expect(try dates("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=5", from: "2024-01-31T09:00") == expected)
        // Without BYMONTHDAY the day comes from the start: the same set.
        #expect(try dates("FREQ=MONTHLY;COUNT=5", from: "2024-01-31T09:00") == expected)
        // April has no 31st: nothing, not the 30th.
        #expect(try dates("FREQ=MONTHLY;BYMONTHDAY=31", from: "2024-01-31T09:00", window: day("2024-04-01")...day("2024-04-30")) == [])
    }

    @Test func invalidFebruary30IsIgnoredRFCExample() throws {
        #expect(try dates("FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5", from: "2007-01-15T09:00")
                == ["2007-01-15", "2007-01-30", "2007-02-15", "2007-03-15", "2007-03-30"])
    }

    @Test func secondAndFifteenthRFCExample() throws {
        #expect(try dates("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15", from: "1997-09-02T09:00")
                == ["1997-09-02", "1997-09-15", "1997-10-02", "1997-10-15", "1997-11-02",
                    "1997-11-15", "1997-12-02", "1997-12-15", "1998-01-02", "1998-01-15"])
    }

    @Test func fridayThe13thWithTheStartExcludedRFCExample() throws {
        #expect(try dates("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", from: "1997-09-02T09:00",
                          window: day("1997-01-01")...day("2000-12-31"), excluding: [.dateTime(at("1997-09-02T09:00"))])
                == ["1998-02-13", "1998-03-13", "1998-11-13", "1999-08-13", "2000-10-13"])
    }

    @Test func saturdayAfterTheFirstSundayRFCExample() throws {
        #expect(try dates("FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13;COUNT=10", from: "1997-09-13T09:00")
                == ["1997-09-13", "1997-10-11", "1997-11-08", "1997-12-13", "1998-01-10",
                    "1998-02-07", "1998-03-07", "1998-04-11", "1998-05-09", "1998-06-13"])
    }

    // MARK: Yearly

    @Test func february29OnlyInLeapYears() throws {
        #expect(try dates("FREQ=YEARLY;COUNT=3", from: "2024-02-29T10:00") == ["2024-02-29", "2028-02-29", "2032-02-29"])
        // 2100 is not a leap year.
        #expect(try dates("FREQ=YEARLY", from: "2024-02-29T10:00", window: day("2096-01-01")...day("2104-12-31"))
                == ["2096-02-29", "2104-02-29"])
        let untilTurnOfCentury = try dates("FREQ=YEARLY;UNTIL=21000301", from: "2024-02-29T10:00")
        #expect(untilTurnOfCentury.count == 19)
        #expect(untilTurnOfCentury.last == "2096-02-29")
    }

    @Test func juneAndJulyRFCExample() throws {
        #expect(try dates("FREQ=YEARLY;COUNT=10;BYMONTH=6,7", from: "1997-06-10T09:00")
                == ["1997-06-10", "1997-07-10", "1998-06-10", "1998-07-10", "1999-06-10",
                    "1999-07-10", "2000-06-10", "2000-07-10", "2001-06-10", "2001-07-10"])
    }

    @Test func twentiethMondayOfTheYearRFCExample() throws {
        #expect(try dates("FREQ=YEARLY;BYDAY=20MO;COUNT=3", from: "1997-05-19T09:00") == ["1997-05-19", "1998-05-18", "1999-05-17"])
    }

    @Test func everyThursdayInMarchRFCExample() throws {
        #expect(try dates("FREQ=YEARLY;BYMONTH=3;BYDAY=TH;COUNT=11", from: "1997-03-13T09:00")
                == ["1997-03-13", "1997-03-20", "1997-03-27", "1998-03-05", "1998-03-12", "1998-03-19",
                    "1998-03-26", "1999-03-04", "1999-03-11", "1999-03-18", "1999-03-25"])
    }

    // MARK: Weekly and WKST

    @Test func everyOtherWeekOnTuesdayAndThursday() throws {
        #expect(try dates("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=6", from: "2024-01-02T09:00")
                == ["2024-01-02", "2024-01-04", "2024-01-16", "2024-01-18", "2024-01-30", "2024-02-01"])
    }

    /// RFC 5545's own example: the week start decides which Sunday pairs with which Tuesday.
    @Test func weekStartChangesTheSet() throws {
        #expect(try dates("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", from: "1997-08-05T09:00")
                == ["1997-08-05", "1997-08-10", "1997-08-19", "1997-08-24"])
        #expect(try dates("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", from: "1997-08-05T09:00")
                == ["1997-08-05", "1997-08-17", "1997-08-19", "1997-08-31"])
    }

    @Test func weeklyWithoutByDayRepeatsTheStartWeekday() throws {
        #expect(try dates("FREQ=WEEKLY;COUNT=3", from: "2024-01-03T08:00") == ["2024-01-03", "2024-01-10", "2024-01-17"])
    }

    // MARK: BYSETPOS

    @Test func lastWeekdayOfTheMonth() throws {
        #expect(try dates("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6", from: "2024-01-31T16:00")
                == ["2024-01-31", "2024-02-29", "2024-03-29", "2024-04-30", "2024-05-31", "2024-06-28"])
    }

    @Test func thirdTuesdayWednesdayOrThursdayRFCExample() throws {
        #expect(try dates("FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", from: "1997-09-04T09:00")
                == ["1997-09-04", "1997-10-07", "1997-11-06"])
    }

    // MARK: COUNT, UNTIL, EXDATE, window, limit

    @Test func countIncludesTheStart() throws {
        #expect(try dates("FREQ=DAILY;COUNT=3", from: "2024-01-01T08:00") == ["2024-01-01", "2024-01-02", "2024-01-03"])
    }

    @Test func untilIsInclusiveAndZTimesAreUTC() throws {
        #expect(try dates("FREQ=WEEKLY;UNTIL=20240131", from: "2024-01-03T08:00")
                == ["2024-01-03", "2024-01-10", "2024-01-17", "2024-01-24", "2024-01-31"])
        // 08:00Z is 15:00 in Vietnam: the 08:00 meeting on the 31st is in.
        #expect(try dates("FREQ=WEEKLY;UNTIL=20240131T080000Z", from: "2024-01-03T08:00").last == "2024-01-31")
        // 00:00Z is 07:00 in Vietnam: the 08:00 meeting on the 31st is out.
        #expect(try dates("FREQ=WEEKLY;UNTIL=20240131T000000Z", from: "2024-01-03T08:00").last == "2024-01-24")
        // A local bound a second before the meeting.
        #expect(try dates("FREQ=WEEKLY;UNTIL=20240131T075959", from: "2024-01-03T08:00").last == "2024-01-24")
    }

    /// RFC 5545 §3.8.5.1: the set is built from RRULE (COUNT included), then EXDATE removes members.
    @Test func exclusionsDoNotExtendCount() throws {
        #expect(try dates("FREQ=MONTHLY;BYDAY=-1FR;COUNT=4", from: "2024-01-26T08:00",
                          excluding: [.dateTime(at("2024-02-23T08:00"))])
                == ["2024-01-26", "2024-03-29", "2024-04-26"])
        #expect(try dates("FREQ=MONTHLY;BYDAY=-1FR;COUNT=4", from: "2024-01-26T08:00", excluding: [.date(day("2024-03-29"))])
                == ["2024-01-26", "2024-02-23", "2024-04-26"])
        // A date-time exclusion must match the time too.
        #expect(try dates("FREQ=MONTHLY;BYDAY=-1FR;COUNT=2", from: "2024-01-26T08:00", excluding: [.dateTime(at("2024-02-23T09:00"))])
                == ["2024-01-26", "2024-02-23"])
    }

    @Test func windowFiltersWithoutChangingWhatCountCounts() throws {
        #expect(try dates("FREQ=DAILY;COUNT=10", from: "2024-01-01T08:00", window: day("2024-01-05")...day("2024-01-20"))
                == ["2024-01-05", "2024-01-06", "2024-01-07", "2024-01-08", "2024-01-09", "2024-01-10"])
    }

    @Test func limitCapsTheResult() throws {
        #expect(try dates("FREQ=DAILY", from: "2024-01-01T08:00", window: day("2024-01-01")...day("2030-12-31"), limit: 3)
                == ["2024-01-01", "2024-01-02", "2024-01-03"])
        #expect(throws: CalendarError.invalidLimit(0)) { try dates("FREQ=DAILY;COUNT=2", from: "2024-01-01T08:00", limit: 0) }
    }

    @Test func theStartIsAlwaysTheFirstOccurrence() throws {
        // 2024-01-25 is a Thursday, not a last Friday: RFC 5545 still counts it.
        let rule = try RecurrenceRule.parse("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3")
        #expect(try rule.expand(start: at("2024-01-25T08:00"), limit: 10).map(\.date.iso) == ["2024-01-25", "2024-01-26", "2024-02-23"])
        #expect(!rule.isSynchronized(with: at("2024-01-25T08:00")))
        #expect(rule.isSynchronized(with: at("2024-01-26T08:00")))
    }

    @Test func intervalSkipsPeriods() throws {
        #expect(try dates("FREQ=DAILY;INTERVAL=10;COUNT=3", from: "2024-02-25T08:00") == ["2024-02-25", "2024-03-06", "2024-03-16"])
        #expect(try dates("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10;COUNT=3", from: "2024-01-10T08:00") == ["2024-01-10", "2024-04-10", "2024-07-10"])
        #expect(try dates("FREQ=DAILY;BYMONTH=1,2;BYDAY=MO;COUNT=3", from: "2024-01-29T08:00") == ["2024-01-29", "2024-02-05", "2024-02-12"])
    }

    // MARK: Bounds

    @Test func unboundedRuleNeedsAnEnd() throws {
        let rule = try RecurrenceRule.parse("FREQ=WEEKLY;BYDAY=MO")
        #expect(throws: CalendarError.ruleNeedsEnd(rule: "FREQ=WEEKLY;BYDAY=MO")) {
            try rule.expand(start: at("2024-01-01T08:00"), limit: 10)
        }
        #expect(CalendarError.ruleNeedsEnd(rule: rule.description).description.contains("a rule without COUNT or UNTIL needs an end date"))
    }

    @Test func ruleThatNeverMatchesStopsWithAnError() throws {
        #expect(throws: CalendarError.ruleNeverMatches(rule: "FREQ=YEARLY;COUNT=3;BYMONTH=2;BYMONTHDAY=30")) {
            try RecurrenceRule.parse("FREQ=YEARLY;BYMONTHDAY=30;BYMONTH=2;COUNT=3").expand(start: at("2024-01-01T08:00"), limit: 10)
        }
        #expect(throws: CalendarError.self) {
            try RecurrenceRule.parse("FREQ=DAILY;BYMONTHDAY=31;BYMONTH=4;COUNT=3").expand(start: at("2024-01-01T08:00"), limit: 10)
        }
        // With a window the expansion simply ends at the window: only the start.
        #expect(try dates("FREQ=MONTHLY;BYMONTHDAY=30;BYMONTH=2", from: "2024-01-01T08:00", window: day("2024-01-01")...day("2030-12-31"))
                == ["2024-01-01"])
    }
}

@Suite struct RecurrenceRuleParsingTests {
    @Test func readsEveryPart() throws {
        let rule = try RecurrenceRule.parse("RRULE:freq=yearly;interval=2;until=20301231;bymonth=1,7;bymonthday=-1,15;byday=2tu,-1fr,+3mo;bysetpos=1,-1;wkst=su")
        #expect(rule.frequency == .yearly)
        #expect(rule.interval == 2)
        #expect(rule.until == .date(day("2030-12-31")))
        #expect(rule.byMonth == [1, 7])
        #expect(rule.byMonthDay == [-1, 15])
        #expect(rule.byDay == [.init(.tuesday, ordinal: 2), .init(.friday, ordinal: -1), .init(.monday, ordinal: 3)])
        #expect(rule.bySetPos == [1, -1])
        #expect(rule.weekStart == .sunday)
        #expect(rule.description == "FREQ=YEARLY;INTERVAL=2;UNTIL=20301231;BYMONTH=1,7;BYMONTHDAY=-1,15;BYDAY=2TU,-1FR,3MO;BYSETPOS=1,-1;WKST=SU")
        #expect(try RecurrenceRule.parse(rule.description) == rule)
    }

    @Test func untilForms() throws {
        #expect(try RecurrenceRule.parse("FREQ=DAILY;UNTIL=20240131T080000").until == .local(at("2024-01-31T08:00")))
        #expect(try RecurrenceRule.parse("FREQ=DAILY;UNTIL=20240131T080000Z").until == .utc(at("2024-01-31T08:00")))
    }

    /// Next to a DTSTART with a TZID, RFC 5545 wants UNTIL in UTC.
    @Test func icsValueWritesUntilInUTC() throws {
        #expect(try RecurrenceRule.parse("FREQ=WEEKLY;UNTIL=20240131").icsValue == "FREQ=WEEKLY;UNTIL=20240131T165959Z")
        #expect(try RecurrenceRule.parse("FREQ=WEEKLY;UNTIL=20240131T080000").icsValue == "FREQ=WEEKLY;UNTIL=20240131T010000Z")
        #expect(try RecurrenceRule.parse("FREQ=WEEKLY;UNTIL=20240131T080000Z").icsValue == "FREQ=WEEKLY;UNTIL=20240131T080000Z")
    }

    @Test(arguments: [
        ("FREQ=DAILY;COUNT=3;UNTIL=20240101", CalendarError.countWithUntil),
        ("FREQ=MONTHLY;BYDAY=9MO", .invalidRuleValue(part: "BYDAY", value: "9MO",
            expected: "an ordinal 1 to 5 or -1 to -5 with FREQ=MONTHLY (a month has at most five of a weekday)")),
        ("FREQ=MONTHLY;BYDAY=0MO", .invalidRuleValue(part: "BYDAY", value: "0MO",
            expected: "weekdays MO, TU, WE, TH, FR, SA, SU, optionally with an ordinal such as 2TU or -1FR")),
        ("FREQ=WEEKLY;BYDAY=2TU", .invalidRuleValue(part: "BYDAY", value: "2TU",
            expected: "a plain weekday such as TU: ordinals are allowed only with FREQ=MONTHLY or FREQ=YEARLY")),
        ("FREQ=YEARLY;BYDAY=54MO", .invalidRuleValue(part: "BYDAY", value: "54MO",
            expected: "an ordinal 1 to 53 or -1 to -53 with FREQ=YEARLY (a year has at most 53)")),
        ("FREQ=DAILY;BYHOUR=8", .unsupportedRulePart(name: "BYHOUR",
            reason: "the time of day comes from the start; rules repeat by day, not within a day")),
        ("FREQ=YEARLY;BYWEEKNO=20", .unsupportedRulePart(name: "BYWEEKNO",
            reason: "week numbers are not used by entrust schedules; use BYMONTH, BYMONTHDAY or BYDAY")),
        ("RSCALE=CHINESE;FREQ=YEARLY", .unsupportedRulePart(name: "RSCALE",
            reason: "RFC 7529 calendar scales are not supported; use a lunar series for lunar dates")),
        ("FREQ=DAILY;FOO=1", .unknownRulePart(name: "FOO")),
        ("every other tuesday", .malformedRulePart(part: "EVERY OTHER TUESDAY")),
        ("FREQ=DAILY;;COUNT=2", .malformedRulePart(part: "")),
        ("FREQ=DAILY;FREQ=WEEKLY", .duplicateRulePart(name: "FREQ")),
        ("COUNT=3;BYDAY=MO", .missingFrequency),
        ("", .emptyRule),
        ("FREQ=FORTNIGHTLY", .invalidRuleValue(part: "FREQ", value: "FORTNIGHTLY", expected: "DAILY, WEEKLY, MONTHLY or YEARLY")),
        ("FREQ=HOURLY", .invalidRuleValue(part: "FREQ", value: "HOURLY",
            expected: "DAILY, WEEKLY, MONTHLY or YEARLY; repeating within a day is not supported")),
        ("FREQ=DAILY;INTERVAL=0", .invalidRuleValue(part: "INTERVAL", value: "0", expected: "a whole number of at least 1")),
        ("FREQ=DAILY;COUNT=-2", .invalidRuleValue(part: "COUNT", value: "-2", expected: "a whole number of at least 1")),
        ("FREQ=DAILY;COUNT=", .invalidRuleValue(part: "COUNT", value: "", expected: "a value after '='")),
        ("FREQ=MONTHLY;BYMONTHDAY=0", .invalidRuleValue(part: "BYMONTHDAY", value: "0", expected: "1 to 31 or -31 to -1 (-1 is the last day)")),
        ("FREQ=MONTHLY;BYMONTHDAY=32", .invalidRuleValue(part: "BYMONTHDAY", value: "32", expected: "1 to 31 or -31 to -1 (-1 is the last day)")),
        ("FREQ=WEEKLY;BYMONTHDAY=1", .invalidRuleValue(part: "BYMONTHDAY", value: "1", expected: "no BYMONTHDAY with FREQ=WEEKLY (RFC 5545); use BYDAY")),
        ("FREQ=YEARLY;BYMONTH=13", .invalidRuleValue(part: "BYMONTH", value: "13", expected: "months 1 to 12")),
        ("FREQ=MONTHLY;BYSETPOS=1", .invalidRuleValue(part: "BYSETPOS", value: "1", expected: "BYSETPOS only together with BYDAY, BYMONTHDAY or BYMONTH")),
        ("FREQ=DAILY;UNTIL=20240230", .invalidRuleValue(part: "UNTIL", value: "20240230",
            expected: "YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ, a day and time that exist")),
        ("FREQ=DAILY;UNTIL=20240131T250000Z", .invalidRuleValue(part: "UNTIL", value: "20240131T250000Z",
            expected: "YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ, a day and time that exist")),
        ("FREQ=DAILY;WKST=XX", .invalidRuleValue(part: "WKST", value: "XX", expected: "one of MO, TU, WE, TH, FR, SA, SU")),
    ])
    func refusesNamingThePart(text: String, error: CalendarError) {
        #expect(throws: error) { try RecurrenceRule.parse(text) }
    }

    @Test func messagesNameThePart() {
        #expect(CalendarError.unsupportedRulePart(name: "BYHOUR", reason: "x").description.contains("BYHOUR"))
        #expect(CalendarError.countWithUntil.description.contains("COUNT") && CalendarError.countWithUntil.description.contains("UNTIL"))
        let ordinal = CalendarError.invalidRuleValue(part: "BYDAY", value: "9MO", expected: "an ordinal 1 to 5")
        #expect(ordinal.description == "RRULE: BYDAY='9MO' is not valid (expected an ordinal 1 to 5)")
    }

    @Test func yearlyOrdinalsWithinAMonthAreBoundedByFive() throws {
        #expect(throws: CalendarError.self) { try RecurrenceRule.parse("FREQ=YEARLY;BYMONTH=1;BYDAY=6MO") }
        #expect(try RecurrenceRule.parse("FREQ=YEARLY;BYDAY=53MO").byDay == [.init(.monday, ordinal: 53)])
    }
}
