/// Reading and verifying the audit log.
public struct AuditStore: Sendable {
    public let database: AppDatabase
    public init(_ database: AppDatabase) { self.database = database }

    public func verify() throws -> AuditVerification {
        try database.backend.read { db in try AuditLog.verify(db) }
    }

    public func entries(entity: String? = nil, key: String? = nil, limit: Int = 50) throws -> [AuditEntry] {
        try database.backend.read { db in try AuditLog.entries(db, entity: entity, key: key, limit: limit) }
    }
}
