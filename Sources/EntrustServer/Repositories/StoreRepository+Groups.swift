import EntrustStore

extension StoreRepository: GroupRepository {
    public func groups(scope: AccessScope, association: String?, commune: String?, status: String?, limit: Int, after: PageCursor?, before: PageCursor?) async throws -> ScopeStore.Page<GroupView> {
        try await blocking { try scopes.groups(scope: scope, association: association, commune: commune, status: status, limit: limit, after: after, before: before) }
    }

    public func group(_ code: String, scope: AccessScope) async throws -> GroupView {
        try await blocking {
            try require(try scopes.groupVisible(code, scope: scope), "group", code)
            return try GroupStore(database).group(code)
        }
    }

    public func members(group: String, scope: AccessScope) async throws -> [MemberView] {
        try await blocking {
            try require(try scopes.groupVisible(group, scope: scope), "group", group)
            return try GroupStore(database).members(group: group)
        }
    }

    public func board(group: String, scope: AccessScope) async throws -> [BoardTermView] {
        try await blocking {
            try require(try scopes.groupVisible(group, scope: scope), "group", group)
            return try GroupStore(database).board(group: group)
        }
    }
}
