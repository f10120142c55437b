/// A type read from one result row.
///
/// A `Decodable` record gets `init(row:)` for free: each coding key names a column (`StoreRowDecoder`), so a
/// record's `CodingKeys` are its column mapping, as with GRDB's `FetchableRecord`.
public protocol StoreRecord {
    init(row: StoreRow) throws
}

extension StoreRecord where Self: Decodable {
    public init(row: StoreRow) throws {
        self = try Self(from: StoreRowDecoder(row: row))
    }
}
