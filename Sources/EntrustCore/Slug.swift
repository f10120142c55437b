import Foundation

/// Turns Vietnamese names into the ASCII upper-case fragments used in readable codes.
public enum Slug {
    /// `Tân Sơn` → `TANSON`, `Đồng Hóa` → `DONGHOA`.
    public static func compact(_ name: String) -> String {
        // đ/Đ have no decomposition in Unicode, so fold them by hand before stripping marks.
        let folded = name.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        return String(folded.unicodeScalars.filter { $0.isASCII && CharacterSet.alphanumerics.contains($0) }.map(Character.init)).uppercased()
    }
}
