import EntrustCore
import Foundation

/// The `Date:` header format of RFC 5322 §3.3, e.g. `Fri, 15 Mar 2024 08:00:00 +0700`.
///
/// Written by hand rather than with a DateFormatter so that it never depends on the process's
/// locale; messages are dated in Vietnam time, where their readers are.
enum RFC5322Date {
    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ instant: Date) -> String {
        let date = VietnamTime.localDate(of: instant)
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + VietnamTime.offsetSeconds
        let second = local - date.dayNumber * 86_400
        let offsetHours = VietnamTime.offsetSeconds / 3600
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d +%02d00",
                      weekdays[date.isoWeekday - 1], date.day, months[date.month - 1], date.year,
                      second / 3600, second % 3600 / 60, second % 60, offsetHours)
    }
}
