/// Where an outbox message is in its life.
///
/// `scheduled` waits for its time; `available` may be sent now; `sending` is leased by a worker;
/// `retrying` failed and waits for its next attempt; `sent`, `dead` and `cancelled` are final
/// (a person can send a dead or cancelled message again with `entrust outbox retry`).
public enum OutboxState: String, Codable, Sendable, CaseIterable {
    case scheduled, available, sending, sent, retrying, dead, cancelled

    /// States a worker may claim from once the message's time has come.
    public static let claimable: [OutboxState] = [.scheduled, .available, .retrying]
}
