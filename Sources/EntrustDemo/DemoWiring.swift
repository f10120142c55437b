import EntrustCore
import EntrustStore

/// What the demo, the data sets and the benchmark need from modules above the store (bcrypt, webhook secrets, the
/// engines), handed in by whoever runs them: the executable wires the live ones in one place, so these libraries
/// depend on Core and Store only (DESIGN.md).
public struct DemoWiring: Sendable {
    /// A password's stored hash (bcrypt in the server module).
    public var hashPassword: @Sendable (String) -> String
    /// A new webhook endpoint's secret, encoded as it is stored.
    public var newWebhookSecret: @Sendable () -> String
    /// `--db`'s text (a SQLite path or a postgres:// URL) opened as a database on the given clock.
    public var openDatabase: @Sendable (String, any Clock) throws -> AppDatabase

    public init(hashPassword: @escaping @Sendable (String) -> String, newWebhookSecret: @escaping @Sendable () -> String,
                openDatabase: @escaping @Sendable (String, any Clock) throws -> AppDatabase) {
        self.hashPassword = hashPassword
        self.newWebhookSecret = newWebhookSecret
        self.openDatabase = openDatabase
    }
}
