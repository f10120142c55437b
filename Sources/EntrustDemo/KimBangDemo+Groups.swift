import EntrustCore
import EntrustStore
import Foundation

/// The groups of Kim Bang (31 Aug 2023, DOMAIN.md): 213 groups, 7,970 households, Tân Sơn's groups with 807 members;
/// their boards, a monthly meeting series per group, each point's transaction day, the monthly giao ban of every
/// commune association, the year's trainings with some attendance, and training quotas. Deterministic.
extension KimBangDemo {
    public struct GroupResult: Sendable {
        public var groups = 0, members = 0, series = 0, occurrences = 0, trainings = 0
        public var loans = LoanResult()
    }

    static let totalGroups = 213
    static let totalHouseholds = 7_970
    static let tanSonMembers = 807
    static let tanSonGroups = 15
    static let villages = ["Đồng", "Thượng", "Hạ", "Trung", "Đông", "Tây", "Nam", "Bắc", "Chùa", "Đình", "Giữa", "Cầu", "Bến", "Lũng", "Yên"]

    /// Readable, unique code prefixes: the commune's initials (Tân Sơn → TS); a later commune with the same initials
    /// takes the first word's first two letters (Thanh Sơn → THS, Thi Sơn → THIS).
    static func prefixes() -> [String] {
        var used = Set<String>()
        return communes.map { commune in
            var prefix = GroupRules.communePrefix(commune.name)
            let words = commune.name.split(separator: " ").map { Slug.compact(String($0)) }
            var length = 2
            while used.contains(prefix) {
                prefix = String(words[0].prefix(length)) + words.dropFirst().compactMap { $0.first.map(String.init) }.joined()
                length += 1
            }
            used.insert(prefix)
            return prefix
        }
    }

    /// Group counts per commune and member counts per group, hitting the district's totals exactly.
    static func layout() -> [[Int]] {
        let tanSon = communes.firstIndex { $0.name == "Tân Sơn" }!
        let others = communes.count - 1
        let otherGroups = totalGroups - tanSonGroups
        var result: [[Int]] = []
        var otherIndex = 0
        var otherSizes: [Int] = []
        // Sizes vary between 26 and 46 around the mean, then are nudged one by one to the exact total.
        for index in 0..<otherGroups { otherSizes.append(36 + (index * 7) % 21 - 10) }
        var difference = (totalHouseholds - tanSonMembers) - otherSizes.reduce(0, +)
        var cursor = 0
        while difference != 0 {
            otherSizes[cursor % otherGroups] += difference > 0 ? 1 : -1
            difference += difference > 0 ? -1 : 1
            cursor += 1
        }
        var taken = 0
        for index in communes.indices {
            if index == tanSon {
                let base = tanSonMembers / tanSonGroups, extra = tanSonMembers % tanSonGroups
                result.append((0..<tanSonGroups).map { base + ($0 < extra ? 1 : 0) })
            } else {
                // 198 groups over 17 communes: the first 11 have 12 groups, the rest 11.
                let count = otherGroups / others + (otherIndex < otherGroups % others ? 1 : 0)
                result.append(Array(otherSizes[taken..<(taken + count)]))
                taken += count
                otherIndex += 1
            }
        }
        return result
    }

