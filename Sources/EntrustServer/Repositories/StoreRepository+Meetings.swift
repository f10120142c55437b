import EntrustCore
import EntrustStore
import Foundation

extension StoreRepository: MeetingRepository {
    public func meetings(scope: AccessScope, group: String?, kind: String?, from: LocalDate?, to: LocalDate?, limit: Int, after: PageCursor?, before: PageCursor?) async throws -> ScopeStore.Page<MeetingView> {
        try await blocking { try scopes.meetings(scope: scope, group: group, kind: kind, from: from, to: to, limit: limit, after: after, before: before) }
    }

    /// The series code of `SERIES@DATE`, checked against the scope.
    func checkMeeting(_ ref: String, scope: AccessScope) throws {
        let series = String(ref.split(separator: "@", maxSplits: 1).first ?? "")
        try require(try scopes.seriesVisible(series, scope: scope), "meeting", ref)
    }

    public func meeting(_ ref: String, scope: AccessScope) async throws -> MeetingView {
        try await blocking {
            try checkMeeting(ref, scope: scope)
            return try MeetingStore(database).meeting(ref)
        }
    }

    public func attendance(_ ref: String, scope: AccessScope) async throws -> [AttendanceView] {
        try await blocking {
            try checkMeeting(ref, scope: scope)
            return try MeetingStore(database).attendance(ref)
        }
    }

    public func invitees(_ ref: String, scope: AccessScope) async throws -> [MemberView] {
        try await blocking {
            try checkMeeting(ref, scope: scope)
            let meeting = try MeetingStore(database).meeting(ref)
            guard let group = meeting.group else { return [] }
            return try GroupStore(database).members(group: group)
        }
    }

    public func schedule(_ input: MeetingSeriesInput, scope: AccessScope, actor: Principal) async throws -> (series: String, occurrences: Int) {
        try await blocking {
            guard let kind = MeetingKind(rawValue: input.kind) else {
                throw StoreError.invalid(field: "kind", value: input.kind, reason: "expected one of \(MeetingKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let group = input.group {
                guard try scopes.groupVisible(group, scope: scope) else { throw StoreError.invalid(field: "group", value: group, reason: "unknown group") }
            } else if let association = input.association {
                guard try scopes.associationVisible(association, scope: scope) else {
                    throw StoreError.invalid(field: "association", value: association, reason: "unknown association")
                }
            } else {
                throw StoreError.invalid(field: "group", value: "", reason: "give the group (or the association) the meeting belongs to")
            }
            var policy: HolidayPolicy?
            if let text = input.holidayPolicy {
                guard let value = HolidayPolicy(rawValue: text) else {
                    throw StoreError.invalid(field: "holiday_policy", value: text, reason: "expected keep, next-working-day, previous-working-day or skip")
                }
                policy = value
            }
            let recurrence: MeetingRecurrence
            do { recurrence = try MeetingRecurrence.parse(rrule: input.rrule, lunar: nil) } catch let error as CoreError { throw StoreError.domain(error) }
            let draft = MeetingStore.SeriesDraft(kind: kind, title: input.title, group: input.group, association: input.group == nil ? input.association : nil,
                                                 location: input.location, start: try LocalDateTime.parse(input.start, field: "start"),
                                                 durationMinutes: input.durationMinutes ?? 120, recurrence: recurrence, holidayPolicy: policy)
            let scheduled = try MeetingStore(database).schedule(draft, holidays: holidays, actor: actor)
            return (scheduled.code, scheduled.occurrences)
        }
    }

    public func move(_ ref: String, to start: LocalDateTime, reason: String?, scope: AccessScope, actor: Principal) async throws -> MeetingView {
        try await blocking {
            try checkMeeting(ref, scope: scope)
            return try MeetingStore(database).move(ref, to: start, reason: reason, actor: actor)
        }
    }

    public func cancel(_ ref: String, reason: String?, scope: AccessScope, actor: Principal) async throws {
        try await blocking {
            try checkMeeting(ref, scope: scope)
            try MeetingStore(database).cancel(ref, reason: reason, actor: actor)
        }
    }

    public func recordAttendance(_ ref: String, _ entries: [(code: String, status: AttendanceStatus)], scope: AccessScope,
                                 actor: Principal) async throws -> MeetingView {
        let sendable = entries.map { Entry(code: $0.code, status: $0.status) }
        return try await blocking {
            try checkMeeting(ref, scope: scope)
            try scopes.requireVisible(sendable.map(\.code), field: "attendee", entity: "member or person", scope: scope,
                                      [scopes.memberVisible, scopes.personVisible])
            return try MeetingStore(database).recordAttendance(ref, sendable.map { ($0.code, $0.status) }, actor: actor)
        }
    }

    public func feed(_ subject: UserStore.CalendarSubject, stamp: Date) async throws -> String {
        try await blocking {
            let feedSubject: MeetingStore.FeedSubject
            switch subject {
            case let .person(code): feedSubject = .person(code)
            case let .group(code): feedSubject = .group(code)
            }
            return try MeetingStore(database).feed(feedSubject, stamp: stamp).text
        }
    }

    struct Entry: Sendable {
        var code: String
        var status: AttendanceStatus
    }
}
