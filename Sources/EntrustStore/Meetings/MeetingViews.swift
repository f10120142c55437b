import EntrustCore

/// One occurrence of a meeting series as listed. `ref` (`SERIES@YYYY-MM-DD`, the planned date) names it in commands.
public struct MeetingView: Codable, Sendable, StoreRecord {
    public var ref: String
    public var series: String
    public var kind: String
    public var title: String
    public var group: String?
    public var association: String?
    public var point: String?
    public var location: String
    public var planned: String
    public var start: String
    public var end: String
    public var status: String
    public var sequence: Int
    /// Why the holiday policy moved or kept this occurrence, in Vietnamese (`policyNoteEn`: in English).
    public var policyNote: String?
    public var policyNoteEn: String?
    /// For loan reviews and board elections once attendance is recorded: whether a quorum was present.
    /// A meeting below quorum has its decisions flagged.
    public var quorumMet: Bool?
    public var minutes: String?
    public var minutesScan: String?

    enum CodingKeys: String, CodingKey {
        case ref, series, kind, title, group, association, point, location, planned, start, end, status, sequence
        case policyNote = "policy_note", policyNoteEn = "policy_note_en", quorumMet = "quorum_met", minutes, minutesScan = "minutes_scan"
    }
}

/// A meeting series as listed.
public struct MeetingSeriesView: Codable, Sendable, StoreRecord {
    public var code: String
    public var kind: String
    public var title: String
    public var group: String?
    public var association: String?
    public var point: String?
    public var organiser: String
    public var location: String
    public var start: String
    public var durationMinutes: Int
    public var rrule: String?
    public var lunar: String?
    public var exdates: String
    public var holidayPolicy: String
    public var invitees: String
    public var horizonUntil: String
    public var status: String
    public var sequence: Int
    public var occurrences: Int

    enum CodingKeys: String, CodingKey {
        case code, kind, title, group, association, point, organiser, location, start, durationMinutes = "duration_minutes"
        case rrule, lunar, exdates, holidayPolicy = "holiday_policy", invitees, horizonUntil = "horizon_until", status, sequence, occurrences
    }
}

/// One person's attendance at one occurrence.
public struct AttendanceView: Codable, Sendable, StoreRecord {
    public var code: String
    public var name: String
    public var status: String
}

/// One change to an occurrence or a series (move, cancel), kept as history.
public struct MeetingChangeView: Codable, Sendable, StoreRecord {
    public var action: String
    public var fromStart: String?
    public var toStart: String?
    public var reason: String?
    public var sequence: Int
    public var changedBy: String
    public var changedAt: String

    enum CodingKeys: String, CodingKey {
        case action, fromStart = "from_start", toStart = "to_start", reason, sequence, changedBy = "changed_by", changedAt = "changed_at"
    }
}

/// Attendance rate of one group in one month: present ÷ attendance recorded, over its own meetings.
public struct AttendanceRateView: Codable, Sendable, StoreRecord {
    public var group: String
    public var month: String
    public var meetings: Int
    public var present: Int
    public var recorded: Int
    /// Whole percent, rounded down; nil when nothing was recorded.
    public var percent: Int?
}

/// An occurrence of a saved series that falls on a non-working day, and what its holiday policy does with it.
public struct HolidayPreviewRow: Codable, Sendable {
    public var series: String
    public var kind: String
    public var planned: String
    /// `moved`, `kept` or `skipped`.
    public var outcome: String
    public var result: String?
    /// The holiday, when the day is one (else nil: a weekend).
    public var holiday: LocalizedText?
    /// Why the day is non-working, in English (`Saturday`, the holiday's name).
    public var reason: String

    public func holidayName(_ language: Language) -> String? { holiday?.text(language) }
}
