/// The states of an entrustment contract.
///
/// `draft` → `pending_approval` → `active` ⇄ `suspended`, then `expired` or `terminated`.
public enum ContractState: String, Codable, Sendable, CaseIterable {
    case draft
    case pendingApproval = "pending_approval"
    case active
    case suspended
    case expired
    case terminated

    public var isFinal: Bool { self == .expired || self == .terminated }

    public var label: LocalizedText {
        switch self {
        case .draft: return LocalizedText(vi: "dự thảo", en: "draft")
        case .pendingApproval: return LocalizedText(vi: "chờ duyệt", en: "pending approval")
        case .active: return LocalizedText(vi: "hiệu lực", en: "active")
        case .suspended: return LocalizedText(vi: "tạm dừng", en: "suspended")
        case .expired: return LocalizedText(vi: "hết hạn", en: "expired")
        case .terminated: return LocalizedText(vi: "chấm dứt", en: "terminated")
        }
    }
}

/// What a person (or the system, for `expire`) can do to a contract.
public enum ContractAction: String, Codable, Sendable, CaseIterable {
    case submit, approve, reject, suspend, resume, terminate, amend, renew, expire

    /// The states from which the action is legal. `approve` and `reject` also apply to a pending
    /// amendment or termination of an active or suspended contract.
    public var allowedFrom: [ContractState] {
        switch self {
        case .submit: return [.draft]
        case .approve, .reject: return [.pendingApproval, .active, .suspended]
        case .suspend: return [.active]
        case .resume: return [.suspended]
        case .terminate, .amend: return [.active, .suspended]
        case .renew: return [.active, .suspended, .expired]
        case .expire: return [.active, .suspended]
        }
    }
}

/// The changes that need a second person's approval.
public enum ChangeKind: String, Codable, Sendable, CaseIterable {
    case activate, amend, terminate
}

/// Why a contract ended.
public enum TerminationReason: Hashable, Sendable {
    /// Closed because its commune merged; the successor is the contract of the merged commune.
    case merged
    case other(String)

    public var text: String {
        switch self {
        case .merged: return "merged"
        case .other(let text): return text
        }
    }

    public init(text: String) {
        self = text == "merged" ? .merged : .other(text)
    }
}

public enum ContractLifecycle {
    /// Refuses an illegal transition with a message that names the states that allow it.
    public static func check(_ action: ContractAction, from state: ContractState) throws {
        guard action.allowedFrom.contains(state) else {
            throw CoreError.illegalTransition(action: action.rawValue, from: state.rawValue,
                                              allowedFrom: action.allowedFrom.map(\.rawValue))
        }
    }

    /// The state after an action that needs no approval (or after an approved change).
    public static func next(after action: ContractAction, from state: ContractState) throws -> ContractState {
        try check(action, from: state)
        switch action {
        case .submit: return .pendingApproval
        case .approve: return state == .pendingApproval ? .active : state
        case .reject: return state == .pendingApproval ? .draft : state
        case .suspend: return .suspended
        case .resume: return .active
        case .terminate: return .terminated
        case .amend, .renew: return state
        case .expire: return .expired
        }
    }

    /// Maker-checker: the approver holds the approver role and is neither the contract's maker nor the requester.
    public static func checkApprover(approver: String, isApprover: Bool, makers: [String]) throws {
        guard isApprover else { throw CoreError.notAnApprover(person: approver) }
        if makers.contains(approver) { throw CoreError.makerCannotApprove(person: approver) }
    }

    public static func checkTerm(start: LocalDate, end: LocalDate) throws {
        guard start <= end else { throw CoreError.endBeforeStart(start: start, end: end) }
    }
}
