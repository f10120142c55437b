import EntrustStore

extension StoreRepository: OutboxRepository {
    public func counts() async throws -> [OutboxState: Int] {
        try await blocking { try OutboxStore(database).counts() }
    }

    public func messages(state: OutboxState?, limit: Int) async throws -> [OutboxMessage] {
        try await blocking { try OutboxStore(database).list(state: state, limit: limit) }
    }

    public func retry(_ id: String, actor: Principal) async throws -> OutboxMessage {
        try await blocking { try OutboxStore(database).retry(id, actor: actor) }
    }

    public func endpoints() async throws -> [EndpointView] {
        try await blocking { try EndpointStore(database).list() }
    }
}
