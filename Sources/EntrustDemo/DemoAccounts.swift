import EntrustCore
import EntrustStore

/// One sign-in account per role on the Kim Bang demo data, with random passwords printed once by `entrust demo`.
/// Only the demo makes accounts this way.
public enum DemoAccounts {
    public static let accounts: [(username: String, role: UserRole, person: String?)] = [
        ("tanson.officer", .associationOfficer, "TANSON-HND-CB"),
        ("vanxa.officer", .associationOfficer, "VANXA-HPN-CB"),
        ("kb.staff", .bankStaff, "KB-CB01"),
        ("kb.approver", .approver, "KB-PGD"),
        ("admin", .admin, nil),
        ("viewer", .viewer, nil),
    ]

    public static func create(_ database: AppDatabase, wiring: DemoWiring) throws -> [(username: String, role: UserRole, person: String?, password: String)] {
        let store = UserStore(database)
        return try accounts.map { account in
            let password = "demo-" + String(UserStore.randomToken().prefix(12))
            _ = try store.add(username: account.username, displayName: nil, role: account.role, person: account.person,
                              passwordHash: wiring.hashPassword(password), actor: Principal("demo"))
            return (account.username, account.role, account.person, password)
        }
    }
}
