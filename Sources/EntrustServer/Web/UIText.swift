import EntrustCore

/// Every word on the pages, in Vietnamese (the default) and English. Templates read them as `{{t.key}}`.
enum UIText {
    static func table(_ language: Language) -> [String: String] {
        language == .vi ? vi : en
    }

    static func text(_ key: String, _ language: Language) -> String {
        table(language)[key] ?? key
    }

    /// A list's count as a person reads it: lists count up to `ScopeStore.countCap` rows, and say "1.000+" (Vietnamese
    /// groups thousands with a dot) or "1,000+" past it.
    static func count(_ total: Int, capped: Bool, _ language: Language) -> String {
        let digits = String(total)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += language == .vi ? "." : "," }
            grouped.append(digit)
        }
        return capped ? grouped + "+" : grouped
    }

    static let vi: [String: String] = [
        "appName": "entrust · Ủy thác NHCSXH",
        "signIn": "Đăng nhập", "signOut": "Đăng xuất", "username": "Tên đăng nhập", "password": "Mật khẩu",
        "badLogin": "Sai tên đăng nhập hoặc mật khẩu.", "tooMany": "Đăng nhập sai quá nhiều lần. Hãy thử lại sau ít phút.",
        "passwordTooLong": "Mật khẩu dài quá 72 byte (UTF-8; mỗi chữ có dấu chiếm 2–3 byte) nên không dùng được. Hãy nhờ quản trị viên đặt mật khẩu mới ngắn hơn.",
        "expired": "Phiên làm việc đã hết hạn. Hãy đăng nhập lại; nội dung bạn vừa nhập được giữ lại.",
        "myWeek": "Tuần của tôi", "contracts": "Hợp đồng", "groups": "Tổ TK&VV", "meetings": "Lịch họp", "dashboard": "Tổng quan",
        "outbox": "Hộp thư đi", "late": "Quá hạn", "dueSoon": "Đến hạn tuần này và tuần sau", "done": "Đã xong", "markDone": "Xong",
        "evidence": "Minh chứng (ghi chú, số biên bản)", "due": "Hạn", "nothingLate": "Không có việc quá hạn.",
        "nothingDue": "Không có việc đến hạn.", "thisWeekNext": "Họp, ngày giao dịch và tập huấn tuần này và tuần sau",
        "noMeetings": "Không có lịch.", "classDropped": "Tổ bị hạ loại",
        "state": "Trạng thái", "association": "Hội", "office": "Phòng giao dịch", "point": "Điểm giao dịch", "number": "Số",
        "kind": "Loại", "start": "Bắt đầu", "end": "Kết thúc", "version": "Phiên bản", "filter": "Lọc", "all": "Tất cả",
        "parties": "Các bên", "versions": "Phiên bản và phụ lục", "changes": "Yêu cầu thay đổi", "obligationsTimeline": "Lịch nghĩa vụ",
        "approve": "Phê duyệt", "reject": "Từ chối", "reason": "Lý do", "note": "Ghi chú", "pending": "Chờ duyệt",
        "reasonOrNote": "Ghi chú / lý do", "requestedBy": "Người đề nghị", "status": "Tình trạng",
        "board": "Ban quản lý tổ", "members": "Thành viên", "commune": "Xã", "village": "Thôn", "leader": "Tổ trưởng",
        "activeMembers": "Số thành viên", "meetingCalendar": "Lịch họp của tổ", "scores": "Điểm đánh giá hằng tháng",
        "month": "Tháng", "prev": "‹ Trước", "next": "Sau ›", "attendance": "Điểm danh", "save": "Lưu",
        "present": "Có mặt", "absent": "Vắng", "excused": "Vắng có phép", "location": "Địa điểm", "time": "Thời gian",
        "figures": "Số liệu", "contractsByState": "Hợp đồng theo trạng thái", "obligationsByMonth": "Nghĩa vụ theo tháng (đến hạn / xong / quá hạn)",
        "lateByKind": "Nghĩa vụ quá hạn theo loại hội", "classDistribution": "Phân loại tổ", "overdueRatio": "Tỷ lệ nợ quá hạn theo tháng",
        "outstandingByKind": "Dư nợ theo loại hội", "communesOverdue": "Xã có và không có nợ quá hạn",
        "dueThisMonth": "Đến hạn tháng này", "doneThisMonth": "Đã xong tháng này", "lateNow": "Đang quá hạn", "communes": "Xã",
        "mostLate": "Hội có nhiều việc quá hạn nhất", "feeStatements": "Bảng kê phí ủy thác",
        "countsByState": "Số tin theo trạng thái", "deadMessages": "Tin lỗi không gửi được", "lastError": "Lỗi gần nhất",
        "retry": "Gửi lại", "endpoints": "Điểm nhận webhook", "enabled": "Đang bật", "disabled": "Đã tắt", "recipient": "Người nhận",
        "attempts": "Số lần thử", "notFound": "Không tìm thấy trang này.", "forbidden": "Bạn không có quyền làm việc này.",
        "error": "Đã có lỗi", "back": "Quay lại", "subscribe": "Đăng ký lịch (ICS)", "subscribeHelp": "Dán địa chỉ này vào ứng dụng lịch. Ai có địa chỉ này đều xem được lịch; có thể thu hồi.",
        "other": "English", "saved": "Đã lưu.", "title": "Tiêu đề", "open": "Đang mở", "waived": "Miễn", "trainings": "Tập huấn",
        "transactionDays": "Ngày giao dịch", "otherMeetings": "Họp", "yes": "Có", "no": "Không", "total": "Tổng", "firstPage": "« Trang đầu",
        "evaluatedMonth": "Số liệu tháng", "noEvaluation": "Chưa có tháng nào được chấm điểm (nạp sao kê cho vay rồi chạy entrust evaluate).",
        "evaluationStale": "Sao kê đã được nạp lại sau khi chấm điểm: xếp loại có thể chưa cập nhật.",
        "outstandingMillions": "Dư nợ (triệu đồng)", "overdueRatioNow": "Tỷ lệ nợ quá hạn", "badDebtRatio": "Tỷ lệ nợ xấu",
        "households": "Hộ còn dư nợ", "groupsEvaluated": "Tổ được chấm điểm", "communesWithoutOverdue": "Xã không có nợ quá hạn",
        "savingsMillions": "Tiết kiệm qua tổ (triệu đồng)", "planAttainment": "Hoàn thành kế hoạch", "millionDong": "triệu đồng", "dong": "đồng",
        "withOverdue": "Có nợ quá hạn", "withoutOverdue": "Không có nợ quá hạn", "points": "điểm", "criterion": "Tiêu chí", "ratio": "Tỷ lệ",
        "scorecardFrom": "Bảng điểm áp dụng từ", "noScores": "Chưa có điểm (tổ không có khoản vay trong sao kê đã chấm).",
        "noDrops": "Không có tổ nào bị hạ loại.",
        "crit.overdue_ratio": "Nợ quá hạn / dư nợ", "crit.transaction_attendance": "Giao dịch tại điểm xã",
        "crit.interest_collection": "Thu lãi / lãi phải thu", "crit.principal_collection": "Thu nợ gốc đến hạn",
        "crit.savings_growth": "Tăng trưởng tiết kiệm", "crit.savers_share": "Thành viên gửi tiết kiệm",
        "feeSchedule": "Biểu phí từ", "noPreviousMonth": "chưa nạp tháng trước: dư nợ bình quân theo số cuối tháng", "print": "In",
        "feeBase": "Cơ sở tính phí (triệu đồng)", "amount": "Số tiền", "rate": "Mức phí/tháng", "sharePaid": "Tỷ lệ được hưởng",
        "feeBeforeReduction": "Phí trước giảm (đồng)", "fee": "Phí được hưởng (đồng)", "noStatements": "Không có bảng kê trong phạm vi của bạn.",
        "totalFee": "Tổng phí", "commissions": "Hoa hồng tổ TK&VV", "performingMillions": "Dư nợ trong hạn (triệu đồng)",
        "commission": "Hoa hồng (đồng)", "totalCommission": "Tổng hoa hồng", "allProgrammes": "Mọi chương trình",
        "levelCommune": "Xã", "levelDistrict": "Huyện", "levelProvince": "Tỉnh", "levelCentral": "TW", "splitByLevel": "Chia theo cấp (đồng)",
    ]

    static let en: [String: String] = [
        "appName": "entrust · VBSP entrustment",
        "signIn": "Sign in", "signOut": "Sign out", "username": "Username", "password": "Password",
        "badLogin": "Wrong username or password.", "tooMany": "Too many failed sign-ins. Try again in a few minutes.",
        "passwordTooLong": "Passwords may have at most 72 bytes (UTF-8; a letter with Vietnamese marks takes 2–3 bytes), so this one cannot be used. Ask an administrator to set a shorter one.",
        "expired": "Your session expired. Sign in again; what you typed has been kept.",
        "myWeek": "My week", "contracts": "Contracts", "groups": "Groups", "meetings": "Meetings", "dashboard": "Dashboard",
        "outbox": "Outbox", "late": "Late", "dueSoon": "Due this week and next", "done": "Done", "markDone": "Done",
        "evidence": "Evidence (a note, a minutes number)", "due": "Due", "nothingLate": "Nothing is late.",
        "nothingDue": "Nothing is due.", "thisWeekNext": "Meetings, transaction days and trainings this week and next",
        "noMeetings": "Nothing scheduled.", "classDropped": "Groups whose class dropped",
        "state": "State", "association": "Association", "office": "Transaction office", "point": "Transaction point", "number": "Number",
        "kind": "Kind", "start": "Start", "end": "End", "version": "Version", "filter": "Filter", "all": "All",
        "parties": "Parties", "versions": "Versions and amendments", "changes": "Change requests", "obligationsTimeline": "Obligations timeline",
        "approve": "Approve", "reject": "Reject", "reason": "Reason", "note": "Note", "pending": "Pending approval",
        "reasonOrNote": "Note / reason", "requestedBy": "Requested by", "status": "Status",
        "board": "Management board", "members": "Members", "commune": "Commune", "village": "Village", "leader": "Leader",
        "activeMembers": "Members", "meetingCalendar": "Meeting calendar", "scores": "Monthly scores",
        "month": "Month", "prev": "‹ Previous", "next": "Next ›", "attendance": "Attendance", "save": "Save",
        "present": "Present", "absent": "Absent", "excused": "Excused", "location": "Location", "time": "Time",
        "figures": "Figures", "contractsByState": "Contracts by state", "obligationsByMonth": "Obligations by month (due / done / late)",
        "lateByKind": "Late obligations by association kind", "classDistribution": "Class distribution", "overdueRatio": "Overdue ratio over the months",
        "outstandingByKind": "Outstanding by association kind", "communesOverdue": "Communes with and without overdue debt",
        "dueThisMonth": "Due this month", "doneThisMonth": "Done this month", "lateNow": "Late now", "communes": "Communes",
        "mostLate": "Associations with the most late work", "feeStatements": "Fee statements",
        "countsByState": "Messages by state", "deadMessages": "Dead messages", "lastError": "Last error",
        "retry": "Retry", "endpoints": "Webhook endpoints", "enabled": "Enabled", "disabled": "Disabled", "recipient": "Recipient",
        "attempts": "Attempts", "notFound": "This page does not exist.", "forbidden": "You are not allowed to do this.",
        "error": "Something went wrong", "back": "Back", "subscribe": "Subscribe (ICS)", "subscribeHelp": "Paste this address into a calendar app. Anyone with it can read the calendar; it can be revoked.",
        "other": "Tiếng Việt", "saved": "Saved.", "title": "Title", "open": "Open", "waived": "Waived", "trainings": "Trainings",
        "transactionDays": "Transaction days", "otherMeetings": "Meetings", "yes": "Yes", "no": "No", "total": "Total", "firstPage": "« First page",
        "evaluatedMonth": "Figures for", "noEvaluation": "No month has been evaluated yet (import a loan extract, then run entrust evaluate).",
        "evaluationStale": "The loan extract was imported again after the evaluation: classes may be out of date.",
        "outstandingMillions": "Outstanding (million đồng)", "overdueRatioNow": "Overdue ratio", "badDebtRatio": "Bad-debt ratio",
        "households": "Borrowing households", "groupsEvaluated": "Groups evaluated", "communesWithoutOverdue": "Communes with no overdue debt",
        "savingsMillions": "Savings through groups (million đồng)", "planAttainment": "Plan attainment", "millionDong": "million đồng", "dong": "đồng",
        "withOverdue": "With overdue debt", "withoutOverdue": "Without overdue debt", "points": "points", "criterion": "Criterion", "ratio": "Ratio",
        "scorecardFrom": "Scorecard from", "noScores": "No scores yet (the group had no loans in an evaluated extract).",
        "noDrops": "No group's class dropped.",
        "crit.overdue_ratio": "Overdue / outstanding", "crit.transaction_attendance": "Transacted at the commune point",
        "crit.interest_collection": "Interest collected / due", "crit.principal_collection": "Principal collected / due",
        "crit.savings_growth": "Savings growth", "crit.savers_share": "Members who save",
        "feeSchedule": "Fee schedule from", "noPreviousMonth": "previous month not imported: averages use this month's end", "print": "Print",
        "feeBase": "Fee base (million đồng)", "amount": "Amount", "rate": "Monthly rate", "sharePaid": "Share paid",
        "feeBeforeReduction": "Fee before reduction (đồng)", "fee": "Fee (đồng)", "noStatements": "No statement in your scope.",
        "totalFee": "Total fees", "commissions": "Group commissions", "performingMillions": "Performing outstanding (million đồng)",
        "commission": "Commission (đồng)", "totalCommission": "Total commissions", "allProgrammes": "All programmes",
        "levelCommune": "Commune", "levelDistrict": "District", "levelProvince": "Province", "levelCentral": "Central", "splitByLevel": "Split by level (đồng)",
    ]
}
