import EntrustCore
import EntrustStore
import Foundation

/// A request to schedule a meeting series.
public struct MeetingSeriesInput: Codable, Sendable {
    public var kind: String
    public var title: String?
    public var group: String?
    public var association: String?
    public var location: String?
    public var start: String
    public var durationMinutes: Int?
    public var rrule: String?
    public var holidayPolicy: String?

    enum CodingKeys: String, CodingKey {
        case kind, title, group, association, location, start, durationMinutes = "duration_minutes", rrule, holidayPolicy = "holiday_policy"
    }
}

/// Meetings, their attendance and calendar feeds, scoped.
public protocol MeetingRepository: Sendable {
    func meetings(scope: AccessScope, group: String?, kind: String?, from: LocalDate?, to: LocalDate?, limit: Int, after: PageCursor?, before: PageCursor?) async throws -> ScopeStore.Page<MeetingView>
    func meeting(_ ref: String, scope: AccessScope) async throws -> MeetingView
    func attendance(_ ref: String, scope: AccessScope) async throws -> [AttendanceView]
    /// Who may be marked at an occurrence: the group's active members (group meetings) or the invitees already recorded.
    func invitees(_ ref: String, scope: AccessScope) async throws -> [MemberView]
    func schedule(_ input: MeetingSeriesInput, scope: AccessScope, actor: Principal) async throws -> (series: String, occurrences: Int)
    func move(_ ref: String, to start: LocalDateTime, reason: String?, scope: AccessScope, actor: Principal) async throws -> MeetingView
    func cancel(_ ref: String, reason: String?, scope: AccessScope, actor: Principal) async throws
    func recordAttendance(_ ref: String, _ entries: [(code: String, status: AttendanceStatus)], scope: AccessScope, actor: Principal) async throws -> MeetingView
    func feed(_ subject: UserStore.CalendarSubject, stamp: Date) async throws -> String
}
