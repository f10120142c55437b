import CSV
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
        let file = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw StoreError.invalid(field: "file", value: url.path, reason: "cannot be read")
        }
        // Organisation files are small, so they are read whole: CSV.swift's stream reader reports a spurious
        // error at end of file on Linux, and decoding up front gives a clear message for invalid UTF-8.
        guard let text = String(data: data, encoding: .utf8) else {
            throw StoreError.invalid(field: "file", value: file, reason: "is not valid UTF-8 text (save it as CSV UTF-8)")
        }
        let reader: CSVReader
        do { reader = try CSVReader(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true) } catch {
            throw StoreError.invalid(field: "file", value: file, reason: "is not a readable CSV file (\(error))")
        }
        var issues: [RowIssue] = []
        var batch = OrganisationBatch()
        let header = (reader.headerRow ?? []).map { $0.replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespaces) }
        let (required, optional) = kind.columns
        for column in header where !(required + optional).contains(column) {
            issues.append(RowIssue(location: SourceLocation(file: file, line: 1, column: column), field: "header", value: column,
                                   reason: "unknown column (expected: \((required + optional).joined(separator: ", ")))"))
        }
        for column in required where !header.contains(column) {
            issues.append(RowIssue(location: SourceLocation(file: file, line: 1, column: column), field: "header", value: "",
                                   reason: "missing column '\(column)'"))
        }
        if !issues.isEmpty { throw StoreError.rows(issues, total: issues.count) }

        var line = 1
        while let row = reader.next() {
            line += 1
            let rowLine = line
            // A quoted field may span lines; keep counting physical lines so errors point at the right one.
            line += row.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
            if row.count == 1 && row[0].isEmpty { continue }
            guard row.count == header.count else {
                issues.append(RowIssue(location: SourceLocation(file: file, line: rowLine), field: "row", value: "\(row.count) fields",
                                       reason: "expected \(header.count) fields like the header"))
                continue
            }
            var fields: [String: String] = [:]
            for (name, value) in zip(header, row) { fields[name] = value.trimmingCharacters(in: .whitespaces) }
            let source = SourceLocation(file: file, line: rowLine)
            func value(_ name: String) -> String? { fields[name].flatMap { $0.isEmpty ? nil : $0 } }
            func fail(_ name: String, _ reason: String) {
                issues.append(RowIssue(location: SourceLocation(file: file, line: rowLine, column: name), field: name, value: fields[name] ?? "", reason: reason))
            }
            func parse<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) -> T? where T.RawValue == String {
                guard let raw = value(name) else { fail(name, "is required"); return nil }
                guard let parsed = T(rawValue: raw) else {
                    fail(name, "expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
                    return nil
                }
                return parsed
            }
            func flag(_ name: String) -> Bool {
                guard let raw = value(name)?.lowercased() else { return false }
                if ["1", "true", "yes", "x"].contains(raw) { return true }
                if ["0", "false", "no"].contains(raw) { return false }
                fail(name, "expected true or false")
                return false
            }
            let code = value("code") ?? ""
            let name = value("name") ?? ""
            if code.isEmpty { fail("code", "is required") }
            if name.isEmpty { fail("name", "is required") }
            switch kind {
            case .adminUnits:
                guard let unitKind = parse("kind", as: AdminUnitKind.self) else { continue }
                var validUntil: LocalDate?
                if let raw = value("valid_until") {
                    validUntil = LocalDate(iso: raw)
                    if validUntil == nil { fail("valid_until", "is not a valid date (YYYY-MM-DD)") }
                }
                batch.adminUnits.append(AdminUnitDraft(code: code, kind: unitKind, name: name, parentCode: value("parent"),
                                                       validUntil: validUntil, source: source))
            case .bankUnits:
                guard let unitKind = parse("kind", as: BankUnitKind.self) else { continue }
                var day: Int?
                if let raw = value("fixed_day") {
                    day = Int(raw)
                    if day == nil { fail("fixed_day", "expected a whole number from 1 to 31") }
                }
                batch.bankUnits.append(BankUnitDraft(code: code, kind: unitKind, name: name, parentCode: value("parent"),
                                                     communeCode: value("commune"), fixedDay: day, source: source))
            case .associations:
                guard let associationKind = parse("kind", as: AssociationKind.self),
                      let level = parse("level", as: AssociationLevel.self) else { continue }
                batch.associations.append(AssociationDraft(code: code, kind: associationKind, level: level, name: name,
                                                           adminUnitCode: value("admin_unit"), parentCode: value("parent"), source: source))
            case .people:
                var language = Language.vi
                if value("language") != nil { language = parse("language", as: Language.self) ?? .vi }
                var position: Position?
                if value("position") != nil { position = parse("position", as: Position.self) }
                batch.people.append(PersonDraft(code: code, name: name, phone: value("phone"), email: value("email"), language: language,
                                                associationCode: value("association"), bankUnitCode: value("bank_unit"), position: position,
                                                standingCommittee: flag("standing_committee"), approver: flag("approver"), source: source))
            }
        }
        if let error = reader.error {
            issues.append(RowIssue(location: SourceLocation(file: file, line: line + 1), field: "file", value: "",
                                   reason: "the CSV cannot be read past this line (\(error)); is it UTF-8 with balanced quotes?"))
        }
        if !issues.isEmpty { throw StoreError.rows(Array(issues.prefix(50)), total: issues.count) }
        return batch
    }
}
