import EntrustCore
import Foundation

/// Reads bank units, administrative units, associations or people from a CSV file with a header row
/// (UTF-8, a BOM tolerated, RFC 4180 quoting). Column names are the YAML keys.
public enum OrganisationCSV {
    public enum Kind: String, CaseIterable, Sendable {
        case adminUnits = "admin-units", bankUnits = "bank-units", associations, people

        var columns: (required: [String], optional: [String]) {
            switch self {
            case .adminUnits: return (["code", "kind", "name"], ["parent", "valid_until"])
            case .bankUnits: return (["code", "kind", "name"], ["parent", "commune", "fixed_day"])
            case .associations: return (["code", "kind", "level", "name"], ["admin_unit", "parent"])
            case .people: return (["code", "name"], ["phone", "email", "language", "association", "bank_unit", "position", "standing_committee", "approver"])
            }
        }
    }

    public static func read(_ url: URL, kind: Kind) throws -> OrganisationBatch {
        let (required, optional) = kind.columns
        let table = try CSVTable(url: url, required: required, optional: optional)
        var batch = OrganisationBatch()
        table.forEachRow { row in
            let code = row.required("code") ?? "", name = row.required("name") ?? ""
            switch kind {
            case .adminUnits:
                guard let unitKind = row.choice("kind", as: AdminUnitKind.self) else { return }
                batch.adminUnits.append(AdminUnitDraft(code: code, kind: unitKind, name: name, parentCode: row.value("parent"),
                                                       validUntil: row.date("valid_until", required: false), source: row.source))
            case .bankUnits:
                guard let unitKind = row.choice("kind", as: BankUnitKind.self) else { return }
                batch.bankUnits.append(BankUnitDraft(code: code, kind: unitKind, name: name, parentCode: row.value("parent"),
                                                     communeCode: row.value("commune"),
                                                     fixedDay: row.integer("fixed_day", in: 1...31, expected: "a whole number from 1 to 31"),
                                                     source: row.source))
            case .associations:
                guard let associationKind = row.choice("kind", as: AssociationKind.self),
                      let level = row.choice("level", as: AssociationLevel.self) else { return }
                batch.associations.append(AssociationDraft(code: code, kind: associationKind, level: level, name: name,
                                                           adminUnitCode: row.value("admin_unit"), parentCode: row.value("parent"), source: row.source))
            case .people:
                let language = row.value("language") == nil ? .vi : (row.choice("language", as: Language.self) ?? .vi)
                let position = row.value("position") == nil ? nil : row.choice("position", as: Position.self)
                batch.people.append(PersonDraft(code: code, name: name, phone: row.value("phone"), email: row.value("email"), language: language,
                                                associationCode: row.value("association"), bankUnitCode: row.value("bank_unit"), position: position,
                                                standingCommittee: row.flag("standing_committee"), approver: row.flag("approver"), source: row.source))
            }
        }
        try table.finish()
        return batch
    }
}
