import EntrustCore
import EntrustStore

extension StoreRepository: ContractRepository {
    public func contracts(scope: AccessScope, state: String?, association: String?, kind: String?, limit: Int, after: PageCursor?, before: PageCursor?) async throws -> ScopeStore.Page<ContractSummary> {
        try await blocking { try scopes.contracts(scope: scope, state: state, association: association, kind: kind, limit: limit, after: after, before: before) }
    }

    public func contract(_ number: String, scope: AccessScope) async throws -> ContractDetail {
        try await blocking {
            try require(try scopes.contractVisible(number, scope: scope), "contract", number)
            return try ContractStore(database).show(number)
        }
    }

    public func obligations(contract: String, scope: AccessScope) async throws -> [ObligationView] {
        try await blocking { try scopes.obligations(scope: scope, contract: contract, limit: 500).items }
    }

    public func create(_ draft: ContractDraftInput, scope: AccessScope, actor: Principal) async throws -> ContractSummary {
        try await blocking {
            guard let template = templates.first(where: { $0.code == draft.template }) else {
                throw StoreError.invalid(field: "template", value: draft.template,
                                         reason: "no such template (known: \(templates.map(\.code).joined(separator: ", ")))")
            }
            if case let .office(office) = scope, office != draft.office {
                throw StoreError.invalid(field: "office", value: draft.office, reason: "you can only make contracts of office \(office)")
            }
            try scopes.requireVisible([draft.association], field: "association", entity: "association", scope: scope, [scopes.associationVisible])
            try scopes.requireVisible(draft.point.map { [$0] } ?? [], field: "point", entity: "transaction point", scope: scope, [scopes.pointVisible])
            let start = try LocalDate.parse(draft.start, field: "start")
            let end = try LocalDate.parse(draft.end, field: "end")
            return try ContractStore(database).create(
                ContractStore.Draft(template: template, number: draft.number, office: draft.office, association: draft.association,
                                    point: draft.point, start: start, end: end, bankSignatory: draft.bankSignatory,
                                    associationSignatory: draft.associationSignatory), actor: actor)
        }
    }

    public func perform(_ action: ContractAction, contract: String, reason: String?, mergedInto: String?, scope: AccessScope,
                        actor: Principal) async throws -> ContractSummary {
        try await blocking {
            try require(try scopes.contractVisible(contract, scope: scope), "contract", contract)
            try scopes.requireVisible(mergedInto.map { [$0] } ?? [], field: "merged_into", entity: "contract", scope: scope, [scopes.contractVisible])
            let store = ContractStore(database)
            switch action {
            case .submit: return try store.submit(contract, actor: actor)
            case .approve: return try store.approve(contract, note: reason, actor: actor).contract
            case .reject: return try store.reject(contract, reason: reason ?? "", actor: actor)
            case .suspend: return try store.suspend(contract, reason: reason ?? "", actor: actor)
            case .resume: return try store.resume(contract, actor: actor)
            case .terminate: return try store.terminate(contract, reason: reason ?? "", mergedInto: mergedInto, actor: actor)
            }
        }
    }

    public func amend(_ number: String, _ amendment: ContractStore.Amendment, reason: String, scope: AccessScope, actor: Principal) async throws -> ContractSummary {
        try await blocking {
            try require(try scopes.contractVisible(number, scope: scope), "contract", number)
            try scopes.requireVisible(amendment.point.map { [$0] } ?? [], field: "point", entity: "transaction point", scope: scope, [scopes.pointVisible])
            return try ContractStore(database).amend(number, amendment, reason: reason, actor: actor)
        }
    }
}
