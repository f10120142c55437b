import CSV
import EntrustCore
import Foundation

/// Reads groups or members from a CSV file with a header row (UTF-8, a BOM tolerated, RFC 4180 quoting).
///
/// - groups: `code` (optional: numbered per commune), `name`, `village`, `commune`, `association`, `founded_on`,
///   `approval_ref`, `min_monthly_saving` (whole đồng).
/// - members: `group`, `code` (optional: numbered per group), `name`, `national_id`, `category`
///   (poor, near_poor, just_out_of_poverty, other_policy), `joined_on`, `person`, and, for board members,
///   `board_role` (leader, deputy, secretary) with `term_start` and `term_end`.
///
/// Every bad cell is reported with its line and column; nothing is returned unless the whole file is good.
public enum GroupCSV {
    public enum Kind: String, CaseIterable, Sendable {
        case groups, members

        var columns: (required: [String], optional: [String]) {
            switch self {
            case .groups: return (["name", "commune", "association", "founded_on"], ["code", "village", "approval_ref", "min_monthly_saving"])
            case .members: return (["group", "name", "national_id", "category", "joined_on"],
                                   ["code", "person", "board_role", "term_start", "term_end"])
            }
        }
    }

    /// What a file holds: groups, or members with any board seats they take.
    public struct Batch: Sendable {
        public var groups: [GroupDraft] = []
        public var members: [MemberDraft] = []
        public var seats: [(group: String, seat: GroupStore.BoardSeat)] = []
    }

    public static func read(_ url: URL, kind: Kind) throws -> Batch {
        let file = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw StoreError.invalid(field: "file", value: url.path, reason: "cannot be read")
        }
        return try parse(data: data, file: file, kind: kind)
    }

    public static func parse(data: Data, file: String, kind: Kind) throws -> Batch {
        // Read whole and decoded up front: CSV.swift's stream reader reports a spurious error at end of file on Linux,
        // and decoding first gives a clear message for text that is not UTF-8.
        guard let text = String(data: data, encoding: .utf8) else {
            throw StoreError.invalid(field: "file", value: file, reason: "is not valid UTF-8 text (save it as CSV UTF-8)")
        }
        let reader: CSVReader
        do { reader = try CSVReader(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true) } catch {
            throw StoreError.invalid(field: "file", value: file, reason: "is not a readable CSV file (\(error))")
        }
        var issues: [RowIssue] = []
        var batch = Batch()
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
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
                issues.append(RowIssue(location: SourceLocation(file: file, line: rowLine, column: name), field: name,
                                       value: fields[name] ?? "", reason: reason))
            }
            func required(_ name: String) -> String? {
                guard let text = value(name) else { fail(name, "is required"); return nil }
                return text
            }
            func date(_ name: String, required isRequired: Bool = true) -> LocalDate? {
                guard let text = isRequired ? required(name) : value(name) else { return nil }
                guard let date = LocalDate(iso: text) else { fail(name, "is not a valid date (YYYY-MM-DD, a day that exists)"); return nil }
                return date
            }
            func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) -> T? where T.RawValue == String {
                guard let raw = required(name) else { return nil }
                guard let parsed = T(rawValue: raw) else {
                    fail(name, "expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
                    return nil
                }
                return parsed
            }
            switch kind {
            case .groups:
                let name = required("name"), commune = required("commune"), association = required("association")
                let founded = date("founded_on")
                var saving = VND.zero
                if let raw = value("min_monthly_saving") {
                    let digits = raw.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: "")
                    if let amount = Int64(digits), amount >= 0 { saving = VND(amount) } else {
                        fail("min_monthly_saving", "expected whole đồng, such as 50000")
                    }
                }
                guard let name, let commune, let association, let founded else { continue }
                batch.groups.append(GroupDraft(code: value("code"), name: name, village: value("village"), communeCode: commune,
                                               associationCode: association, foundedOn: founded, approvalReference: value("approval_ref"),
                                               minimumMonthlySaving: saving, source: source))
            case .members:
                let group = required("group"), name = required("name"), nationalID = required("national_id")
                let category = choice("category", as: PovertyCategory.self)
                let joined = date("joined_on")
                if let id = nationalID, (try? GroupRules.validateNationalID(id)) == nil {
                    fail("national_id", "expected 12 digits (or 9 for an old ID card)")
                }
                var seat: GroupStore.BoardSeat?
                if value("board_role") != nil {
                    let role = choice("board_role", as: BoardRole.self)
                    let start = date("term_start"), end = date("term_end")
                    if let role, let start, let end, let group {
                        guard let code = value("code") else {
                            fail("code", "a board member's row needs its member code, so the seat can name it")
                            continue
                        }
                        seat = GroupStore.BoardSeat(role: role, memberCode: code, termStart: start, termEnd: end,
                                                    source: SourceLocation(file: file, line: rowLine, column: "board_role"))
                        _ = group
                    }
                } else if value("term_start") != nil || value("term_end") != nil {
                    fail("board_role", "term_start and term_end are only for board members: give board_role too")
                }
                guard let group, let name, let nationalID, let category, let joined else { continue }
                batch.members.append(MemberDraft(groupCode: group, code: value("code"), name: name, nationalID: nationalID,
                                                 category: category, joinedOn: joined, personCode: value("person"), source: source))
                if let seat { batch.seats.append((group, seat)) }
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
