import ArgumentParser
import EntrustConfig
import EntrustCore
import EntrustStore
import Foundation

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Check recurrence rules, convert lunar dates, and export calendar feeds (ICS).",
        subcommands: [Expand.self, Lunar.self, Solar.self, Export.self])

    struct Expand: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the occurrences of an RFC 5545 RRULE (or a lunar rule), one local date-time per line.",
            discussion: """
                Supported RRULE parts: FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL, COUNT, UNTIL, BYDAY (with ordinals \
                such as 2TU, -1FR), BYMONTHDAY (negatives count from the month's end), BYMONTH, BYSETPOS, WKST. Days that do \
                not exist (30 February) are skipped, never clamped. Without COUNT or UNTIL, one year from the start is shown; at most 10,000 occurrences are printed (a note on stderr says when either bound applied). \
                With --holiday-policy, occurrences on weekends and holidays (contracts/calendars/vn-holidays.yaml) are kept, \
                moved or skipped.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The rule, e.g. \"FREQ=MONTHLY;BYDAY=-1FR\".") var rrule: String?
        @Option(help: "Instead of --rrule: a lunar rule, 15 (every lunar month), '15 noleap' or 10/3 (every year).") var lunar: String?
        @Option(help: "The first occurrence (DTSTART), local time: 2024-01-26T08:00.") var start: String
        @Option(help: "Stop after N occurrences (adds COUNT).", transform: Bounds.int(Bounds.occurrences)) var count: Int?
        @Option(help: "The last day (adds UNTIL), YYYY-MM-DD.") var until: String?
        @Option(help: "Dates or date-times to leave out (EXDATE), comma-separated.") var exdate: String?
        @Option(name: .customLong("holiday-policy"), help: "keep, next-working-day, previous-working-day or skip.") var holidayPolicy: String?
        @Flag(help: "Say why an occurrence was moved, kept or skipped.") var explain = false

        func run() throws {
            try guarded {
                let start = try parseDateTime(start, "--start")!
                if count != nil && until != nil {
                    throw CalendarError.countWithUntil
                }
                let untilDate = try parseDate(until, "--until")
                let exclusions = try parseExclusions(exdate)
                var occurrences: [LocalDateTime]
                if let lunar {
                    guard rrule == nil else { throw CoreError.invalidValue(field: "--lunar", value: lunar, expected: "either --rrule or --lunar, not both") }
                    let rule = try MeetingRecurrence.parseLunar(lunar)
                    let end = untilDate ?? (count == nil ? start.date.adding(days: 365) : LocalDate(year: 9999, month: 12, day: 31)!)
                    guard end >= start.date else {
                        throw CoreError.invalidValue(field: "--until", value: end.iso, expected: "a day on or after the start \(start.date.iso)")
                    }
                    if untilDate == nil && count == nil { noteOneYear() }
                    occurrences = try rule.expand(start: start, window: start.date...end, count: count, excluding: exclusions, limit: Self.limit + 1)
                } else {
                    guard let rrule else { throw CoreError.invalidValue(field: "--rrule", value: "", expected: "a rule such as FREQ=MONTHLY;BYDAY=-1FR (or --lunar)") }
                    var text = rrule
                    if let count { text += ";COUNT=\(count)" }
                    if let untilDate { text += ";UNTIL=" + String(format: "%04d%02d%02d", untilDate.year, untilDate.month, untilDate.day) }
                    let rule = try RecurrenceRule.parse(text)
                    let window: ClosedRange<LocalDate>? = (rule.count == nil && rule.until == nil) ? start.date...start.date.adding(days: 365) : nil
                    if window != nil { noteOneYear() }
                    occurrences = try rule.expand(start: start, window: window, excluding: exclusions, limit: Self.limit + 1)
                    if !rule.isSynchronized(with: start) {
                        FileHandle.standardError.write(Data(say(global.language,
                            "lưu ý: ngày bắt đầu \(start) không khớp quy tắc; RFC 5545 vẫn tính nó là lần đầu\n",
                            "note: the start \(start) does not match the rule; RFC 5545 still counts it as the first occurrence\n").utf8))
                    }
                }
                if occurrences.count > Self.limit {
                    occurrences.removeLast(occurrences.count - Self.limit)
                    note(say(global.language, "chỉ hiển thị \(Self.limit) lần đầu (tối đa của lệnh này); hãy giảm --count hoặc chọn --until sớm hơn",
                             "showing the first \(Self.limit) occurrences only (the most this command prints); give a smaller --count or an earlier --until"))
                }
                guard let policyText = holidayPolicy else {
                    occurrences.forEach { print($0.iso) }
                    return
                }
                let policy = try parseEnum(policyText, "--holiday-policy", as: HolidayPolicy.self)!
                let adjusted = try policy.apply(to: occurrences, calendar: try global.holidays().calendar)
                for item in adjusted {
                    guard let result = item.result else {
                        if explain { print("# \(item.original.iso) " + say(global.language, "bỏ qua", "skipped") + ": " + reasons(item)) }
                        continue
                    }
                    if explain && !item.reasons.isEmpty {
                        let what = item.isChanged ? say(global.language, "dời từ", "moved from") : say(global.language, "giữ nguyên", "kept")
                        print("\(result.iso)  # \(what) \(item.isChanged ? item.original.iso : ""): \(reasons(item))")
                    } else {
                        print(result.iso)
                    }
                }
            }
        }

        /// The most occurrences printed: a rule with a huge COUNT or a far UNTIL stops here, and says so.
        static let limit = 10_000

        /// One line on stderr, so that the dates on stdout stay machine-readable.
        func note(_ text: String) {
            FileHandle.standardError.write(Data(say(global.language, "lưu ý: ", "note: ").appending(text + "\n").utf8))
        }

        /// A rule without COUNT or UNTIL repeats forever; without --count or --until one year is shown.
        func noteOneYear() {
            note(say(global.language, "quy tắc không có COUNT hay UNTIL (lặp mãi): chỉ hiển thị một năm kể từ ngày bắt đầu; thêm --count hoặc --until để xem thêm",
                     "the rule has no COUNT or UNTIL (it repeats forever): showing one year from the start; give --count or --until for more"))
        }

        func reasons(_ item: AdjustedOccurrence) -> String {
            item.reasons.map { reason -> String in
                switch reason {
                case let .holiday(holiday): return holiday.name.text(global.language)
                case let .weekend(day): return global.language == .vi ? (day == .saturday ? "Thứ Bảy" : "Chủ nhật") : reason.description
                case .nonWorkingDay: return reason.description
                }
            }.joined(separator: ", ")
        }
    }

    struct Lunar: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The Vietnamese lunar date (computed for UTC+7) of a solar date: day/month/year, leap month, can-chi year.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A solar date, YYYY-MM-DD.") var date: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let solar = try parseDate(date, "DATE")!
                let lunar = VietnameseLunarCalendar.vietnam.lunar(from: solar)
                if format == .json {
                    struct Shown: Encodable {
                        var solar: String, day: Int, month: Int, year: Int, leap_month: Bool, can_chi: String, can_chi_en: String
                    }
                    return try printJSON(Shown(solar: solar.iso, day: lunar.day, month: lunar.month, year: lunar.year,
                                               leap_month: lunar.isLeapMonth, can_chi: lunar.yearName.vietnamese, can_chi_en: lunar.yearName.english))
                }
                let lang = global.language
                printFields([(say(lang, "dương lịch", "solar"), solar.iso),
                             (say(lang, "âm lịch", "lunar"), "\(lunar.day)/\(lunar.month)/\(lunar.year)"),
                             (say(lang, "tháng nhuận", "leap month"), lunar.isLeapMonth ? say(lang, "có", "yes") : say(lang, "không", "no")),
                             (say(lang, "năm", "year"), lang == .vi ? lunar.yearName.vietnamese : "\(lunar.yearName.vietnamese) (\(lunar.yearName.english))")])
            }
        }
    }

    struct Solar: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The solar date of a Vietnamese lunar date.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The lunar date, D/M/YYYY, e.g. 1/1/2030.") var lunar: String
        @Flag(help: "The date is in the leap month (tháng nhuận) of that number.") var leap = false

        func run() throws {
            try guarded {
                let parts = lunar.split(separator: "/").map { Int($0) }
                guard parts.count == 3, let day = parts[0], let month = parts[1], let year = parts[2],
                      (1...30).contains(day), (1...12).contains(month), (1...9998).contains(year) else {
                    throw CoreError.invalidValue(field: "--lunar", value: lunar, expected: "D/M/YYYY with day 1–30 and month 1–12, e.g. 1/1/2030")
                }
                print(try VietnameseLunarCalendar.vietnam.solar(from: LunarDate(day: day, month: month, year: year, isLeapMonth: leap)).iso)
            }
        }
    }
}

/// EXDATE values: `2024-03-29` (the whole day) or `2024-03-29T08:00`, comma-separated.
func parseExclusions(_ text: String?) throws -> [RecurrenceExclusion] {
    guard let text, !text.isEmpty else { return [] }
    return try text.split(separator: ",").map { piece in
        let item = piece.trimmingCharacters(in: .whitespaces)
        if LocalDate(iso: item) != nil { return .date(try LocalDate.parse(item, field: "--exdate")) }
        return .dateTime(try LocalDateTime.parse(item, field: "--exdate"))
    }
}

struct HolidaysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holidays",
        abstract: "Public holidays (contracts/calendars/vn-holidays.yaml) and what they do to planned meetings.",
        subcommands: [List.self, Preview.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a year's holidays with their solar dates and names (vi and en).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The year.", transform: Bounds.int(Bounds.year)) var year: Int
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                guard (1900...2200).contains(year) else { throw CoreError.invalidValue(field: "--year", value: String(year), expected: "a year from 1900 to 2200") }
                let holidays = try global.holidays().calendar.holidays(year: year)
                if format == .json {
                    struct Shown: Encodable { var date: String, weekday: String, code: String, name_vi: String, name_en: String, in_lieu: Bool }
                    return try printJSON(holidays.map { Shown(date: $0.date.iso, weekday: Weekday(of: $0.date).rfc5545, code: $0.code,
                                                               name_vi: $0.name.vi, name_en: $0.name.en, in_lieu: $0.isDayInLieu) })
                }
                printTable([say(global.language, "ngày", "date"), say(global.language, "thứ", "day"), "code", "tiếng Việt", "English"],
                           holidays.map { [$0.date.iso, weekdayName(Weekday(of: $0.date), global.language), $0.code, $0.name.vi, $0.name.en] })
            }
        }
    }

    struct Preview: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show which planned occurrences of the saved meeting series the holidays (and weekends) move, keep or skip, and where to.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The year.", transform: Bounds.int(Bounds.year)) var year: Int
        @Option(help: "Only this group's series.") var group: String?
        @Option(help: "Only series of this association (and its groups).") var association: String?
        @Flag(help: "Only occurrences that fall on a holiday (not mere weekends).") var holidaysOnly = false
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                guard (1900...2200).contains(year) else { throw CoreError.invalidValue(field: "--year", value: String(year), expected: "a year from 1900 to 2200") }
                let calendar = try global.holidays().calendar
                let store = MeetingStore(try global.openDatabase())
                var rows = try store.holidayPreview(year: year, group: group, association: association, holidays: calendar)
                if holidaysOnly { rows = rows.filter { $0.holiday != nil } }
                if format == .json { return try printJSON(rows) }
                let lang = global.language
                printTable([say(lang, "chuỗi", "series"), say(lang, "loại", "kind"), say(lang, "theo lịch", "planned"),
                            say(lang, "kết quả", "outcome"), say(lang, "lý do", "reason")],
                           rows.map { [$0.series, MeetingKind(rawValue: $0.kind)?.label.text(lang) ?? $0.kind, $0.planned,
                                       outcomeText($0, lang), $0.holidayName(lang) ?? $0.reason] })
                print(say(lang, "\(rows.count) lần họp rơi vào ngày nghỉ", "\(rows.count) occurrences fall on non-working days"))
            }
        }

        func outcomeText(_ row: HolidayPreviewRow, _ lang: Language) -> String {
            switch row.outcome {
            case "moved": return say(lang, "dời sang ", "moved to ") + (row.result ?? "")
            case "skipped": return say(lang, "bỏ", "skipped")
            default: return say(lang, "giữ nguyên", "kept")
            }
        }
    }
}

func weekdayName(_ day: Weekday, _ language: Language) -> String {
    let vi = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
    let en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    return (language == .vi ? vi : en)[day.rawValue - 1]
}
