/// Zero-padded decimal text for dates and times, written by hand: `String(format:)` goes through Foundation's
/// CFString formatting and was a third of the time spent writing a year of meetings (see `entrust bench`).
enum DigitText {
    /// Appends `value` (0 or more) with at least `width` digits.
    static func append(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(UInt8(48 + rest % 10))
            rest /= 10
        } while rest > 0
        if digits.count < width { bytes.append(contentsOf: repeatElement(48, count: width - digits.count)) }
        bytes.append(contentsOf: digits.reversed())
    }
}
