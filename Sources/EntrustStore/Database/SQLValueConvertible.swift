import Foundation

/// A Swift type that binds as an argument and decodes from a column.
///
/// `decode` answers nil when the value cannot be read as `Self` (NULL for a non-optional type, text for a number);
/// `StoreRow` turns that into a trap naming the column, because it means the SQL and the Swift disagree.
public protocol SQLValueConvertible: Sendable {
    /// The value to bind.
    var sqlValue: SQLValue { get }
    /// The Swift value of a column, or nil when `value` cannot be one.
    static func decode(_ value: SQLValue) -> Self?
}

extension SQLValue: SQLValueConvertible {
    public var sqlValue: SQLValue { self }
    public static func decode(_ value: SQLValue) -> SQLValue? { value }
}

extension Int64: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(self) }
    public static func decode(_ value: SQLValue) -> Int64? {
        switch value {
        case let .integer(number): return number
        case let .bool(flag): return flag ? 1 : 0
        // As SQLite's own integer reading of a REAL (ROUND, AVG): truncated toward zero, when it fits.
        case let .real(number): return number.isFinite && abs(number) < 9.2e18 ? Int64(number) : nil
        default: return nil
        }
    }
}

extension Int: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public static func decode(_ value: SQLValue) -> Int? { Int64.decode(value).flatMap { Int(exactly: $0) } }
}

extension Int32: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public static func decode(_ value: SQLValue) -> Int32? { Int64.decode(value).flatMap { Int32(exactly: $0) } }
}

extension Bool: SQLValueConvertible {
    public var sqlValue: SQLValue { .bool(self) }
    public static func decode(_ value: SQLValue) -> Bool? {
        switch value {
        case let .bool(flag): return flag
        case let .integer(number): return number != 0
        case let .real(number): return number != 0
        default: return nil
        }
    }
}

extension Double: SQLValueConvertible {
    public var sqlValue: SQLValue { .real(self) }
    public static func decode(_ value: SQLValue) -> Double? {
        switch value {
        case let .real(number): return number
        case let .integer(number): return Double(number)
        default: return nil
        }
    }
}

extension String: SQLValueConvertible {
    public var sqlValue: SQLValue { .text(self) }
    public static func decode(_ value: SQLValue) -> String? {
        switch value {
        case let .text(text): return text
        // A TEXT column keeps what it was given; a number written there (by hand, by an older tool) still reads.
        case let .integer(number): return String(number)
        case let .real(number): return String(number)
        case let .blob(bytes): return String(validatingUTF8Bytes: bytes)
        default: return nil
        }
    }
}

extension [UInt8]: SQLValueConvertible {
    public var sqlValue: SQLValue { .blob(self) }
    public static func decode(_ value: SQLValue) -> [UInt8]? {
        switch value {
        case let .blob(bytes): return bytes
        case let .text(text): return Array(text.utf8)
        default: return nil
        }
    }
}

extension Data: SQLValueConvertible {
    public var sqlValue: SQLValue { .blob([UInt8](self)) }
    public static func decode(_ value: SQLValue) -> Data? { [UInt8].decode(value).map { Data($0) } }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
    /// NULL decodes as `.some(nil)`; a value that `Wrapped` cannot read is still a failure (nil).
    public static func decode(_ value: SQLValue) -> Wrapped?? {
        if value.isNull { return .some(nil) }
        return Wrapped.decode(value).map { .some($0) }
    }
}

private extension String {
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        guard let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        self = text
    }
}
