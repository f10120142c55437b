/// The policy category of a member household.
public enum PovertyCategory: String, Codable, Sendable, CaseIterable {
    case poor
    case nearPoor = "near_poor"
    case justOutOfPoverty = "just_out_of_poverty"
    case otherPolicy = "other_policy"

    public var label: LocalizedText {
        switch self {
        case .poor: return LocalizedText(vi: "Hộ nghèo", en: "Poor household")
        case .nearPoor: return LocalizedText(vi: "Hộ cận nghèo", en: "Near-poor household")
        case .justOutOfPoverty: return LocalizedText(vi: "Hộ mới thoát nghèo", en: "Just out of poverty")
        case .otherPolicy: return LocalizedText(vi: "Đối tượng chính sách khác", en: "Other policy beneficiary")
        }
    }
}