    func buildGroups(holidays: HolidayCalendar) throws -> GroupResult {
        let today = database.today
        let year = today.year
        let actor = Principal("demo")
        let prefixes = Self.prefixes()
        let layout = Self.layout()
        var groups: [GroupDraft] = []
        var members: [MemberDraft] = []
        var seats: [(group: String, seat: GroupStore.BoardSeat)] = []
        var household = 0
        let termStart = LocalDate(year: 2022, month: 1, day: 1)!, termEnd = LocalDate(year: 2026, month: 12, day: 31)!
        var groupCodes: [(code: String, commune: Int, association: String)] = []
        for (communeIndex, commune) in Self.communes.enumerated() {
            let communeCode = Slug.compact(commune.name)
            for (groupIndex, size) in layout[communeIndex].enumerated() {
                let code = GroupRules.groupCode(prefix: prefixes[communeIndex], number: groupIndex + 1)
                let kind = AssociationKind.allCases[(communeIndex + groupIndex) % 4]
                let association = "\(communeCode)-\(kind.abbreviation)"
                let village = "\(Self.villages[groupIndex % Self.villages.count])\(groupIndex >= Self.villages.count ? " \(groupIndex / Self.villages.count + 1)" : "")"
                var founded = LocalDate(year: 2005 + (communeIndex + groupIndex * 3) % 16, month: 1 + groupIndex % 12, day: 1 + communeIndex % 28)!
                // One group more than at the start of 2023: Thi Sơn's last group was founded in March 2023.
                if commune.name == Self.newGroupCommune, groupIndex == layout[communeIndex].count - 1, Self.loansEnabled(today: today) {
                    founded = LocalDate(year: 2023, month: 3, day: 20)!
                }
                groups.append(GroupDraft(code: code, name: "Tổ TK&VV thôn \(village)", village: village, communeCode: communeCode,
                                         associationCode: association, foundedOn: founded,
                                         approvalReference: "QĐ \(100 + groupIndex)/QĐ-UBND",
                                         minimumMonthlySaving: VND(Int64(50_000 + (groupIndex % 3) * 50_000))))
                groupCodes.append((code, communeIndex, association))
                for memberIndex in 0..<size {
                    household += 1
                    let person = Self.person(1_000 + household)
                    let memberCode = "\(code)-\(String(format: "%02d", memberIndex + 1))"
                    let category = PovertyCategory.allCases[[0, 1, 1, 2, 3, 0, 1][household % 7]]
                    members.append(MemberDraft(groupCode: code, code: memberCode, name: person.name,
                                               nationalID: String(format: "035%09d", household), category: category, joinedOn: founded))
                    if memberIndex < 3 {
                        seats.append((code, GroupStore.BoardSeat(role: BoardRole.allCases[memberIndex], memberCode: memberCode,
                                                                 termStart: max(termStart, founded), termEnd: termEnd)))
                    }
                }
            }
        }
        let loaded = try GroupStore(database).load(groups: groups, members: members, seats: seats, actor: actor, issueLimit: 5)
        var result = GroupResult(groups: loaded.groups, members: loaded.members)
        result.loans = try buildLoans(groups: groupCodes, members: members)

        // A monthly meeting per group, from 1 January: most on a fixed solar day, every fifth on the lunar 15th (ngày rằm).
        var drafts: [MeetingStore.SeriesDraft] = []
        for (index, group) in groupCodes.enumerated() {
            let day = 1 + index % 28
            let recurrence: MeetingRecurrence = index % 5 == 4
                ? .lunar(try LunarRecurrence(.monthly(day: 15)), count: nil)
                : .rule(try RecurrenceRule(frequency: .monthly, byMonthDay: [day]))
            let startDay = index % 5 == 4 ? 1 : day
            drafts.append(MeetingStore.SeriesDraft(kind: .groupMeeting, group: group.code,
                                                   start: LocalDateTime(date: LocalDate(year: year, month: 1, day: startDay)!, hour: index % 2 == 0 ? 8 : 14, minute: 0)!,
                                                   recurrence: recurrence, horizon: LocalDate(year: year, month: 12, day: 31)!))
        }
        // The transaction day of each point, and the monthly giao ban of each commune association there in the afternoon.
        for commune in Self.communes {
            let code = Slug.compact(commune.name)
            let first = LocalDate(year: year, month: 1, day: commune.day)!
            drafts.append(MeetingStore.SeriesDraft(kind: .transactionDay, point: "KB-\(code)", organiser: "KB",
                                                   start: LocalDateTime(date: first, hour: 7, minute: 30)!, durationMinutes: 240,
                                                   recurrence: .once, horizon: LocalDate(year: year, month: 12, day: 31)!))
            for kind in AssociationKind.allCases {
                drafts.append(MeetingStore.SeriesDraft(kind: .giaoBan, association: "\(code)-\(kind.abbreviation)", organiser: "\(code)-\(kind.abbreviation)-CT",
                                                       start: LocalDateTime(date: first, hour: 14, minute: 0)!, durationMinutes: 90,
                                                       recurrence: .rule(try RecurrenceRule(frequency: .monthly, byMonthDay: [commune.day])),
                                                       horizon: LocalDate(year: year, month: 12, day: 31)!))
            }
        }
        let scheduled = try MeetingStore(database).scheduleAll(drafts, holidays: holidays, actor: actor)
        result.series = scheduled.count
        result.occurrences = scheduled.reduce(0) { $0 + $1.occurrences }

        // The year's trainings: group boards in each commune in March, association officers at district level in May.
        let trainings = TrainingStore(database)
        var sessions: [TrainingStore.Draft] = []
        for (index, commune) in Self.communes.enumerated() {
            let code = Slug.compact(commune.name)
            sessions.append(TrainingStore.Draft(code: "\(code)-TH\(year)", association: "\(code)-\(AssociationKind.allCases[index % 4].abbreviation)", topic: "Nghiệp vụ Ban quản lý tổ TK&VV",
                                                trainer: String(format: "KB-CB%02d", index / 3 + 1), audience: .groupBoards, capacity: 60,
                                                start: LocalDateTime(date: LocalDate(year: year, month: 3, day: 5 + index % 20)!, hour: 8, minute: 0)!,
                                                location: "Hội trường UBND \(commune.township ? "thị trấn" : "xã") \(commune.name)"))
        }
        for kind in AssociationKind.allCases {
            sessions.append(TrainingStore.Draft(code: "KIMBANG-\(kind.abbreviation)-TH\(year)", association: "KIMBANG-\(kind.abbreviation)",
                                                topic: "Nghiệp vụ ủy thác cho vay", trainer: "KB-PGD", audience: .associationOfficers, capacity: 40,
                                                start: LocalDateTime(date: LocalDate(year: year, month: 5, day: 14)!, hour: 8, minute: 0)!,
                                                location: "Hội trường Phòng giao dịch NHCSXH huyện Kim Bang"))
        }
        try trainings.add(sessions, holidays: holidays, actor: actor)
        result.trainings = sessions.count
        for (index, commune) in Self.communes.enumerated() {
            let code = Slug.compact(commune.name)
            let boardMembers = groupCodes.filter { $0.commune == index }.flatMap { ["\($0.code)-01", "\($0.code)-02"] }
            let session = "\(code)-TH\(year)"
            try trainings.enrol(session, trainees: Array(boardMembers.prefix(60)), actor: actor)
            if let start = try trainings.trainings(association: "\(code)-\(AssociationKind.allCases[index % 4].abbreviation)", year: year).first?.start, start < today.iso {
                // Most came; one in seven was absent.
                try trainings.attend(session, boardMembers.prefix(60).enumerated().map { ($1, $0 % 7 == 6 ? AttendanceStatus.absent : .present) }, actor: actor)
            }
        }
        for kind in AssociationKind.allCases {
            let officers = Self.communes.map { "\(Slug.compact($0.name))-\(kind.abbreviation)-CB" }
            let session = "KIMBANG-\(kind.abbreviation)-TH\(year)"
            try trainings.enrol(session, trainees: officers, actor: actor)
            if let start = try trainings.trainings(association: "KIMBANG-\(kind.abbreviation)", year: year).first?.start, start < today.iso {
                try trainings.attend(session, officers.enumerated().map { ($1, $0 % 5 == 4 ? AttendanceStatus.excused : .present) }, actor: actor)
            }
            try trainings.setQuota(association: "KIMBANG-\(kind.abbreviation)", year: year, audience: .associationOfficers, target: 36,
                                   deadline: LocalDate(year: year, month: 9, day: 30)!, actor: actor)
            // The communes whose board training this kind organises: train their leaders and deputies.
            let trainees = Self.communes.indices.filter { $0 % 4 == kind.index }.map { index in min(60, groupCodes.filter { $0.commune == index }.count * 2) }
            try trainings.setQuota(association: "KIMBANG-\(kind.abbreviation)", year: year, audience: .groupBoards, target: trainees.reduce(0, +),
                                   deadline: LocalDate(year: year, month: 9, day: 30)!, actor: actor)
        }

        // Attendance at Tân Sơn's most recent group meetings, for the attendance rates.
        let meetings = MeetingStore(database)
        let tanSon = groupCodes.filter { Self.communes[$0.commune].name == "Tân Sơn" }
        for (offset, group) in tanSon.enumerated() {
            guard let last = try meetings.meetings(group: group.code, kind: .groupMeeting, to: today.adding(days: -1)).last else { continue }
            let size = layout[group.commune][offset]
            let entries = (1...size).map { number -> (code: String, status: AttendanceStatus) in
                ("\(group.code)-\(String(format: "%02d", number))", number % 11 == 0 ? .absent : number % 17 == 0 ? .excused : .present)
            }
            try meetings.recordAttendance(last.ref, entries, actor: actor)
        }
        return result
    }
}

private extension AssociationKind {
    var index: Int { AssociationKind.allCases.firstIndex(of: self)! }
}
