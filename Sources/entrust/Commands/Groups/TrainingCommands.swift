import ArgumentParser
import EntrustCore
import EntrustStore
import Foundation

struct TrainingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trainings",
        abstract: "Training sessions for group boards and association officers, enrolments, attendance and annual quotas.",
        subcommands: [Add.self, Enrol.self, Attend.self, List.self, Quota.self, Quotas.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a training session (moved off holidays to the next working day).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Its code (default: ASSOCIATION-TH, -TH2, …).") var code: String?
        @Option(help: "The organising association.") var association: String
        @Option var topic: String
        @Option var trainer: String
        @Option(help: "group_boards or association_officers.") var audience: String
        @Option(transform: Bounds.int(Bounds.people)) var capacity: Int
        @Option(help: "Local start: 2024-05-20T08:00.") var start: String
        @Option(help: "Minutes.", transform: Bounds.int(Bounds.meetingMinutes)) var duration: Int = 240
        @Option var location: String?

        func run() throws {
            try guarded {
                let draft = TrainingStore.Draft(code: code, association: association, topic: topic, trainer: trainer,
                                                audience: try parseEnum(audience, "--audience", as: TrainingAudience.self)!, capacity: capacity,
                                                start: try parseDateTime(start, "--start")!, durationMinutes: duration, location: location)
                let codes = try TrainingStore(try global.openDatabase()).add([draft], holidays: try global.holidays().calendar, actor: global.actor)
                print(say(global.language, "đã thêm lớp tập huấn \(codes[0])", "added training \(codes[0])"))
            }
        }
    }

    struct Enrol: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enrol trainees: member codes of board members, or person codes of officers.")
        @OptionGroup var global: GlobalOptions
        @Argument var code: String
        @Option(help: "Comma-separated codes.") var trainees: String

        func run() throws {
            try guarded {
                let list = trainees.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                try TrainingStore(try global.openDatabase()).enrol(code, trainees: list, actor: global.actor)
                print(say(global.language, "đã ghi danh \(list.count) học viên vào \(code)", "enrolled \(list.count) in \(code)"))
            }
        }
    }

    struct Attend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record attendance of enrolled trainees.")
        @OptionGroup var global: GlobalOptions
        @Argument var code: String
        @Option var present: String?
        @Option var absent: String?
        @Option var excused: String?

        func run() throws {
            try guarded {
                var entries: [(code: String, status: AttendanceStatus)] = []
                for (list, status) in [(present, AttendanceStatus.present), (absent, .absent), (excused, .excused)] {
                    for item in (list ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
                        entries.append((item, status))
                    }
                }
                guard !entries.isEmpty else { throw StoreError.rule("give --present, --absent and/or --excused with trainee codes") }
                try TrainingStore(try global.openDatabase()).attend(code, entries, actor: global.actor)
                print(say(global.language, "đã ghi điểm danh \(entries.count) học viên", "recorded attendance of \(entries.count) trainees"))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List training sessions with enrolments and attendance.")
        @OptionGroup var global: GlobalOptions
        @Option var association: String?
        @Option(transform: Bounds.int(Bounds.year)) var year: Int?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let list = try TrainingStore(try global.openDatabase()).trainings(association: association, year: year)
                if format == .json { return try printJSON(list) }
                let lang = global.language
                printTable(["code", say(lang, "chủ đề", "topic"), say(lang, "đối tượng", "audience"), say(lang, "bắt đầu", "start"),
                            say(lang, "chỉ tiêu chỗ", "capacity"), say(lang, "ghi danh", "enrolled"), say(lang, "có mặt", "present")],
                           list.map { [$0.code, $0.topic, TrainingAudience(rawValue: $0.audience)?.label.text(lang) ?? $0.audience, $0.start,
                                       String($0.capacity), String($0.enrolled), String($0.present)] })
            }
        }
    }

    struct Quota: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set an annual quota: train TARGET people of an audience by a deadline.")
        @OptionGroup var global: GlobalOptions
        @Option var association: String
        @Option(transform: Bounds.int(Bounds.year)) var year: Int
        @Option(help: "group_boards or association_officers.") var audience: String
        @Option(transform: Bounds.int(Bounds.people)) var target: Int
        @Option(help: "YYYY-MM-DD, in the year.") var deadline: String

        func run() throws {
            try guarded {
                try TrainingStore(try global.openDatabase()).setQuota(association: association, year: year,
                                                                      audience: try parseEnum(audience, "--audience", as: TrainingAudience.self)!,
                                                                      target: target, deadline: try parseDate(deadline, "--deadline")!, actor: global.actor)
                print(say(global.language, "đã đặt chỉ tiêu \(target) người trước \(deadline)", "quota set: \(target) by \(deadline)"))
            }
        }
    }

    struct Quotas: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Quotas with progress; those behind a straight line to the deadline are flagged.")
        @OptionGroup var global: GlobalOptions
        @Option(transform: Bounds.int(Bounds.year)) var year: Int
        @Option var association: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let list = try TrainingStore(try global.openDatabase()).quotas(year: year, association: association)
                if format == .json { return try printJSON(list) }
                let lang = global.language
                printTable([say(lang, "hội", "association"), say(lang, "đối tượng", "audience"), say(lang, "chỉ tiêu", "target"),
                            say(lang, "hạn", "deadline"), say(lang, "đã tập huấn", "trained"), say(lang, "cần đạt hôm nay", "expected"), "%",
                            say(lang, "cảnh báo", "flag")],
                           list.map { [$0.association, TrainingAudience(rawValue: $0.audience)?.label.text(lang) ?? $0.audience, String($0.target),
                                       $0.deadline, String($0.trained), String($0.expectedByToday), "\($0.percent)%",
                                       $0.behindSchedule ? say(lang, "CHẬM TIẾN ĐỘ", "BEHIND SCHEDULE") : ""] })
            }
        }
    }
}
