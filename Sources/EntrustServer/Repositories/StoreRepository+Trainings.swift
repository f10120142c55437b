import EntrustCore
import EntrustStore

extension StoreRepository: TrainingRepository {
    public func trainings(scope: AccessScope, from: LocalDate?, to: LocalDate?, limit: Int, after: PageCursor?, before: PageCursor?) async throws -> ScopeStore.Page<TrainingView> {
        try await blocking { try scopes.trainings(scope: scope, from: from, to: to, limit: limit, after: after, before: before) }
    }

    public func training(_ code: String, scope: AccessScope) async throws -> TrainingView {
        try await blocking {
            try require(try scopes.trainingVisible(code, scope: scope), "training", code)
            guard let view = try TrainingStore(database).trainings().first(where: { $0.code == code }) else {
                throw StoreError.notFound(entity: "training", key: code)
            }
            return view
        }
    }

    public func enrol(_ code: String, trainees: [String], scope: AccessScope, actor: Principal) async throws -> TrainingView {
        try await blocking {
            try require(try scopes.trainingVisible(code, scope: scope), "training", code)
            try scopes.requireVisible(trainees, field: "trainee", entity: "member or person", scope: scope,
                                      [scopes.memberVisible, scopes.personVisible])
            try TrainingStore(database).enrol(code, trainees: trainees, actor: actor)
            guard let view = try TrainingStore(database).trainings().first(where: { $0.code == code }) else {
                throw StoreError.notFound(entity: "training", key: code)
            }
            return view
        }
    }
}
