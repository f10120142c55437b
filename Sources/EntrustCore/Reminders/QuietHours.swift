import Foundation

/// No reminder reaches a person between `start` and `end` local time (Asia/Ho_Chi_Minh) unless it is
/// urgent; a message that would fall inside is moved to the next `end` (06:00 by default).
public struct QuietHours: Hashable, Codable, Sendable {
    /// Minutes after local midnight; the default window is 21:00–06:00.
    public var start: Int
    public var end: Int
    /// The channels that reach people and therefore keep quiet hours.
    public var channels: [ReminderChannel]

    public init(start: Int = 21 * 60, end: Int = 6 * 60, channels: [ReminderChannel] = [.email, .webhook]) {
        self.start = start
        self.end = end
        self.channels = channels
    }

    /// Whether local minute-of-day `minute` is inside the window (which may cross midnight).
    public func contains(minuteOfDay minute: Int) -> Bool {
        if start == end { return false }
        return start < end ? (minute >= start && minute < end) : (minute >= start || minute < end)
    }

    /// The earliest instant at or after `instant` at which a message on `channel` may be sent.
    public func release(_ instant: Date, channel: ReminderChannel, urgent: Bool) -> Date {
        guard !urgent, channels.contains(channel) else { return instant }
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + VietnamTime.offsetSeconds
        let day = VietnamTime.localDate(of: instant)
        let secondOfDay = local - day.dayNumber * 86_400
        guard contains(minuteOfDay: secondOfDay / 60) else { return instant }
        // Inside the window: the window ends today when we are past midnight, else tomorrow.
        let endDay = secondOfDay / 60 < end ? day : day.adding(days: 1)
        return VietnamTime.instant(endDay, hour: end / 60, minute: end % 60)
    }

    /// `21:00`
    public static func format(minuteOfDay minute: Int) -> String {
        String(format: "%02d:%02d", minute / 60, minute % 60)
    }
}
