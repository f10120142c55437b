/// The sexagenary (can-chi) name of a lunar year: one of ten heavenly stems (*can*) and one of
/// twelve earthly branches (*chi*), e.g. Giáp Thìn (2024), Canh Tuất (2030).
///
/// English rendering: the stem's element and the branch's animal, e.g. "Wood Dragon", "Metal Dog".
/// The animals are the Vietnamese zodiac's, which differs from the Chinese in two places:
/// Sửu is the Buffalo (not the Ox) and Mão is the Cat (not the Rabbit). Yin and yang are not named,
/// because each element/animal pair already fixes them.
public struct CanChi: Hashable, Sendable, CustomStringConvertible {
    /// 0…9: Giáp, Ất, Bính, Đinh, Mậu, Kỷ, Canh, Tân, Nhâm, Quý.
    public let stem: Int
    /// 0…11: Tý, Sửu, Dần, Mão, Thìn, Tỵ, Ngọ, Mùi, Thân, Dậu, Tuất, Hợi.
    public let branch: Int

    /// The name of a lunar year (numbered as in `LunarDate.year`).
    public init(lunarYear year: Int) {
        // Year 4 (and 1984, 2044 …) opened a cycle with Giáp Tý; the modulo keeps negatives in range.
        stem = ((year - 4) % 10 + 10) % 10
        branch = ((year - 4) % 12 + 12) % 12
    }

    public static let stems = ["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"]
    public static let branches = ["Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"]
    private static let elements = ["Wood", "Fire", "Earth", "Metal", "Water"]
    private static let animals = ["Rat", "Buffalo", "Tiger", "Cat", "Dragon", "Snake", "Horse", "Goat", "Monkey", "Rooster", "Dog", "Pig"]

    /// `Giáp Thìn`.
    public var vietnamese: String { "\(CanChi.stems[stem]) \(CanChi.branches[branch])" }

    /// `Wood Dragon`.
    public var english: String { "\(CanChi.elements[stem / 2]) \(CanChi.animals[branch])" }

    /// Both renderings, for display in the person's language.
    public var name: LocalizedText { LocalizedText(vi: vietnamese, en: english) }

    public var description: String { vietnamese }
}
