import EntrustCore
import Foundation
import Synchronization

/// A clock the test moves by hand: the only fake in these tests, as the house rules allow.
final class TestClock: EntrustCore.Clock, Sendable {
    private let instant: Mutex<Date>

    init(_ date: Date) { instant = Mutex(date) }

    /// Local time in Asia/Ho_Chi_Minh.
    convenience init(_ day: LocalDate, hour: Int, minute: Int = 0) {
        self.init(VietnamTime.instant(day, hour: hour, minute: minute))
    }

    func now() -> Date { instant.withLock { $0 } }

    func advance(seconds: Double) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }

    func set(_ date: Date) { instant.withLock { $0 = date } }
}
