/// Decodes a `Decodable` record from a `StoreRow`: a keyed container whose keys are column names.
///
/// Properties of `SQLValueConvertible` types read the column directly; other `Decodable` properties (a raw-value enum,
/// say) decode from the column's single value. Unlike reading a row by subscript, a mismatch here throws a
/// `DecodingError`, because `Decodable` can.
struct StoreRowDecoder: Decoder {
    let row: StoreRow
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(row: row, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "a row is read by column name"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "a row is read by column name"))
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: StoreRow
        let codingPath: [any CodingKey]

        var allKeys: [Key] { row.columns.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { row.hasColumn(key.stringValue) }

        func decodeNil(forKey key: Key) throws -> Bool { row.value(key.stringValue)?.isNull ?? true }

        private func value(_ key: Key) throws -> SQLValue {
            guard let value = row.value(key.stringValue) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "the SQL selects no column '\(key.stringValue)'"))
            }
            return value
        }

        fileprivate func scalar<T: SQLValueConvertible>(_ type: T.Type, _ key: Key) throws -> T {
            let raw = try value(key)
            if raw.isNull {
                throw DecodingError.valueNotFound(T.self, .init(codingPath: codingPath + [key], debugDescription: "column '\(key.stringValue)' is NULL"))
            }
            guard let decoded = T.decode(raw) else {
                throw DecodingError.typeMismatch(T.self, .init(codingPath: codingPath + [key], debugDescription: "column '\(key.stringValue)' holds \(raw)"))
            }
            return decoded
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalar(type, key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try scalar(type, key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalar(type, key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try scalar(Double.self, key)) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalar(type, key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try narrow(key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try narrow(key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try scalar(type, key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalar(type, key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try narrow(key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try narrow(key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try narrow(key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try narrow(key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try narrow(key) }

        private func narrow<T: FixedWidthInteger>(_ key: Key) throws -> T {
            let wide = try scalar(Int64.self, key)
            guard let value = T(exactly: wide) else {
                throw DecodingError.typeMismatch(T.self, .init(codingPath: codingPath + [key], debugDescription: "column '\(key.stringValue)' is out of range"))
            }
            return value
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            if let convertible = type as? any SQLValueConvertible.Type {
                return try opened(convertible, key) as! T
            }
            return try T(from: ValueDecoder(value: try value(key), codingPath: codingPath + [key]))
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: codingPath + [key], debugDescription: "a column holds one value"))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath + [key], debugDescription: "a column holds one value"))
        }

        func superDecoder() throws -> any Decoder { StoreRowDecoder(row: row, codingPath: codingPath) }
        func superDecoder(forKey key: Key) throws -> any Decoder { StoreRowDecoder(row: row, codingPath: codingPath + [key]) }
    }

    /// One column's value, for a property whose type decodes itself from a single value (a raw-value enum).
    struct ValueDecoder: Decoder, SingleValueDecodingContainer {
        let value: SQLValue
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: codingPath, debugDescription: "a column holds one value"))
        }
        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "a column holds one value"))
        }
        func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

        func decodeNil() -> Bool { value.isNull }

        private func scalar<T: SQLValueConvertible>(_ type: T.Type) throws -> T {
            guard let decoded = T.decode(value) else {
                throw DecodingError.typeMismatch(T.self, .init(codingPath: codingPath, debugDescription: "the column holds \(value)"))
            }
            return decoded
        }

        private func narrow<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
            guard let number = T(exactly: try scalar(Int64.self)) else {
                throw DecodingError.typeMismatch(T.self, .init(codingPath: codingPath, debugDescription: "the column is out of range"))
            }
            return number
        }

        func decode(_ type: Bool.Type) throws -> Bool { try scalar(type) }
        func decode(_ type: String.Type) throws -> String { try scalar(type) }
        func decode(_ type: Double.Type) throws -> Double { try scalar(type) }
        func decode(_ type: Float.Type) throws -> Float { Float(try scalar(Double.self)) }
        func decode(_ type: Int.Type) throws -> Int { try scalar(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try narrow(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try narrow(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try scalar(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try scalar(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try narrow(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try narrow(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try narrow(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try narrow(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try narrow(type) }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            if let convertible = type as? any SQLValueConvertible.Type {
                guard let decoded = convertible.decode(value) else {
                    throw DecodingError.typeMismatch(T.self, .init(codingPath: codingPath, debugDescription: "the column holds \(value)"))
                }
                return decoded as! T
            }
            return try T(from: self)
        }
    }
}

extension StoreRowDecoder.Keyed {
    /// Opens the existential metatype so that `scalar` can decode a property whose type is only known at run time.
    fileprivate func opened<T: SQLValueConvertible>(_ type: T.Type, _ key: Key) throws -> T { try scalar(type, key) }
}
