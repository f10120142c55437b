/// Where a Savings and Loan Group stands. Only an active group takes new members and meetings.
public enum GroupStatus: String, Codable, Sendable, CaseIterable {
    case active, merged, dissolved

    public var label: LocalizedText {
        switch self {
        case .active: return LocalizedText(vi: "Đang hoạt động", en: "Active")
        case .merged: return LocalizedText(vi: "Đã sáp nhập", en: "Merged")
        case .dissolved: return LocalizedText(vi: "Đã giải thể", en: "Dissolved")
        }
    }
}
