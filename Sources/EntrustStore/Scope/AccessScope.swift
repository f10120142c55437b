/// Which part of the data an account may see. Every scoped query in `ScopeStore` turns this into SQL.
public enum AccessScope: Sendable, Equatable, CustomStringConvertible {
    /// Administrators, and viewers not linked to a person.
    case everything
    /// Bank staff and approvers: the contracts of one transaction office and the communes its points serve.
    case office(String)
    /// Association officers: one association's contracts, obligations, groups, meetings and trainings.
    case association(String)
    /// An account whose person has no office or association: sees nothing rather than everything.
    case nothing

    public var description: String {
        switch self {
        case .everything: "everything"
        case let .office(code): "office \(code)"
        case let .association(code): "association \(code)"
        case .nothing: "nothing"
        }
    }
}
