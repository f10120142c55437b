import EntrustConfig
import EntrustCore
import EntrustStore
import Foundation

extension GlobalOptions {
    /// The holiday calendar in `<contracts>/calendars/vn-holidays.yaml`.
    func holidays() throws -> HolidayCalendarLoader.Loaded {
        let file = contractsFolder.appendingPathComponent("calendars/vn-holidays.yaml")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw StoreError.invalid(field: "--contracts", value: contractsFolder.path,
                                     reason: "has no calendars/vn-holidays.yaml (run from the entrust folder or pass --contracts DIR)")
        }
        return try HolidayCalendarLoader.load(file: file)
    }
}

/// Parses a date-time option (`2024-01-26T08:00`); a `CalendarError` naming the option reaches `guarded` as one line.
func parseDateTime(_ text: String?, _ option: String) throws -> LocalDateTime? {
    guard let text else { return nil }
    return try LocalDateTime.parse(text, field: option)
}
