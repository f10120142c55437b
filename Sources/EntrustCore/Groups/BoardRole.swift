/// A seat on a group's management board (*Ban quản lý tổ*).
public enum BoardRole: String, Codable, Sendable, CaseIterable {
    case leader, deputy, secretary

    public var label: LocalizedText {
        switch self {
        case .leader: return LocalizedText(vi: "Tổ trưởng", en: "Leader")
        case .deputy: return LocalizedText(vi: "Tổ phó", en: "Deputy")
        case .secretary: return LocalizedText(vi: "Thư ký", en: "Secretary")
        }
    }
}
