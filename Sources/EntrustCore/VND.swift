/// An amount of Vietnamese đồng. The đồng has no minor unit, so this is a whole number.
public struct VND: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var dong: Int64

    public init(_ dong: Int64) { self.dong = dong }

    public static let zero = VND(0)

    public static func + (lhs: VND, rhs: VND) -> VND { VND(lhs.dong + rhs.dong) }
    public static func - (lhs: VND, rhs: VND) -> VND { VND(lhs.dong - rhs.dong) }
    public static func += (lhs: inout VND, rhs: VND) { lhs.dong += rhs.dong }
    public static func < (lhs: VND, rhs: VND) -> Bool { lhs.dong < rhs.dong }

    public var description: String { "\(dong) ₫" }

    public init(from decoder: Decoder) throws {
        dong = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dong)
    }
}
