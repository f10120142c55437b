import EntrustCore

/// Plausible values for each event type, used to render every template once at load time.
enum SampleData {
    static func recipient(_ language: Language) -> ReminderRecipient {
        ReminderRecipient(code: "TANSON-HND-CB", name: "Nguyễn Thị Lan", email: "lan@example.vn", phone: "0912 345 678", language: language)
    }

    static func forEvent(_ event: String) -> [String: String] {
        var data: [String: String] = [
            "association": "TANSON-HND", "association_name": "Hội Nông dân xã Tân Sơn", "office_name": "Phòng giao dịch Kim Bang",
            "contract": "KB-TANSON-HND-2023",
        ]
        switch event {
        case let event where event.hasPrefix("obligation."):
            data.merge([
                "ref": "KB-TANSON-HND-2023:giao-ban:2024-03", "obligation": "giao-ban",
                "title_vi": "Giao ban hằng tháng với ngân hàng", "title_en": "Monthly meeting with the bank",
                "responsible": "commune_association", "due_date": "2024-03-20", "due_date_display": "20/03/2024",
                "late_after": "2024-03-25", "days_late": "3",
            ]) { $1 }
        case "contract.expiring":
            data.merge(["end_date": "2024-12-31", "end_date_display": "31/12/2024"]) { $1 }
        case "meeting.upcoming", "transaction_day.upcoming", "training.upcoming":
            data.merge(["series": "TS-G01-HT", "title_vi": "Họp tổ hằng tháng", "title_en": "Họp tổ hằng tháng", "date": "2024-03-20",
                        "date_display": "20/03/2024", "time": "08:00", "location": "Nhà văn hóa thôn Đông", "group": "TS-G01",
                        "group_name": "Tổ 1 thôn Đông", "point_name": "Điểm giao dịch xã Tân Sơn"]) { $1 }
        default:
            data.merge(["date": "2024-03-20", "date_display": "20/03/2024", "title_vi": "Sự kiện", "title_en": "Event"]) { $1 }
        }
        return data
    }
}
