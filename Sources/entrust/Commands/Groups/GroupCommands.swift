import ArgumentParser
import EntrustCore
import EntrustStore
import Foundation

/// Picks the Vietnamese or English text.
func say(_ language: Language, _ vi: String, _ en: String) -> String { language == .vi ? vi : en }

// MARK: - Groups

struct GroupsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "Savings and Loan Groups (Tổ TK&VV): list, show, add, update, dissolve, board, import.",
        subcommands: [List.self, Show.self, Add.self, Update.self, Dissolve.self, Board.self, Import.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List groups with their active members; a group outside 5–60 active members carries a warning.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only the groups of this commune.") var commune: String?
        @Option(help: "Only the groups this association manages.") var association: String?
        @Option(help: "active, merged or dissolved.") var status: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let groups = try GroupStore(try global.openDatabase())
                    .groups(commune: commune, association: association, status: try parseEnum(status, "--status", as: GroupStatus.self))
                if format == .json { return try printJSON(groups) }
                let lang = global.language
                printTable(["code", say(lang, "tên", "name"), say(lang, "xã", "commune"), say(lang, "hội", "association"),
                            say(lang, "thành viên", "members"), say(lang, "tổ trưởng", "leader"), say(lang, "trạng thái", "status"),
                            say(lang, "cảnh báo", "warning")],
                           groups.map { [$0.code, $0.name, $0.communeName, $0.association, String($0.activeMembers), $0.leader ?? "",
                                         GroupStatus(rawValue: $0.status)?.label.text(lang) ?? $0.status, $0.warning?.text(lang) ?? ""] })
                let warned = groups.filter { $0.warning != nil }.count
                if warned > 0 {
                    print(say(lang, "\(warned) tổ có số thành viên ngoài khoảng 5–60", "\(warned) groups are outside 5–60 active members"))
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one group with its board (and board history).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The group's code, e.g. TS-G07.") var code: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let store = GroupStore(try global.openDatabase())
                let group = try store.group(code)
                let board = try store.board(group: code)
                if format == .json {
                    struct Shown: Encodable { var group: GroupView; var board: [BoardTermView] }
                    return try printJSON(Shown(group: group, board: board))
                }
                let lang = global.language
                printFields([("code", group.code), (say(lang, "tên", "name"), group.name), (say(lang, "thôn", "village"), group.village),
                             (say(lang, "xã", "commune"), "\(group.communeName) (\(group.commune))"),
                             (say(lang, "hội quản lý", "managing association"), group.association),
                             (say(lang, "ngày thành lập", "founded"), group.foundedOn),
                             (say(lang, "quyết định", "approval"), group.approvalReference),
                             (say(lang, "tiết kiệm tối thiểu/tháng", "minimum monthly saving"), "\(group.minimumMonthlySaving) ₫"),
                             (say(lang, "trạng thái", "status"), (GroupStatus(rawValue: group.status)?.label.text(lang) ?? group.status)
                                + (group.statusOn.map { " (\($0))" } ?? "")),
                             (say(lang, "thành viên đang hoạt động", "active members"), String(group.activeMembers)),
                             (say(lang, "túc số", "quorum"), group.quorum ?? QuorumRule.moreThanHalf.description),
                             (say(lang, "cảnh báo", "warning"), group.warning?.text(lang))])
                print("")
                print(say(lang, "Ban quản lý tổ:", "Management board:"))
                printTable([say(lang, "chức vụ", "role"), say(lang, "thành viên", "member"), say(lang, "họ tên", "name"),
                            say(lang, "nhiệm kỳ", "term"), say(lang, "kết thúc", "ended")],
                           board.map { [BoardRole(rawValue: $0.role)?.label.text(lang) ?? $0.role, $0.member, $0.name,
                                        "\($0.termStart) – \($0.termEnd)", GroupsCommand.ended($0)] })
            }
        }
    }

    static func ended(_ term: BoardTermView) -> String {
        guard let date = term.endedOn else { return "" }
        return date + (term.endReason.map { " (\($0))" } ?? "")
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a group, managed by a commune association of its commune.",
            discussion: "Without --code the group is numbered within its commune: TS-G01, TS-G02, … (the commune's initials).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Its code, e.g. TS-G07 (default: numbered within the commune).") var code: String?
        @Option(help: "Its name, e.g. \"Tổ TK&VV thôn Đồng Sơn\".") var name: String
        @Option(help: "The village (thôn, xóm).") var village: String?
        @Option(help: "The commune's code.") var commune: String
        @Option(help: "The managing commune association's code.") var association: String
        @Option(help: "Founding date (YYYY-MM-DD).") var founded: String
        @Option(help: "The commune People's Committee's approval reference.") var approval: String?
        @Option(name: .customLong("min-saving"), help: "The convention's minimum monthly saving, whole đồng.", transform: Bounds.int64(Bounds.amount)) var minSaving: Int64 = 0

        func run() throws {
            try guarded {
                let draft = GroupDraft(code: code, name: name, village: village, communeCode: commune, associationCode: association,
                                       foundedOn: try parseDate(founded, "--founded")!, approvalReference: approval,
                                       minimumMonthlySaving: VND(minSaving))
                let added = try GroupStore(try global.openDatabase()).add(draft, actor: global.actor)
                print(say(global.language, "đã thêm tổ \(added) (\(name))", "added group \(added) (\(name))"))
            }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a group's name, village, approval, minimum saving or quorum.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The group's code.") var code: String
        @Option var name: String?
        @Option var village: String?
        @Option var approval: String?
        @Option(name: .customLong("min-saving"), help: "Whole đồng.", transform: Bounds.int64(Bounds.amount)) var minSaving: Int64?
        @Option(help: "The quorum for loan reviews and board elections, e.g. >50% (default) or >=67%.") var quorum: String?

        func run() throws {
            try guarded {
                let changes = GroupStore.Changes(name: name, village: village, approvalReference: approval,
                                                 minimumMonthlySaving: minSaving.map(VND.init), quorum: try quorum.map(QuorumRule.parse))
                try GroupStore(try global.openDatabase()).update(code, changes, actor: global.actor)
                print(say(global.language, "đã cập nhật tổ \(code)", "updated group \(code)"))
            }
        }
    }

    struct Dissolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dissolve a group (or mark it merged): its members leave and its board ends that day.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The group's code.") var code: String
        @Option(help: "The date (default: today).") var on: String?
        @Option(help: "dissolved (default) or merged.") var status: String = "dissolved"
        @Option(help: "Why, or into which group it merged.") var note: String?

        func run() throws {
            try guarded {
                let database = try global.openDatabase()
                let status = try parseEnum(status, "--status", as: GroupStatus.self)!
                try GroupStore(database).dissolve(code, on: try parseDate(on, "--on") ?? database.today, status: status, note: note, actor: global.actor)
                print(say(global.language, "tổ \(code): \(status.label.vi.lowercased())", "group \(code) is now \(status.rawValue)"))
            }
        }
    }

    struct Board: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the management board: leader, deputy and/or secretary, for a term.",
            discussion: "Each must be an active member of the group and not on the managing association's standing committee. The seat's previous holder's term ends the day before; history is kept (see groups show).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The group's code.") var code: String
        @Option(help: "Member code of the leader (tổ trưởng).") var leader: String?
        @Option(help: "Member code of the deputy (tổ phó).") var deputy: String?
        @Option(help: "Member code of the secretary (thư ký).") var secretary: String?
        @Option(help: "Term start (YYYY-MM-DD; default today).") var from: String?
        @Option(help: "Term end (YYYY-MM-DD; default: 5 years less a day).") var until: String?

        func run() throws {
            try guarded {
                let database = try global.openDatabase()
                let start = try parseDate(from, "--from") ?? database.today
                let end = try parseDate(until, "--until") ?? start.adding(months: 60).adding(days: -1)
                var seats: [GroupStore.BoardSeat] = []
                for (role, member) in [(BoardRole.leader, leader), (.deputy, deputy), (.secretary, secretary)] {
                    if let member { seats.append(GroupStore.BoardSeat(role: role, memberCode: member, termStart: start, termEnd: end)) }
                }
                guard !seats.isEmpty else { throw StoreError.rule("give at least one of --leader, --deputy, --secretary") }
                try GroupStore(database).setBoard(group: code, seats: seats, actor: global.actor)
                print(say(global.language, "đã cập nhật Ban quản lý tổ \(code) từ \(start)", "board of \(code) set from \(start)"))
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bulk-load groups from a CSV file, all or nothing.",
            discussion: """
                Columns: name, commune, association, founded_on (required); code, village, approval_ref, min_monthly_saving. \
                Every bad row is reported with its line and column; nothing is written unless every row is good.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The .csv file.") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check the file and report, but write nothing.") var dryRun = false

        func run() throws {
            try guarded {
                let batch = try GroupCSV.read(URL(fileURLWithPath: file), kind: .groups)
                let summary = try GroupStore(try global.openDatabase()).load(groups: batch.groups, members: [], actor: global.actor, dryRun: dryRun)
                print(dryRun ? "\(file): \(summary.groups) groups are valid; nothing was written (--dry-run)"
                             : say(global.language, "\(file): đã nạp \(summary.groups) tổ", "\(file): loaded \(summary.groups) groups"))
            }
        }
    }
}

// MARK: - Members

struct MembersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "Member households of the groups: add, leave, list, import.",
        subcommands: [Add.self, Leave.self, List.self, Import.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a member household to an active group.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The group's code.") var group: String
        @Option(help: "The member's code (default: numbered within the group, e.g. TS-G07-12).") var code: String?
        @Option(help: "The household head's name.") var name: String
        @Option(name: .customLong("national-id"), help: "National ID (12 digits).") var nationalID: String
        @Option(help: "poor, near_poor, just_out_of_poverty or other_policy.") var category: String
        @Option(help: "Joining date (default: today).") var joined: String?
        @Option(help: "The person code, when the household head is also registered as a person.") var person: String?

        func run() throws {
            try guarded {
                let database = try global.openDatabase()
                let draft = MemberDraft(groupCode: group, code: code, name: name, nationalID: nationalID,
                                        category: try parseEnum(category, "--category", as: PovertyCategory.self)!,
                                        joinedOn: try parseDate(joined, "--joined") ?? database.today, personCode: person)
                let added = try GroupStore(database).addMember(draft, actor: global.actor)
                print(say(global.language, "đã thêm thành viên \(added) (\(name)) vào tổ \(group)", "added member \(added) (\(name)) to \(group)"))
            }
        }
    }

    struct Leave: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A member household leaves its group (a board seat it holds ends too).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The member's code.") var code: String
        @Option(help: "The date (default: today).") var on: String?
        @Option(help: "Why.") var reason: String?

        func run() throws {
            try guarded {
                let database = try global.openDatabase()
                let date = try parseDate(on, "--on") ?? database.today
                try GroupStore(database).leave(member: code, on: date, reason: reason, actor: global.actor)
                print(say(global.language, "thành viên \(code) rời tổ ngày \(date)", "member \(code) left on \(date)"))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List member households.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this group's members.") var group: String?
        @Flag(help: "Include members who left.") var all = false
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let members = try GroupStore(try global.openDatabase()).members(group: group, includeLeft: all)
                if format == .json { return try printJSON(members) }
                let lang = global.language
                printTable(["code", say(lang, "họ tên", "name"), say(lang, "CCCD", "national ID"), say(lang, "diện", "category"),
                            say(lang, "vào tổ", "joined"), say(lang, "rời tổ", "left"), say(lang, "BQL", "board")],
                           members.map { [$0.code, $0.name, $0.nationalID, PovertyCategory(rawValue: $0.category)?.label.text(lang) ?? $0.category,
                                          $0.joinedOn, $0.leftOn ?? "", $0.boardRole.flatMap { BoardRole(rawValue: $0)?.label.text(lang) } ?? ""] })
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bulk-load member households (and board seats) from a CSV file, all or nothing.",
            discussion: """
                Columns: group, name, national_id, category, joined_on (required); code, person, board_role, term_start, term_end. \
                A row with board_role (leader, deputy, secretary) also takes that seat for the term; it needs its code. \
                Every bad row is reported with its line and column; nothing is written unless every row is good.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The .csv file.") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check the file and report, but write nothing.") var dryRun = false

        func run() throws {
            try guarded {
                let batch = try GroupCSV.read(URL(fileURLWithPath: file), kind: .members)
                let summary = try GroupStore(try global.openDatabase())
                    .load(groups: [], members: batch.members, seats: batch.seats, actor: global.actor, dryRun: dryRun)
                print(dryRun ? "\(file): \(summary.members) members are valid; nothing was written (--dry-run)"
                             : say(global.language, "\(file): đã nạp \(summary.members) thành viên, \(summary.boardSeats) chức danh BQL",
                                   "\(file): loaded \(summary.members) members, \(summary.boardSeats) board seats"))
            }
        }
    }
}
