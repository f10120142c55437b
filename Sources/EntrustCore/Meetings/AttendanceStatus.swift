/// Whether a person came to a meeting.
public enum AttendanceStatus: String, Codable, Sendable, CaseIterable {
    case present, absent, excused

    public var label: LocalizedText {
        switch self {
        case .present: return LocalizedText(vi: "Có mặt", en: "Present")
        case .absent: return LocalizedText(vi: "Vắng", en: "Absent")
        case .excused: return LocalizedText(vi: "Vắng có lý do", en: "Excused")
        }
    }
}
