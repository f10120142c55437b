/// Who a training session is for; annual quotas are set per audience.
public enum TrainingAudience: String, Codable, Sendable, CaseIterable {
    case groupBoards = "group_boards"
    case associationOfficers = "association_officers"

    public var label: LocalizedText {
        switch self {
        case .groupBoards: return LocalizedText(vi: "Ban quản lý tổ", en: "Group boards")
        case .associationOfficers: return LocalizedText(vi: "Cán bộ hội", en: "Association officers")
        }
    }
}
