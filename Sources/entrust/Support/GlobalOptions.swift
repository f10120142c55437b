import ArgumentParser
import EntrustConfig
import EntrustCore
import EntrustStore
import EntrustStoreEngines
import Foundation

/// Options every command understands.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("""
        The database: a SQLite file, or postgres://user@host:port/dbname?sslmode=verify-full for PostgreSQL (password \
        from the URL or $PGPASSWORD). Default: $ENTRUST_DB, else ./entrust.sqlite.
        """, valueName: "path|url"))
    var db: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this person (their code); approvals need it. Default: $ENTRUST_AS, else cli:$USER.", valueName: "person"))
    var actingAs: String?

    @Option(name: .long, help: ArgumentHelp("The folder of contract templates and calendars (default: $ENTRUST_CONTRACTS, else ./contracts).", valueName: "dir"))
    var contracts: String?

    @Option(name: .long, help: ArgumentHelp("Language of what is printed: vi (default) or en. Also $ENTRUST_LANG.", valueName: "vi|en"))
    var lang: String?

    @Option(name: .long, help: .hidden)
    var today: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var databasePath: String { db ?? environment["ENTRUST_DB"] ?? "entrust.sqlite" }

    var contractsFolder: URL {
        URL(fileURLWithPath: contracts ?? environment["ENTRUST_CONTRACTS"] ?? "contracts")
    }

    var language: Language {
        Language(rawValue: lang ?? environment["ENTRUST_LANG"] ?? "vi") ?? .vi
    }

    var actor: Principal {
        if let name = actingAs ?? environment["ENTRUST_AS"], !name.isEmpty { return Principal(name) }
        return Principal("cli:\(environment["USER"] ?? "unknown")")
    }

    /// How long a CLI command waits for another writer of the same SQLite file.
    static let commandBusyTimeout: TimeInterval = 120
    /// How long `entrust serve` and `deliver` wait: they retry a busy pass themselves, and a request should not hang.
    static let serverBusyTimeout: TimeInterval = 10

    /// The clock: real time, or a fixed day from --today / $ENTRUST_TODAY (for reproducible runs and tests).
    func clock() throws -> any EntrustCore.Clock {
        if let text = today ?? environment["ENTRUST_TODAY"] {
            return FixedClock(try LocalDate.parse(text, field: "--today"))
        }
        return SystemClock()
    }

    /// The database of `--db`. A command waits up to `busyTimeout` seconds for a server that is writing to the same
    /// SQLite file (a planner pass at province scale holds the lock for seconds): a person at a terminal would rather
    /// wait than be told to try again. `entrust serve` passes the store's shorter default and retries by itself.
    func openDatabase(path: String? = nil, busyTimeout: TimeInterval = GlobalOptions.commandBusyTimeout) throws -> AppDatabase {
        let database = try AppDatabase.open(location: path ?? databasePath, clock: try clock(), busyTimeout: busyTimeout)
        try checkActor(database)
        return database
    }

    /// A named actor must exist, so that the audit log never records a typo as a person.
    func checkActor(_ database: AppDatabase) throws {
        let name = actor.name
        guard !name.hasPrefix("cli:") else { return }
        _ = try OrganisationStore(database).person(name)
    }

    func templates() throws -> [ContractTemplate] {
        let folder = contractsFolder.appendingPathComponent("templates")
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw StoreError.invalid(field: "--contracts", value: contractsFolder.path,
                                     reason: "has no templates/ folder (run from the entrust folder or pass --contracts DIR)")
        }
        let (templates, issues) = TemplateLoader.loadAll(directory: folder)
        if !issues.isEmpty { throw ConfigError(issues: issues) }
        return templates
    }

    func template(_ code: String) throws -> ContractTemplate {
        let all = try templates()
        guard let template = all.first(where: { $0.code == code }) else {
            throw StoreError.invalid(field: "--template", value: code, reason: "no such template (known: \(all.map(\.code).joined(separator: ", ")))")
        }
        return template
    }
}

/// Parses a date option, naming the option in the error.
func parseDate(_ text: String?, _ option: String) throws -> LocalDate? {
    guard let text else { return nil }
    return try LocalDate.parse(text, field: option)
}

/// Parses an enum option, listing the allowed values in the error.
func parseEnum<T: RawRepresentable & CaseIterable>(_ text: String?, _ option: String, as type: T.Type) throws -> T? where T.RawValue == String {
    guard let text else { return nil }
    guard let value = T(rawValue: text) else {
        throw CoreError.invalidValue(field: option, value: text, expected: "one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return value
}
