/// The rules on a group's size and board that every way of changing groups shares (CLI, files, API).
public enum GroupRules {
    /// A group has 5 to 60 active member households (DOMAIN.md). Outside the range is a warning, not a refusal:
    /// a group may briefly drop below five while it recruits.
    public static let memberRange = 5...60

    /// The warning shown on every listing of a group whose size is out of range, or nil when it is within.
    public static func sizeWarning(activeMembers: Int) -> LocalizedText? {
        guard !memberRange.contains(activeMembers) else { return nil }
        let low = activeMembers < memberRange.lowerBound
        return LocalizedText(
            vi: "\(activeMembers) thành viên đang hoạt động; tổ cần từ \(memberRange.lowerBound) đến \(memberRange.upperBound)"
                + (low ? " (thiếu)" : " (vượt)"),
            en: "\(activeMembers) active members; a group needs \(memberRange.lowerBound) to \(memberRange.upperBound)"
                + (low ? " (too few)" : " (too many)"))
    }

    /// The readable prefix of a commune's group codes: the initials of its name, `Tân Sơn` → `TS`.
    public static func communePrefix(_ communeName: String) -> String {
        communeName.split(separator: " ").compactMap { Slug.compact(String($0)).first.map(String.init) }.joined()
    }

    /// `TS-G07`: the group code for a prefix and a number (two digits at least).
    public static func groupCode(prefix: String, number: Int) -> String {
        prefix + "-G" + (number < 10 ? "0\(number)" : String(number))
    }

    /// A Vietnamese national ID (*căn cước công dân*) has 12 digits; older ID cards had 9.
    public static func validateNationalID(_ text: String) throws {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), text.count == 12 || text.count == 9 else {
            throw CoreError.invalidValue(field: "national_id", value: text, expected: "12 digits (or 9 for an old ID card)")
        }
    }
}
