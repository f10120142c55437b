import EntrustCore

/// A training session as listed.
public struct TrainingView: Codable, Sendable, StoreRecord {
    public var code: String
    public var association: String
    public var topic: String
    public var trainer: String
    public var audience: String
    public var capacity: Int
    public var start: String
    public var location: String
    public var status: String
    public var enrolled: Int
    public var present: Int
}

/// An annual training quota with its progress.
public struct QuotaView: Codable, Sendable {
    public var association: String
    public var year: Int
    public var audience: String
    public var target: Int
    public var deadline: String
    public var trained: Int
    public var expectedByToday: Int
    public var percent: Int
    public var behindSchedule: Bool

    enum CodingKeys: String, CodingKey {
        case association, year, audience, target, deadline, trained, expectedByToday = "expected_by_today", percent
        case behindSchedule = "behind_schedule"
    }
}
