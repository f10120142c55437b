/// An ICS calendar (RFC 5545 `VCALENDAR`) published as a feed: a name and its events.
/// `ICSWriter.write(_:)` (or `text`) turns it into the file's text.
public struct ICalendar: Hashable, Sendable {
    /// `X-WR-CALNAME`: the name calendar apps show, e.g. "Họp tổ TS-G07".
    public var name: String
    /// `PRODID`: who produced the file.
    public var productId: String
    public var events: [ICSEvent]

    public init(name: String, productId: String = "-//VBSP//entrust//VI", events: [ICSEvent] = []) {
        self.name = name
        self.productId = productId
        self.events = events
    }

    /// Adds an event (builder style).
    public mutating func add(_ event: ICSEvent) {
        events.append(event)
    }

    /// The calendar as RFC 5545 text: CRLF line ends, lines folded at 75 octets.
    public var text: String { ICSWriter.write(self) }
}
