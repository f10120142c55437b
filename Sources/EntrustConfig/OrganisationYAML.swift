import EntrustCore
import Foundation

/// Reads an organisation bulk file: the sections `admin_units`, `bank_units`, `associations` and `people`,
/// each a list of mappings whose keys match the CSV columns. Every mistake is reported with its line and field;
/// references between rows are checked later, by the store, inside the all-or-nothing load.
public enum OrganisationYAML {
    public static func read(_ url: URL) throws(ConfigError) -> OrganisationBatch {
        try parse(yaml: try YAMLReader.text(of: url, name: url.lastPathComponent), file: url.lastPathComponent)
    }

    public static func parse(yaml: String, file: String) throws(ConfigError) -> OrganisationBatch {
        try YAMLReader.readMapping(yaml: yaml, file: file) { root -> OrganisationBatch? in
            root.declare("admin_units", "bank_units", "associations", "people")
            var batch = OrganisationBatch()
            func source(_ row: MappingReader) -> SourceLocation { SourceLocation(file: file, line: row.line) }
            batch.adminUnits = root.optionalList("admin_units") { item in
                item.mapping(named: "an administrative unit") { row in
                    row.declare("code", "kind", "name", "parent", "valid_until")
                    let code = row.string("code"), kind = row.enumValue("kind", AdminUnitKind.self), name = row.string("name")
                    let parent = row.optionalString("parent")
                    var validUntil: LocalDate?
                    if let text = row.optionalString("valid_until") {
                        validUntil = try? LocalDate.parse(text, field: "valid_until")
                        if validUntil == nil {
                            row.report("'\(text)' is not a valid date (YYYY-MM-DD, years \(LocalDate.inputYears.lowerBound)–\(LocalDate.inputYears.upperBound))", at: "valid_until")
                        }
                    }
                    guard let code, let kind, let name else { return nil }
                    return AdminUnitDraft(code: code, kind: kind, name: name, parentCode: parent, validUntil: validUntil, source: source(row))
                }
            } ?? []
            batch.bankUnits = root.optionalList("bank_units") { item in
                item.mapping(named: "a bank unit") { row in
                    row.declare("code", "kind", "name", "parent", "commune", "fixed_day")
                    let code = row.string("code"), kind = row.enumValue("kind", BankUnitKind.self), name = row.string("name")
                    let parent = row.optionalString("parent"), commune = row.optionalString("commune")
                    let day = row.optionalInt("fixed_day", in: 1...31)
                    guard let code, let kind, let name else { return nil }
                    return BankUnitDraft(code: code, kind: kind, name: name, parentCode: parent, communeCode: commune, fixedDay: day, source: source(row))
                }
            } ?? []
            batch.associations = root.optionalList("associations") { item in
                item.mapping(named: "an association") { row in
                    row.declare("code", "kind", "level", "name", "admin_unit", "parent")
                    let code = row.string("code"), kind = row.enumValue("kind", AssociationKind.self)
                    let level = row.enumValue("level", AssociationLevel.self), name = row.string("name")
                    let unit = row.optionalString("admin_unit"), parent = row.optionalString("parent")
                    guard let code, let kind, let level, let name else { return nil }
                    return AssociationDraft(code: code, kind: kind, level: level, name: name, adminUnitCode: unit, parentCode: parent, source: source(row))
                }
            } ?? []
            batch.people = root.optionalList("people") { item in
                item.mapping(named: "a person") { row in
                    row.declare("code", "name", "phone", "email", "language", "association", "bank_unit", "position", "standing_committee", "approver")
                    let code = row.string("code"), name = row.string("name")
                    let language = row.optionalEnumValue("language", Language.self) ?? .vi
                    let position = row.optionalEnumValue("position", Position.self)
                    let draft = PersonDraft(code: code ?? "", name: name ?? "", phone: row.optionalString("phone"), email: row.optionalString("email"),
                                            language: language, associationCode: row.optionalString("association"),
                                            bankUnitCode: row.optionalString("bank_unit"), position: position,
                                            standingCommittee: row.optionalBool("standing_committee") ?? false,
                                            approver: row.optionalBool("approver") ?? false, source: source(row))
                    return code == nil || name == nil ? nil : draft
                }
            } ?? []
            return batch
        }
    }
}
