/// What a signed-in account may do. Scope (which office or association) comes from the linked person.
public enum UserRole: String, Codable, Sendable, CaseIterable {
    /// Everything, everywhere, including the outbox, endpoints and accounts.
    case admin
    /// Transaction-office staff: the maker of contracts and the keeper of meetings, scoped to one office.
    case bankStaff = "bank_staff"
    /// The checker of maker-checker (approve or reject contract changes), scoped to one office.
    case approver
    /// A commune association's officer: their association's contracts, obligations, groups and meetings.
    case associationOfficer = "association_officer"
    /// Reads what their person's scope allows (everything when not linked to a person); changes nothing.
    case viewer

    public var label: LocalizedText {
        switch self {
        case .admin: LocalizedText(vi: "Quản trị", en: "Administrator")
        case .bankStaff: LocalizedText(vi: "Cán bộ ngân hàng", en: "Bank staff")
        case .approver: LocalizedText(vi: "Người phê duyệt", en: "Approver")
        case .associationOfficer: LocalizedText(vi: "Cán bộ hội đoàn thể", en: "Association officer")
        case .viewer: LocalizedText(vi: "Chỉ xem", en: "Viewer")
        }
    }

    /// Whether the role changes data at all.
    public var canWrite: Bool { self != .viewer }
    /// Whether the role acts for the bank (contracts, waivers, scheduling).
    public var isBank: Bool { self == .admin || self == .bankStaff || self == .approver }
}
