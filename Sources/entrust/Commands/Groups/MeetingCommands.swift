import ArgumentParser
import EntrustCore
import EntrustStore
import Foundation

struct MeetingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meetings",
        abstract: "Meeting series and their occurrences: schedule, list, show, move, cancel, attendance, minutes, rates.",
        subcommands: [Schedule.self, List.self, Series.self, Show.self, Move.self, Cancel.self, Attend.self, Minutes.self, Rates.self, Extend.self])

    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save a meeting series and its occurrences up to a horizon.",
            discussion: """
                Kinds: group_meeting, loan_review, board_election, convention (these need --group), giao_ban (--association; \
                held at its commune's transaction point), transaction_day (--point; without a rule it repeats on the point's \
                fixed day), training (--association). The rule is an RFC 5545 RRULE (--rrule) or a lunar rule (--lunar 15: the \
                15th of every lunar month). Holiday policy: transaction days keep their date; the rest move to the next working \
                day unless --holiday-policy says otherwise. Check a rule first with `entrust calendar expand`.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The kind (see above).") var kind: String
        @Option(help: "The series code (default: OWNER-HT, OWNER-BX, …).") var code: String?
        @Option(help: "The title (default from the kind and group).") var title: String?
        @Option var group: String?
        @Option var association: String?
        @Option(help: "A commune transaction point.") var point: String?
        @Option(help: "Who organises it (person code or name).") var organiser: String?
        @Option var location: String?
        @Option(help: "The first occurrence, local time: 2024-01-26T08:00.") var start: String
        @Option(help: "Minutes.", transform: Bounds.int(Bounds.meetingMinutes)) var duration: Int = 120
        @Option(help: "An RFC 5545 RRULE.") var rrule: String?
        @Option(help: "A lunar rule: 15, '15 noleap' or 10/3.") var lunar: String?
        @Option(help: "Dates or date-times left out (EXDATE), comma-separated.") var exdate: String?
        @Option(name: .customLong("holiday-policy"), help: "keep, next-working-day, previous-working-day or skip.") var holidayPolicy: String?
        @Option(help: "Comma-separated: members, board, officers, bank.") var invitees: String?
        @Option(help: "Quorum for loan reviews and board elections, e.g. >50% (default) or >=67%.") var quorum: String?
        @Option(help: "Materialise occurrences up to this day (default: a year ahead).") var horizon: String?

        func run() throws {
            try guarded {
                let kind = try parseEnum(kind, "--kind", as: MeetingKind.self)!
                let start = try parseDateTime(start, "--start")!
                let recurrence = try MeetingRecurrence.parse(rrule: rrule, lunar: lunar)
                let draft = MeetingStore.SeriesDraft(
                    code: code, kind: kind, title: title, group: group, association: association, point: point, organiser: organiser,
                    location: location, start: start, durationMinutes: duration, recurrence: recurrence,
                    exclusions: try parseExclusions(exdate), holidayPolicy: try parseEnum(holidayPolicy, "--holiday-policy", as: HolidayPolicy.self),
                    invitees: try MeetingInvitee.parseList(invitees ?? "", field: "--invitees"), quorum: try quorum.map(QuorumRule.parse),
                    horizon: try parseDate(horizon, "--horizon"))
                let holidays = try global.holidays().calendar
                let result = try MeetingStore(try global.openDatabase()).schedule(draft, holidays: holidays, actor: global.actor)
                print(say(global.language,
                          "đã lên lịch \(result.code): \(result.occurrences) buổi (\(result.moved) buổi dời khỏi ngày nghỉ, \(result.skipped) buổi bỏ)",
                          "scheduled \(result.code): \(result.occurrences) occurrences (\(result.moved) moved off non-working days, \(result.skipped) skipped)"))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List occurrences; each has a reference SERIES@DATE for move, cancel, attend.")
        @OptionGroup var global: GlobalOptions
        @Option var group: String?
        @Option(help: "An association: its own series and its groups'.") var association: String?
        @Option var series: String?
        @Option var kind: String?
        @Option(help: "From this day (YYYY-MM-DD).") var from: String?
        @Option(help: "Up to this day (YYYY-MM-DD).") var to: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let meetings = try MeetingStore(try global.openDatabase()).meetings(
                    group: group, association: association, series: series, kind: try parseEnum(kind, "--kind", as: MeetingKind.self),
                    from: try parseDate(from, "--from"), to: try parseDate(to, "--to"))
                if format == .json { return try printJSON(meetings) }
                let lang = global.language
                printTable([say(lang, "mã", "ref"), say(lang, "loại", "kind"), say(lang, "bắt đầu", "start"), say(lang, "địa điểm", "location"),
                            say(lang, "trạng thái", "status"), say(lang, "ghi chú", "note")],
                           meetings.map { [$0.ref, MeetingKind(rawValue: $0.kind)?.label.text(lang) ?? $0.kind, $0.start, $0.location,
                                           statusText($0, lang), noteText($0, lang)] })
            }
        }
    }

    struct Series: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List meeting series with their rules.")
        @OptionGroup var global: GlobalOptions
        @Option var group: String?
        @Option var association: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let all = try MeetingStore(try global.openDatabase()).series(group: group, association: association)
                if format == .json { return try printJSON(all) }
                printTable(["code", "kind", "start", "rule", "policy", "until", "n", "status"],
                           all.map { [$0.code, $0.kind, $0.start, $0.rrule ?? $0.lunar.map { "lunar \($0)" } ?? "once", $0.holidayPolicy,
                                      $0.horizonUntil, String($0.occurrences), $0.status] })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one occurrence: time, quorum, minutes, attendance and history.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "SERIES@YYYY-MM-DD.") var ref: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let store = MeetingStore(try global.openDatabase())
                let meeting = try store.meeting(ref)
                let attendance = try store.attendance(ref)
                let history = try store.history(ref)
                if format == .json {
                    struct Shown: Encodable { var meeting: MeetingView; var attendance: [AttendanceView]; var history: [MeetingChangeView] }
                    return try printJSON(Shown(meeting: meeting, attendance: attendance, history: history))
                }
                let lang = global.language
                printFields([("ref", meeting.ref), (say(lang, "tiêu đề", "title"), meeting.title),
                             (say(lang, "loại", "kind"), MeetingKind(rawValue: meeting.kind)?.label.text(lang)),
                             (say(lang, "tổ", "group"), meeting.group), (say(lang, "hội", "association"), meeting.association),
                             (say(lang, "địa điểm", "location"), meeting.location), (say(lang, "theo lịch", "planned"), meeting.planned),
                             (say(lang, "bắt đầu", "start"), meeting.start), (say(lang, "kết thúc", "end"), meeting.end),
                             (say(lang, "trạng thái", "status"), statusText(meeting, lang)), ("sequence", String(meeting.sequence)),
                             (say(lang, "ghi chú", "note"), noteText(meeting, lang)), (say(lang, "biên bản", "minutes"), meeting.minutes),
                             (say(lang, "bản scan", "scan"), meeting.minutesScan)])
                if !attendance.isEmpty {
                    print("")
                    printTable(["code", say(lang, "họ tên", "name"), say(lang, "điểm danh", "attendance")],
                               attendance.map { [$0.code, $0.name, AttendanceStatus(rawValue: $0.status)?.label.text(lang) ?? $0.status] })
                }
                if !history.isEmpty {
                    print("")
                    printTable([say(lang, "thay đổi", "change"), say(lang, "từ", "from"), say(lang, "sang", "to"), "sequence", say(lang, "bởi", "by"), say(lang, "lý do", "reason")],
                               history.map { [$0.action, $0.fromStart ?? "", $0.toStart ?? "", String($0.sequence), $0.changedBy, $0.reason ?? ""] })
                }
            }
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move one occurrence (history kept, SEQUENCE bumped).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "SERIES@YYYY-MM-DD (the planned date).") var ref: String
        @Option(help: "The new start, local time: 2024-03-18T08:00.") var to: String
        @Option var reason: String?

        func run() throws {
            try guarded {
                let moved = try MeetingStore(try global.openDatabase()).move(ref, to: try parseDateTime(to, "--to")!, reason: reason, actor: global.actor)
                print(say(global.language, "đã dời \(ref) sang \(moved.start) (sequence \(moved.sequence))",
                          "moved \(ref) to \(moved.start) (sequence \(moved.sequence))"))
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel one occurrence, or the rest of a series with --series S --from D.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "SERIES@YYYY-MM-DD.") var ref: String?
        @Option var series: String?
        @Option(help: "With --series: the first day cancelled.") var from: String?
        @Option var reason: String?

        func run() throws {
            try guarded {
                let database = try global.openDatabase()
                let store = MeetingStore(database)
                switch (ref, series) {
                case let (ref?, nil):
                    guard from == nil else { throw StoreError.invalid(field: "--from", value: from!, reason: "only with --series") }
                    try store.cancel(ref, reason: reason, actor: global.actor)
                    print(say(global.language, "đã hủy \(ref)", "cancelled \(ref)"))
                case let (nil, series?):
                    let date = try parseDate(from, "--from") ?? database.today
                    let count = try store.cancelSeries(series, from: date, reason: reason, actor: global.actor)
                    print(say(global.language, "đã hủy \(count) buổi của \(series) từ \(date)", "cancelled \(count) occurrences of \(series) from \(date)"))
                default:
                    throw StoreError.invalid(field: "OCCURRENCE", value: ref ?? "", reason: "give one occurrence (SERIES@DATE) or --series S --from D, not both")
                }
            }
        }
    }

    struct Attend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record attendance: member or person codes, present, absent or excused.",
            discussion: "Loan reviews and board elections then check the quorum (default more than half of active members); below it, decisions are flagged.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "SERIES@YYYY-MM-DD.") var ref: String
        @Option(help: "Codes of those present, comma-separated.") var present: String?
        @Option(help: "Codes of those absent.") var absent: String?
        @Option(help: "Codes of those excused.") var excused: String?

        func run() throws {
            try guarded {
                var entries: [(code: String, status: AttendanceStatus)] = []
                for (list, status) in [(present, AttendanceStatus.present), (absent, .absent), (excused, .excused)] {
                    for code in (list ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !code.isEmpty {
                        entries.append((code, status))
                    }
                }
                guard !entries.isEmpty else { throw StoreError.rule("give --present, --absent and/or --excused with member or person codes") }
                let meeting = try MeetingStore(try global.openDatabase()).recordAttendance(ref, entries, actor: global.actor)
                var line = say(global.language, "đã ghi điểm danh \(entries.count) người cho \(ref)", "recorded attendance of \(entries.count) for \(ref)")
                if let met = meeting.quorumMet {
                    line += met ? say(global.language, "; đủ túc số", "; quorum present")
                                : say(global.language, "; KHÔNG đủ túc số: các quyết định bị gắn cờ", "; BELOW QUORUM: decisions flagged")
                }
                print(line)
            }
        }
    }

    struct Minutes: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Attach minutes: a text and an optional reference to the scanned document.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "SERIES@YYYY-MM-DD.") var ref: String
        @Option var text: String
        @Option(help: "Where the signed scan is kept, e.g. a file name or archive number.") var scan: String?

        func run() throws {
            try guarded {
                try MeetingStore(try global.openDatabase()).recordMinutes(ref, text: text, scan: scan, actor: global.actor)
                print(say(global.language, "đã lưu biên bản \(ref)", "minutes saved for \(ref)"))
            }
        }
    }

    struct Rates: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Attendance rates per group and month (present ÷ recorded).")
        @OptionGroup var global: GlobalOptions
        @Option var group: String?
        @Option var association: String?
        @Option(help: "First month, YYYY-MM.") var from: String
        @Option(help: "Last month, YYYY-MM (default: the same).") var to: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let first = try YearMonth.parse(from, field: "--from")
                let last = try to.map { try YearMonth.parse($0, field: "--to") } ?? first
                let rates = try MeetingStore(try global.openDatabase()).attendanceRates(group: group, association: association, from: first, to: last)
                if format == .json { return try printJSON(rates) }
                let lang = global.language
                printTable([say(lang, "tổ", "group"), say(lang, "tháng", "month"), say(lang, "số buổi", "meetings"), say(lang, "có mặt", "present"),
                            say(lang, "đã ghi", "recorded"), say(lang, "tỉ lệ", "rate")],
                           rates.map { [$0.group, $0.month, String($0.meetings), String($0.present), String($0.recorded), $0.percent.map { "\($0)%" } ?? "—"] })
            }
        }
    }

    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Materialise every active series' occurrences up to a day (batched).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The new horizon, YYYY-MM-DD.") var until: String

        func run() throws {
            try guarded {
                let count = try MeetingStore(try global.openDatabase()).extend(until: try parseDate(until, "--until")!, holidays: try global.holidays().calendar,
                                                                               actor: global.actor)
                print(say(global.language, "đã thêm \(count) buổi họp đến \(until)", "added \(count) occurrences up to \(until)"))
            }
        }
    }
}

func statusText(_ meeting: MeetingView, _ lang: Language) -> String {
    if meeting.status == "cancelled" { return say(lang, "đã hủy", "cancelled") }
    if meeting.quorumMet == false { return say(lang, "dưới túc số", "below quorum") }
    return meeting.start != meeting.planned ? say(lang, "đã dời", "moved") : say(lang, "theo lịch", "scheduled")
}

func noteText(_ meeting: MeetingView, _ lang: Language) -> String {
    var notes: [String] = []
    if let note = lang == .vi ? meeting.policyNote : meeting.policyNoteEn { notes.append(note) }
    if meeting.quorumMet == false { notes.append(say(lang, "quyết định bị gắn cờ (dưới túc số)", "decisions flagged (below quorum)")) }
    return notes.joined(separator: "; ")
}

extension CalendarCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an ICS calendar feed to stdout: entrust calendar export --group G > file.ics",
            discussion: "One VEVENT per occurrence with a stable UID, SEQUENCE, TZID=Asia/Ho_Chi_Minh and STATUS:CANCELLED for cancellations.")
        @OptionGroup var global: GlobalOptions
        @Option var group: String?
        @Option var association: String?
        @Option(help: "A person code or a member code.") var person: String?
        @Option(help: "From this day.") var from: String?
        @Option(help: "Up to this day.") var to: String?

        func run() throws {
            try guarded {
                let subject: MeetingStore.FeedSubject
                switch (group, association, person) {
                case let (code?, nil, nil): subject = .group(code)
                case let (nil, code?, nil): subject = .association(code)
                case let (nil, nil, code?): subject = .person(code)
                default: throw StoreError.invalid(field: "--group", value: group ?? "", reason: "give exactly one of --group, --association, --person")
                }
                let database = try global.openDatabase()
                let calendar = try MeetingStore(database).feed(subject, from: try parseDate(from, "--from"), to: try parseDate(to, "--to"),
                                                               stamp: database.clock.now())
                FileHandle.standardOutput.write(Data(calendar.text.utf8))
            }
        }
    }
}
