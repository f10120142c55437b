import EntrustCore
import EntrustStore

/// Trainings and enrolments, scoped.
public protocol TrainingRepository: Sendable {
    func trainings(scope: AccessScope, from: LocalDate?, to: LocalDate?, limit: Int, after: PageCursor?, before: PageCursor?) async throws -> ScopeStore.Page<TrainingView>
    func training(_ code: String, scope: AccessScope) async throws -> TrainingView
    func enrol(_ code: String, trainees: [String], scope: AccessScope, actor: Principal) async throws -> TrainingView
}
