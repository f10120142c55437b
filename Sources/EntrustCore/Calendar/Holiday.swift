/// One public holiday on one day: what a calendar page or a holidays preview shows.
public struct Holiday: Hashable, Sendable, CustomStringConvertible {
    public let date: LocalDate
    /// The rule's stable code, e.g. `tet`, `national-day`.
    public let code: String
    public let name: LocalizedText
    /// A day off given in lieu of a holiday that fell on a weekend (*nghỉ bù*).
    public let isDayInLieu: Bool

    public init(date: LocalDate, code: String, name: LocalizedText, isDayInLieu: Bool = false) {
        self.date = date
        self.code = code
        self.name = name
        self.isDayInLieu = isDayInLieu
    }

    public var description: String {
        "\(date) \(code)\(isDayInLieu ? " (in lieu)" : "")"
    }
}
