import EntrustCore
import EntrustStore

/// Dated obligations, scoped.
public protocol ObligationRepository: Sendable {
    func obligations(scope: AccessScope, status: String?, contract: String?, association: String?, dueFrom: LocalDate?, dueTo: LocalDate?,
                     limit: Int, after: PageCursor?, before: PageCursor?) async throws -> ScopeStore.Page<ObligationView>
    func obligation(_ ref: String, scope: AccessScope) async throws -> ObligationView
    func complete(_ ref: String, evidence: String, on date: LocalDate?, scope: AccessScope, actor: Principal) async throws -> ObligationView
    func waive(_ ref: String, reason: String, scope: AccessScope, actor: Principal) async throws -> ObligationView
}
