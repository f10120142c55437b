/// A prepared statement of one session (`StoreSession.prepare`), run many times with different arguments.
///
/// Valid only inside the session's closure. After `execute`, the session's `changesCount` tells how many rows it changed.
public protocol StoreStatement {
    func execute(arguments: StoreArguments) throws
    func fetchAll(arguments: StoreArguments) throws -> [StoreRow]
    func fetchOne(arguments: StoreArguments) throws -> StoreRow?
}

extension StoreStatement {
    /// The first column of the first row, or nil when there is no row or the value is NULL.
    public func fetchOne<T: SQLValueConvertible>(_ type: T.Type, arguments: StoreArguments) throws -> T? {
        guard let row = try fetchOne(arguments: arguments), row.count > 0, !row.values[0].isNull else { return nil }
        return row[0] as T
    }
}
