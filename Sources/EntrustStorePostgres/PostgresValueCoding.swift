import EntrustStore
import Foundation
import NIOCore
import PostgresNIO

/// How `SQLValue`s become PostgreSQL parameters and how result cells become `SQLValue`s.
///
/// Integers bind as BIGINT (int8), flags as BOOLEAN, text as TEXT (UTF-8), reals as DOUBLE PRECISION, blobs as BYTEA;
/// NULL binds untyped so that the server takes the column's type. Reading is the reverse, plus the integer widths
/// (SMALLINT, INTEGER: `COUNT(*)` is BIGINT but a literal `1` is INTEGER) and NUMERIC, which `SUM` over BIGINT returns:
/// a whole NUMERIC that fits reads as an integer, as SQLite's SUM would give it.
enum PostgresValueCoding {
    static func bindings(_ values: [SQLValue]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: bindings.appendNull()
            case let .integer(number): bindings.append(number)
            case let .real(number): bindings.append(number)
            case let .text(text): bindings.append(text)
            case let .blob(bytes): bindings.append(ByteBuffer(bytes: bytes))
            case let .bool(flag): bindings.append(flag)
            }
        }
        return bindings
    }

    /// The row's column names and values.
    static func row(_ row: PostgresRow) throws -> StoreRow {
        var columns: [String] = []
        var values: [SQLValue] = []
        columns.reserveCapacity(row.count)
        values.reserveCapacity(row.count)
        for cell in row {
            columns.append(cell.columnName)
            values.append(try value(cell))
        }
        return StoreRow(columns: columns, values: values)
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        do {
            switch cell.dataType {
            case .int2, .int4, .int8:
                return .integer(try cell.decode(Int64.self))
            case .bool:
                return .bool(try cell.decode(Bool.self))
            case .float4:
                return .real(Double(try cell.decode(Float.self)))
            case .float8:
                return .real(try cell.decode(Double.self))
            case .numeric:
                // Decimal's description is its exact digits, without an exponent.
                let number = try cell.decode(Decimal.self)
                let digits = "\(number)"
                if let whole = Int64(digits) { return .integer(whole) }
                return .real(Double(digits) ?? .nan)
            case .bytea:
                var buffer = try cell.decode(ByteBuffer.self)
                return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
            default:
                return .text(try cell.decode(String.self))
            }
        } catch {
            throw EngineError(kind: .other, code: "decode",
                              detail: "column \(cell.columnName) of type \(cell.dataType) could not be read: \(error)")
        }
    }
}
