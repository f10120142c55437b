import Foundation

/// Writes `ICalendar` values as RFC 5545 text.
///
/// - Every line ends in CRLF, the last one included.
/// - Lines longer than 75 octets are folded (CRLF and one space); a fold never splits a UTF-8
///   sequence and, unless one character is itself longer than a line, never splits a character
///   (so a Vietnamese letter stays whole with its combining marks).
/// - TEXT values escape backslash, semicolon, comma and newline; other control characters, which
///   TEXT may not hold, are dropped.
/// - Times are written with `TZID=Asia/Ho_Chi_Minh` and a matching `VTIMEZONE` (UTC+7, no daylight
///   saving); `DTSTAMP` is UTC.
public enum ICSWriter {
    /// The longest physical line RFC 5545 allows, in octets, not counting CRLF.
    public static let lineLimit = 75

    /// The calendar's text.
    public static func write(_ calendar: ICalendar) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:" + escapeText(calendar.productId),
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escapeText(calendar.name),
            "X-WR-TIMEZONE:" + VietnamTime.identifier,
        ]
        lines += timeZoneLines
        for event in calendar.events { lines += eventLines(event) }
        lines.append("END:VCALENDAR")
        return lines.map { fold($0) + "\r\n" }.joined()
    }

    /// Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 1975; one STANDARD rule says so.
    private static let timeZoneLines = [
        "BEGIN:VTIMEZONE",
        "TZID:" + VietnamTime.identifier,
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0700",
        "TZOFFSETTO:+0700",
        "TZNAME:ICT",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]

    private static func eventLines(_ event: ICSEvent) -> [String] {
        let zoned = ";TZID=\(VietnamTime.identifier):"
        var lines = [
            "BEGIN:VEVENT",
            "UID:" + escapeText(event.uid),
            "DTSTAMP:" + utcStamp(event.stamp),
            "DTSTART" + zoned + event.start.basic,
        ]
        if let end = event.end { lines.append("DTEND" + zoned + end.basic) }
        if let rule = event.recurrence { lines.append("RRULE:" + rule.icsValue) }
        if !event.exclusions.isEmpty {
            lines.append("EXDATE" + zoned + event.exclusions.sorted().map(\.basic).joined(separator: ","))
        }
        lines.append("SUMMARY:" + escapeText(event.summary))
        if let location = event.location { lines.append("LOCATION:" + escapeText(location)) }
        if let description = event.description { lines.append("DESCRIPTION:" + escapeText(description)) }
        lines.append("SEQUENCE:\(event.sequence)")
        lines.append("STATUS:" + event.status.rawValue)
        lines.append("END:VEVENT")
        return lines
    }

    /// `20240126T010000Z`.
    static func utcStamp(_ instant: Date) -> String {
        LocalDateTime(wallSeconds: Int(instant.timeIntervalSince1970.rounded(.down))).basic + "Z"
    }

    // MARK: - TEXT values

    /// Escapes a TEXT value: `\` → `\\`, `;` → `\;`, `,` → `\,`, any line break → `\n`.
    public static func escapeText(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\r": result += "\\n"
            case "\n": if !previousWasCR { result += "\\n" }  // CRLF is one line break
            case "\t": result.unicodeScalars.append(scalar)
            default:
                // TEXT excludes control characters other than HTAB (RFC 5545 §3.3.11).
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    // MARK: - Folding

    /// Folds one content line: physical lines of at most 75 octets, continuations starting with a
    /// space, joined by CRLF (no CRLF at the end).
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > lineLimit else { return line }
        var physical: [String] = []
        var current = ""
        var currentOctets = 0
        /// The room on the current physical line: continuation lines give one octet to the space.
        func room() -> Int { physical.isEmpty ? lineLimit : lineLimit - 1 }
        func append(_ piece: String, octets: Int) {
            if currentOctets + octets > room() {
                physical.append(current)
                current = ""
                currentOctets = 0
            }
            current += piece
            currentOctets += octets
        }
        for character in line {
            let octets = character.utf8.count
            if octets <= lineLimit - 1 {
                append(String(character), octets: octets)
            } else {
                // A character longer than a whole line (a long run of combining marks) can only be
                // split between its scalars, which still keeps every UTF-8 sequence whole.
                for scalar in character.unicodeScalars {
                    append(String(scalar), octets: String(scalar).utf8.count)
                }
            }
        }
        physical.append(current)
        return physical.joined(separator: "\r\n ")
    }

    /// Undoes folding: removes every CRLF followed by one space or tab (RFC 5545 §3.1).
    public static func unfold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        let input = Array(text.unicodeScalars)
        var index = 0
        while index < input.count {
            if input[index] == "\r", index + 2 < input.count, input[index + 1] == "\n",
               input[index + 2] == " " || input[index + 2] == "\t" {
                index += 3
                continue
            }
            scalars.append(input[index])
            index += 1
        }
        return String(scalars)
    }
}
