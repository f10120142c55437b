/// Who a meeting series invites.
public enum MeetingInvitee: String, Codable, Sendable, CaseIterable {
    /// Every active member household of the group.
    case members
    /// The group's management board.
    case board
    /// The officers of the managing (or organising) association.
    case officers
    /// The transaction office's staff.
    case bank

    /// Parses a comma-separated list such as `members,officers`; throws naming the bad value.
    public static func parseList(_ text: String, field: String = "invitees") throws -> [MeetingInvitee] {
        var result: [MeetingInvitee] = []
        for piece in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !piece.isEmpty {
            guard let invitee = MeetingInvitee(rawValue: piece) else {
                throw CoreError.invalidValue(field: field, value: piece,
                                             expected: "a comma-separated list of \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !result.contains(invitee) { result.append(invitee) }
        }
        return result
    }
}
