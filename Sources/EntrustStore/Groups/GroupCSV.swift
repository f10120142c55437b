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
        let (required, optional) = kind.columns
        let table = try CSVTable(data: data, file: file, required: required, optional: optional)
        var batch = Batch()
        table.forEachRow { row in
            switch kind {
            case .groups:
                let name = row.required("name"), commune = row.required("commune"), association = row.required("association")
                let founded = row.date("founded_on")
                var saving = VND.zero
                if let raw = row.value("min_monthly_saving") {
                    // The loan extract's rule: digits only. Stripping separators read "1.5" as 15 đồng.
                    switch Array(raw.utf8).withUnsafeBufferPointer({ LoanRowParser.amount($0) }) {
                    case .success(let amount): saving = VND(amount)
                    case .failure(let problem): row.fail("min_monthly_saving", problem.message)
                    }
                }
                guard let name, let commune, let association, let founded else { return }
                batch.groups.append(GroupDraft(code: row.value("code"), name: name, village: row.value("village"), communeCode: commune,
                                               associationCode: association, foundedOn: founded, approvalReference: row.value("approval_ref"),
                                               minimumMonthlySaving: saving, source: row.source))
            case .members:
                let group = row.required("group"), name = row.required("name"), nationalID = row.required("national_id")
                let category = row.choice("category", as: PovertyCategory.self)
                let joined = row.date("joined_on")
                if let id = nationalID, (try? GroupRules.validateNationalID(id)) == nil {
                    row.fail("national_id", "expected 12 digits (or 9 for an old ID card)")
                }
                var seat: GroupStore.BoardSeat?
                if row.value("board_role") != nil {
                    let role = row.choice("board_role", as: BoardRole.self)
                    let start = row.date("term_start"), end = row.date("term_end")
                    if let role, let start, let end, group != nil {
                        guard let code = row.value("code") else {
                            row.fail("code", "a board member's row needs its member code, so the seat can name it")
                            return
                        }
                        seat = GroupStore.BoardSeat(role: role, memberCode: code, termStart: start, termEnd: end,
                                                    source: SourceLocation(file: file, line: row.line, column: "board_role"))
                    }
                } else if row.value("term_start") != nil || row.value("term_end") != nil {
                    row.fail("board_role", "term_start and term_end are only for board members: give board_role too")
                }
                guard let group, let name, let nationalID, let category, let joined else { return }
                batch.members.append(MemberDraft(groupCode: group, code: row.value("code"), name: name, nationalID: nationalID,
                                                 category: category, joinedOn: joined, personCode: row.value("person"), source: row.source))
                if let seat { batch.seats.append((group, seat)) }
            }
        }
        try table.finish()
        return batch
    }
}
