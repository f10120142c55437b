/// What a meeting series is for. The kind decides the default holiday policy and whether a quorum is checked.
public enum MeetingKind: String, Codable, Sendable, CaseIterable {
    case groupMeeting = "group_meeting"
    case loanReview = "loan_review"
    case boardElection = "board_election"
    case convention
    /// The monthly regular meeting of the commune association with the bank, at the transaction point.
    case giaoBan = "giao_ban"
    case transactionDay = "transaction_day"
    case training

    /// The commune transaction day runs on its fixed day even on weekends and holidays (DOMAIN.md);
    /// meetings and trainings move to the next working day.
    public var defaultHolidayPolicy: HolidayPolicy {
        self == .transactionDay ? .keep : .nextWorkingDay
    }

    /// Loan reviews (*bình xét*) and board elections decide things, so they need a quorum of members.
    public var checksQuorum: Bool { self == .loanReview || self == .boardElection }

    /// The suffix of a series' default code: `TS-G07-HT` is group TS-G07's monthly meeting (*họp tổ*).
    public var codeSuffix: String {
        switch self {
        case .groupMeeting: return "HT"
        case .loanReview: return "BX"
        case .boardElection: return "BB"
        case .convention: return "QU"
        case .giaoBan: return "GB"
        case .transactionDay: return "PGD"
        case .training: return "TH"
        }
    }

    /// Kinds that belong to one group (and need `--group`).
    public var isGroupKind: Bool { [.groupMeeting, .loanReview, .boardElection, .convention].contains(self) }

    public var label: LocalizedText {
        switch self {
        case .groupMeeting: return LocalizedText(vi: "Họp tổ", en: "Group meeting")
        case .loanReview: return LocalizedText(vi: "Họp bình xét cho vay", en: "Loan review")
        case .boardElection: return LocalizedText(vi: "Bầu Ban quản lý tổ", en: "Board election")
        case .convention: return LocalizedText(vi: "Xây dựng quy ước tổ", en: "Group convention")
        case .giaoBan: return LocalizedText(vi: "Giao ban", en: "Regular meeting with the bank")
        case .transactionDay: return LocalizedText(vi: "Phiên giao dịch xã", en: "Commune transaction day")
        case .training: return LocalizedText(vi: "Tập huấn", en: "Training")
        }
    }
}
