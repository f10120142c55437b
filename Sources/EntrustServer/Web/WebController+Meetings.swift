import EntrustCore
import EntrustStore
import Hummingbird

extension WebController {
    func addMeetingRoutes(to router: Router<Context>) {
        router.get("meetings") { request, context in
            let account = try signedIn(request, context)
            let language = context.language
            var month = today.yearMonth
            if let text = RequestInput.query(request, "month") {
                let chosen = try YearMonth.parse(text, field: "month")
                month = chosen
            }
            let first = month.firstDay, last = month.lastDay
            let page = try await repositories.meetings.meetings(scope: account.scope, group: RequestInput.query(request, "group"), kind: nil,
                                                                from: first, to: last, limit: 400, after: nil, before: nil)
            var byDay: [Int: [MeetingView]] = [:]
            for meeting in page.items {
                if let date = LocalDate(iso: meeting.start.prefix(10)) { byDay[date.day, default: []].append(meeting) }
            }
            // Weeks start on Monday; at most three entries per day keep the page small on a phone.
            var weeks: [[String: Any]] = []
            var days: [[String: Any]] = Array(repeating: [:], count: first.isoWeekday - 1)
            for day in 1...last.day {
                let items = (byDay[day] ?? []).prefix(3).map { m -> [String: Any] in
                    ["refPath": Self.pathSegment(m.ref), "time": String(m.start.dropFirst(11).prefix(5)), "title": m.title]
                }
                var cell: [String: Any] = ["day": day, "items": Array(items)]
                if let all = byDay[day], all.count > 3 {
                    cell["items"] = Array(items) + [["refPath": Self.pathSegment(all[3].ref), "time": "+\(all.count - 3)", "title": ""]]
                }
                days.append(cell)
                if days.count == 7 { weeks.append(["days": days]); days = [] }
            }
            if !days.isEmpty { weeks.append(["days": days + Array(repeating: [:], count: 7 - days.count)]) }
            let list = page.items.count <= 60 ? page.items.map { m -> [String: Any] in
                ["refPath": Self.pathSegment(m.ref), "start": m.start.replacingOccurrences(of: "T", with: " "), "title": m.title,
                 "kindLabel": Self.kindLabel(m.kind, language), "status": m.status]
            } : []
            let weekdays = language == .vi ? ["T2", "T3", "T4", "T5", "T6", "T7", "CN"] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            return pages.page("meetings", title: UIText.text("meetings", language), data: [
                "monthLabel": month.iso, "prevMonth": month.adding(months: -1).iso, "nextMonth": month.adding(months: 1).iso,
                "weekdays": weekdays, "weeks": weeks, "list": list, "total": "\(UIText.text("total", language)): \(UIText.count(page.total, capped: page.totalCapped, language))",
            ], context: context, path: "/meetings")
        }
        router.get("meetings/{ref}") { request, context in
            let account = try signedIn(request, context)
            let language = context.language
            let ref = try RequestInput.parameter(context, "ref")
            let meeting = try await repositories.meetings.meeting(ref, scope: account.scope)
            let attendance = try await repositories.meetings.attendance(ref, scope: account.scope)
            let invitees = try await repositories.meetings.invitees(ref, scope: account.scope)
            let recorded = Dictionary(attendance.map { ($0.code, $0.status) }, uniquingKeysWith: { a, _ in a })
            var people = invitees.map { ($0.code, $0.name) }
            for entry in attendance where !people.contains(where: { $0.0 == entry.code }) { people.append((entry.code, entry.name)) }
            let data: [String: Any] = [
                "m": ["title": meeting.title, "start": meeting.start.replacingOccurrences(of: "T", with: " "),
                      "end": meeting.end.replacingOccurrences(of: "T", with: " "), "location": meeting.location, "status": meeting.status,
                      "group": meeting.group ?? ""],
                "kindLabel": Self.kindLabel(meeting.kind, language), "refPath": Self.pathSegment(meeting.ref),
                "note": (language == .vi ? meeting.policyNote : meeting.policyNoteEn) ?? "",
                "canRecord": account.userRole.allows(.recordAttendance) && meeting.status == "scheduled" && !people.isEmpty,
                "people": people.map { code, name -> [String: Any] in
                    let status = recorded[code]
                    return ["code": code, "name": name, "isPresent": status == "present", "isAbsent": status == "absent", "isExcused": status == "excused"]
                },
                "attendance": attendance.map { ["name": $0.name, "status": AttendanceStatus(rawValue: $0.status)?.label.text(language) ?? $0.status] },
            ]
            return pages.page("meeting", title: meeting.title, data: data, context: context, path: "/meetings",
                              flash: RequestInput.query(request, "saved").map { _ in UIText.text("saved", language) })
        }
        router.post("meetings/{ref}/attendance") { request, context in
            let ref = try RequestInput.parameter(context, "ref")
            let (account, fields) = try await form(request, context, returnTo: "/meetings/" + Self.pathSegment(ref))
            _ = try await repositories.meetings.meeting(ref, scope: account.scope)
            try require(account, .recordAttendance)
            var entries: [(code: String, status: AttendanceStatus)] = []
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) where key.hasPrefix("a.") {
                guard let status = AttendanceStatus(rawValue: value) else { throw ServerError.invalid(field: key, reason: "expected present, absent or excused") }
                entries.append((String(key.dropFirst(2)), status))
            }
            if !entries.isEmpty {
                _ = try await repositories.meetings.recordAttendance(ref, entries, scope: account.scope, actor: account.principal)
            }
            return Self.redirect("/meetings/\(Self.pathSegment(ref))?saved=1")
        }
    }
}
