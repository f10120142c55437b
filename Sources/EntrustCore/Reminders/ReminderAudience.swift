/// Who a reminder rule addresses. The planner resolves each role to people from the data that
/// caused the reminder; a role that the event's source cannot resolve yields nobody.
public enum ReminderAudience: String, Codable, Sendable, CaseIterable {
    /// The officer of the party responsible for an obligation (the association's officer, or the bank's credit officer).
    case responsibleOfficer = "responsible_officer"
    /// The chair of the association concerned.
    case associationChair = "association_chair"
    /// The officer(s) of the association concerned.
    case associationOfficer = "association_officer"
    /// The bank's credit officer(s) for the commune (its transaction point, else its transaction office).
    case bankOfficer = "bank_officer"
    /// The staff of the transaction office concerned.
    case bankStaff = "bank_staff"
    /// A group's management board (arrives with the groups issue).
    case groupBoard = "group_board"
    /// Group leaders of a transaction point (arrives with the groups issue).
    case groupLeaders = "group_leaders"
    /// People enrolled in a training (arrives with the trainings issue).
    case enrolled
}
