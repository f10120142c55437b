import EntrustCore
import EntrustStore

/// The monthly evaluation, fee statements and reports (from the imported loan extracts), scoped.
///
/// Scoping: an officer sees only their association's groups, statement and association line; bank staff only their
/// office's communes (asking for another office is "not found"); admins and viewers everything, or one `office`.
/// The district and commune reports are office figures: callers decide who may see them (officers may not).
public protocol EvaluationRepository: Sendable {
    /// The newest evaluated month, if any.
    func latestEvaluatedMonth() async throws -> YearMonth?
    /// Group scores (inputs, points per criterion, total, class), newest month first. A `group` or `association` outside
    /// the scope is "not found".
    func evaluations(scope: AccessScope, month: YearMonth?, association: String?, group: String?, limit: Int, after: PageCursor?, before: PageCursor?) async throws
        -> ScopeStore.Page<MonthlyGroupScore>
    /// Groups in scope whose class dropped between the two latest evaluated months.
    func classDrops(scope: AccessScope) async throws -> [ClassDrop]
    /// The fee statements of a month (an officer: their association's only).
    func fees(month: YearMonth, office: String?, scope: AccessScope) async throws -> FeeStore.Report
    func districtReport(month: YearMonth, office: String?, scope: AccessScope) async throws -> DistrictReport
    func communeReport(month: YearMonth, office: String?, scope: AccessScope) async throws -> [CommuneReportRow]
    func associationReport(month: YearMonth, office: String?, scope: AccessScope) async throws -> AssociationReport
    func groupReport(month: YearMonth, office: String?, scope: AccessScope) async throws -> [GroupEvaluationView]
    /// Outstanding and overdue over the last `months` imported months.
    func overdueByMonth(office: String?, scope: AccessScope, months: Int) async throws -> [MonthlyOverdue]
}

/// The association report: one line per commune association, and roll-ups by office, province and kind.
public struct AssociationReport: Codable, Sendable {
    public var month: String
    public var associations: [AssociationEvaluationView]
    public var rollUps: [RollUp]
}
