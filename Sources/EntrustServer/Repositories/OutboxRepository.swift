import EntrustStore

/// The outbox and webhook endpoints, for administrators (not scoped: admins see everything).
public protocol OutboxRepository: Sendable {
    func counts() async throws -> [OutboxState: Int]
    func messages(state: OutboxState?, limit: Int) async throws -> [OutboxMessage]
    func retry(_ id: String, actor: Principal) async throws -> OutboxMessage
    func endpoints() async throws -> [EndpointView]
}
