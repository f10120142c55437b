import Foundation

/// Numbers as a person reads them in reports: Vietnamese groups thousands with `.` and writes decimals with `,`
/// (`512.143`, `96,71%`); English the other way round (`512,143`, `96.71%`).
public enum NumberText {
    /// A whole number with thousands separators.
    public static func grouped(_ value: Int64, _ language: Language) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(language == .vi ? "." : ",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Đồng shown in millions, rounded half away from zero: 512,143,400,000 → `512.143` (vi), `512,143` (en).
    public static func millions(_ dong: Int64, _ language: Language) -> String {
        grouped(roundedMillions(dong), language)
    }

    public static func roundedMillions(_ dong: Int64) -> Int64 {
        let (quotient, remainder) = dong.magnitude.quotientAndRemainder(dividingBy: 1_000_000)
        let rounded = Int64(quotient + (remainder >= 500_000 ? 1 : 0))
        return dong < 0 ? -rounded : rounded
    }

    /// A ratio as a percentage with `decimals` places, rounded half up (`96.71%`); a dash when there is none.
    public static func percent(_ ratio: Ratio?, _ language: Language, decimals: Int = 2) -> String {
        guard let ratio else { return "—" }
        let text = ratio.percent(decimals: decimals)
        return (language == .vi ? text.replacingOccurrences(of: ".", with: ",") : text) + "%"
    }

    /// A signed change in millions: `+39.894` / `-1,205`.
    public static func signedMillions(_ dong: Int64, _ language: Language) -> String {
        let rounded = roundedMillions(dong)
        return (rounded > 0 ? "+" : "") + grouped(rounded, language)
    }
}
