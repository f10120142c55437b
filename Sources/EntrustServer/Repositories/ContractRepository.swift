import EntrustCore
import EntrustStore

/// A request to create a draft contract from a template.
public struct ContractDraftInput: Codable, Sendable {
    public var template: String
    public var number: String?
    public var office: String
    public var association: String
    public var point: String?
    public var start: String
    public var end: String
    public var bankSignatory: String?
    public var associationSignatory: String?

    enum CodingKeys: String, CodingKey {
        case template, number, office, association, point, start, end
        case bankSignatory = "bank_signatory", associationSignatory = "association_signatory"
    }
}

/// The lifecycle actions of a contract that carry only a reason (or nothing).
public enum ContractAction: String, Sendable, CaseIterable {
    case submit, approve, reject, suspend, resume, terminate
}

/// Contracts, scoped. Lookups outside the scope throw `StoreError.notFound`.
public protocol ContractRepository: Sendable {
    func contracts(scope: AccessScope, state: String?, association: String?, kind: String?, limit: Int, after: PageCursor?, before: PageCursor?) async throws -> ScopeStore.Page<ContractSummary>
    func contract(_ number: String, scope: AccessScope) async throws -> ContractDetail
    func obligations(contract: String, scope: AccessScope) async throws -> [ObligationView]
    func create(_ draft: ContractDraftInput, scope: AccessScope, actor: Principal) async throws -> ContractSummary
    func perform(_ action: ContractAction, contract: String, reason: String?, mergedInto: String?, scope: AccessScope, actor: Principal) async throws -> ContractSummary
    func amend(_ number: String, _ amendment: ContractStore.Amendment, reason: String, scope: AccessScope, actor: Principal) async throws -> ContractSummary
}
