import Foundation

/// The position after which a page starts: the sort-key values of the last row shown, handed to a client as an
/// opaque `after`/`next` token (base64url of a JSON array). A page then costs what it shows — the database seeks to
/// the key in the list's index instead of counting and skipping every row before it, as `OFFSET` does.
public struct PageCursor: Sendable, Hashable {
    /// One sort-key value: the lists sort on text (codes, dates, instants) and integers (scores) only.
    public enum Value: Sendable, Hashable, Codable {
        case text(String)
        case integer(Int64)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int64.self) { self = .integer(number) } else { self = .text(try container.decode(String.self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case let .text(text): try container.encode(text)
            case let .integer(number): try container.encode(number)
            }
        }

        var sql: any SQLValueConvertible {
            switch self {
            case let .text(text): text
            case let .integer(number): number
            }
        }
    }

    public var values: [Value]

    public init(_ values: [Value]) { self.values = values }

    /// The token a client sends back as `after`.
    public var token: String {
        let data = (try? JSONEncoder().encode(values)) ?? Data("[]".utf8)
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a token; a token that is not one of ours (or was cut short) is a bad `field` parameter, never a crash.
    public init(token: String, field: String = "after") throws {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.count <= 2_000, let data = Data(base64Encoded: base64),
              let values = try? JSONDecoder().decode([Value].self, from: data), !values.isEmpty else {
            throw StoreError.invalid(field: field, value: String(token.prefix(60)), reason: "not a page cursor; use the `next` value of the previous page, or leave it out for the first page")
        }
        self.values = values
    }
}

/// The sort key of a list and the SQL that seeks past a cursor on it.
struct Keyset {
    struct Column {
        var expression: String
        var descending = false
        var integer = false
    }

    var columns: [Column]

    init(_ columns: Column...) { self.columns = columns }

    /// `ORDER BY …` in the key's order, or in the reverse order (to read the page before a cursor). The last
    /// columns make the key unique, so a walk never skips nor repeats a row.
    func orderBy(reversed: Bool = false) -> String {
        " ORDER BY " + columns.map { $0.expression + ($0.descending != reversed ? " DESC" : "") }.joined(separator: ", ")
    }

    /// Adds to `filter` the condition "after `cursor`" in the key's order (or "before" it, when `before`): a bound on
    /// the first column (which lets the planner seek in the index) and the lexicographic comparison over all columns,
    /// written out as ORs so that mixed directions work on both engines.
    func add(_ cursor: PageCursor?, before: Bool = false, to filter: inout SQLFilter) throws {
        guard let cursor else { return }
        guard cursor.values.count == columns.count,
              zip(columns, cursor.values).allSatisfy({ column, value in
                  if case .integer = value { return column.integer } else { return !column.integer }
              }) else {
            throw StoreError.invalid(field: before ? "before" : "after", value: cursor.token,
                                     reason: "this cursor belongs to another list; use the `next` value of this list's previous page")
        }
        let downward = { (column: Column) in column.descending != before }
        let first = columns[0]
        var conditions: [String] = []
        var values: [any SQLValueConvertible] = [cursor.values[0].sql]
        for index in columns.indices {
            var terms: [String] = []
            for earlier in 0..<index {
                terms.append("\(columns[earlier].expression) = ?")
                values.append(cursor.values[earlier].sql)
            }
            terms.append("\(columns[index].expression) \(downward(columns[index]) ? "<" : ">") ?")
            values.append(cursor.values[index].sql)
            conditions.append("(" + terms.joined(separator: " AND ") + ")")
        }
        let bound = "\(first.expression) \(downward(first) ? "<=" : ">=") ? AND (" + conditions.joined(separator: " OR ") + ")"
        filter.add(bound, values)
    }
}
