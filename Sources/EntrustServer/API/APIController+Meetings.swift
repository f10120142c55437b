import EntrustCore
import EntrustStore
import Hummingbird

extension APIController {
    struct MoveBody: Decodable {
        var start: String
        var reason: String?
    }

    struct CancelBody: Decodable {
        var reason: String?
    }

    struct AttendanceBody: Decodable {
        struct Entry: Decodable {
            var code: String
            var status: String
        }
        var entries: [Entry]
    }

    struct Created: Encodable {
        var series: String
        var occurrences: Int
    }

    func addMeetingRoutes(to api: RouterGroup<Context>) {
        api.get("meetings") { request, context in
            let account = try account(context)
            let (limit, after) = try page(request)
            return try Self.json(try await repositories.meetings.meetings(
                scope: account.scope, group: RequestInput.query(request, "group"),
                kind: try RequestInput.queryChoice(request, "kind", MeetingKind.allCases.map(\.rawValue)),
                from: try RequestInput.queryDate(request, "from"), to: try RequestInput.queryDate(request, "to"), limit: limit, after: after, before: nil))
        }
        api.post("meetings") { request, context in
            let account = try account(request, context, may: .manageMeetings)
            let input = try await body(MeetingSeriesInput.self, request)
            let created = try await repositories.meetings.schedule(input, scope: account.scope, actor: account.principal)
            return try Self.json(Created(series: created.series, occurrences: created.occurrences), status: .created)
        }
        api.get("meetings/{ref}") { _, context in
            let account = try account(context)
            return try Self.json(try await repositories.meetings.meeting(try RequestInput.parameter(context, "ref"), scope: account.scope))
        }
        api.post("meetings/{ref}/move") { request, context in
            let ref = try RequestInput.parameter(context, "ref")
            let (account, _) = try await scoped(request, context, may: .manageMeetings) { try await repositories.meetings.meeting(ref, scope: $0.scope) }
            let input = try await body(MoveBody.self, request)
            return try Self.json(try await repositories.meetings.move(ref, to: try LocalDateTime.parse(input.start, field: "start"), reason: input.reason,
                                                                      scope: account.scope, actor: account.principal))
        }
        api.post("meetings/{ref}/cancel") { request, context in
            let ref = try RequestInput.parameter(context, "ref")
            let (account, _) = try await scoped(request, context, may: .manageMeetings) { try await repositories.meetings.meeting(ref, scope: $0.scope) }
            let input = try await optionalBody(CancelBody.self, request, empty: CancelBody(reason: nil))
            try await repositories.meetings.cancel(ref, reason: input.reason, scope: account.scope, actor: account.principal)
            return try Self.json(try await repositories.meetings.meeting(ref, scope: account.scope))
        }
        api.get("meetings/{ref}/attendance") { _, context in
            let account = try account(context)
            return try Self.json(try await repositories.meetings.attendance(try RequestInput.parameter(context, "ref"), scope: account.scope))
        }
        api.put("meetings/{ref}/attendance") { request, context in
            let ref = try RequestInput.parameter(context, "ref")
            let (account, _) = try await scoped(request, context, may: .recordAttendance) { try await repositories.meetings.meeting(ref, scope: $0.scope) }
            let input = try await body(AttendanceBody.self, request)
            var entries: [(code: String, status: AttendanceStatus)] = []
            for (index, entry) in input.entries.enumerated() {
                guard let status = AttendanceStatus(rawValue: entry.status) else {
                    throw ServerError.invalid(field: "entries.\(index).status", reason: "expected present, absent or excused")
                }
                entries.append((entry.code, status))
            }
            return try Self.json(try await repositories.meetings.recordAttendance(ref, entries, scope: account.scope, actor: account.principal))
        }
    }
}
