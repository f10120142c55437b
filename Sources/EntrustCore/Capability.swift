/// Something a role may do to an object inside its scope. Outside the scope nothing is allowed, whatever the role.
public enum Capability: String, Sendable, CaseIterable {
    /// See lists and details.
    case read
    /// Mark an obligation done with evidence.
    case completeObligation
    /// Waive an obligation that no longer applies (the bank decides).
    case waiveObligation
    /// Create, submit, amend, suspend, resume or terminate contracts: the maker.
    case editContract
    /// Approve or reject a pending contract change: the checker.
    case approveContract
    /// Schedule, move and cancel meetings.
    case manageMeetings
    /// Record who came to a meeting or a training.
    case recordAttendance
    /// Enrol trainees.
    case enrol
    /// The outbox, endpoints and accounts.
    case administer
}

extension UserRole {
    /// The house rules of who may do what (the authorization matrix test walks every route against this).
    public func allows(_ capability: Capability) -> Bool {
        switch self {
        case .admin:
            return true
        case .bankStaff:
            return ![.approveContract, .administer].contains(capability)
        case .approver:
            return ![.editContract, .administer].contains(capability)
        case .associationOfficer:
            return [.read, .completeObligation, .manageMeetings, .recordAttendance, .enrol].contains(capability)
        case .viewer:
            return capability == .read
        }
    }
}
