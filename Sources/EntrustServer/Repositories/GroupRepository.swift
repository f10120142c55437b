import EntrustStore

/// Savings and Loan Groups with their members and boards, scoped.
public protocol GroupRepository: Sendable {
    func groups(scope: AccessScope, association: String?, commune: String?, status: String?, limit: Int, after: PageCursor?, before: PageCursor?) async throws -> ScopeStore.Page<GroupView>
    func group(_ code: String, scope: AccessScope) async throws -> GroupView
    func members(group: String, scope: AccessScope) async throws -> [MemberView]
    func board(group: String, scope: AccessScope) async throws -> [BoardTermView]
}
