import ArgumentParser
import EntrustCore
import EntrustServer
import EntrustStore
import Foundation

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Sign-in accounts for `entrust serve`: add, change a password, disable, list.",
        discussion: """
            Roles: admin; bank_staff and approver (scoped to the transaction office of --person); association_officer \
            (scoped to the association of --person); viewer (read-only; scoped by --person if given, else everything). \
            Passwords are stored only as bcrypt hashes. Without --password-stdin a random password is made and printed once.
            """,
        subcommands: [Add.self, Passwd.self, Disable.self, Enable.self, List.self])

    /// The password from stdin (first line), or a new random one that is printed.
    static func password(fromStdin: Bool) throws -> (password: String, generated: Bool) {
        if fromStdin {
            let line = (readLine(strippingNewline: true) ?? "")
            if let problem = Passwords.check(line) { throw StoreError.invalid(field: "--password-stdin", value: "", reason: problem) }
            return (line, false)
        }
        return (String(UserStore.randomToken().prefix(16)), true)
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The sign-in name.") var username: String
        @Option(help: "admin, bank_staff, approver, association_officer or viewer.") var role: String
        @Option(help: "The person (code) the account belongs to; its scope comes from them.") var person: String?
        @Option(help: "The name shown on pages (default: the person's name).") var name: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of stdin (10 characters to 72 bytes of UTF-8).") var passwordStdin = false

        func run() throws {
            try guarded {
                guard let role = try parseEnum(role, "--role", as: UserRole.self) else { return }
                let database = try global.openDatabase()
                let (password, generated) = try UsersCommand.password(fromStdin: passwordStdin)
                let account = try UserStore(database).add(username: username, displayName: name, role: role, person: person,
                                                          passwordHash: Passwords.hash(password), language: nil, actor: global.actor)
                print("added \(account.username) (\(account.role), scope: \(account.scope))")
                if generated { print("password: \(password)") }
            }
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password (ends the account's sessions).")
        @OptionGroup var global: GlobalOptions
        @Argument var username: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of stdin (10 characters to 72 bytes of UTF-8).") var passwordStdin = false

        func run() throws {
            try guarded {
                let database = try global.openDatabase()
                let (password, generated) = try UsersCommand.password(fromStdin: passwordStdin)
                try UserStore(database).setPassword(username: username, passwordHash: Passwords.hash(password), actor: global.actor)
                print("password changed for \(username)")
                if generated { print("password: \(password)") }
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: its sessions end and its API tokens stop working.")
        @OptionGroup var global: GlobalOptions
        @Argument var username: String

        func run() throws {
            try guarded {
                _ = try UserStore(try global.openDatabase()).setDisabled(username: username, true, actor: global.actor)
                print("disabled \(username)")
            }
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account again.")
        @OptionGroup var global: GlobalOptions
        @Argument var username: String

        func run() throws {
            try guarded {
                _ = try UserStore(try global.openDatabase()).setDisabled(username: username, false, actor: global.actor)
                print("enabled \(username)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let accounts = try UserStore(try global.openDatabase()).list()
                if format == .json { return try printJSON(accounts) }
                printTable(["USERNAME", "ROLE", "PERSON", "SCOPE", "STATE"], accounts.map {
                    [$0.username, $0.role, $0.person ?? "—", $0.scope.description, $0.disabled ? "disabled" : "active"]
                })
            }
        }
    }
}
