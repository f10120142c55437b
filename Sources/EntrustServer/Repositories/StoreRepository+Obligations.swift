import EntrustCore
import EntrustStore

extension StoreRepository: ObligationRepository {
    public func obligations(scope: AccessScope, status: String?, contract: String?, association: String?, dueFrom: LocalDate?,
                            dueTo: LocalDate?, limit: Int, after: PageCursor?, before: PageCursor?) async throws -> ScopeStore.Page<ObligationView> {
        try await blocking {
            try scopes.obligations(scope: scope, status: status, contract: contract, association: association, dueFrom: dueFrom,
                                   dueTo: dueTo, limit: limit, after: after, before: before)
        }
    }

    public func obligation(_ ref: String, scope: AccessScope) async throws -> ObligationView {
        try await blocking { try scopes.obligation(ref, scope: scope) }
    }

    public func complete(_ ref: String, evidence: String, on date: LocalDate?, scope: AccessScope, actor: Principal) async throws -> ObligationView {
        try await blocking {
            _ = try scopes.obligation(ref, scope: scope)
            return try ObligationStore(database).complete(ref, evidence: evidence, on: date, actor: actor)
        }
    }

    public func waive(_ ref: String, reason: String, scope: AccessScope, actor: Principal) async throws -> ObligationView {
        try await blocking {
            _ = try scopes.obligation(ref, scope: scope)
            return try ObligationStore(database).waive(ref, reason: reason, actor: actor)
        }
    }
}
