import EntrustStore

/// **Extension point** for the monthly evaluation, fee statements and district reports (the loan-extract feature).
///
/// That feature is built on another branch; this build has no implementation, so `Repositories.evaluations` is nil
/// and the routes `/api/v1/evaluations`, `/api/v1/fees` and `/api/v1/reports` (and the dashboard's class,
/// overdue and outstanding charts) answer "not available in this build" instead of inventing figures. To connect
/// it, implement this protocol over the evaluation store and pass it to `buildApplication`.
public protocol EvaluationRepository: Sendable {
    /// Group scores of a month (`YYYY-MM`), with points per criterion, as JSON-encodable rows.
    func evaluations(month: String, scope: AccessScope) async throws -> [[String: String]]
    /// The fee statement of a month per association, as JSON-encodable rows.
    func fees(month: String, scope: AccessScope) async throws -> [[String: String]]
    /// The district report of a month, as JSON-encodable key/values.
    func report(month: String, scope: AccessScope) async throws -> [String: String]
}
