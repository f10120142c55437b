import ArgumentParser
import EntrustCore
import EntrustStore
import Foundation

struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "API tokens for machine clients, and calendar-feed tokens: create, revoke, list.",
        discussion: """
            An API token acts as an account (`Authorization: Bearer ent_…`). A calendar token opens one person's or one \
            group's ICS feed at /calendar/TOKEN.ics without signing in. Either secret is printed once and stored only as \
            a SHA-256 hash; revoke it by its code (tok_… or cal_…).
            """,
        subcommands: [Create.self, Revoke.self, List.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token (--user) or a calendar token (--calendar-person or --calendar-group).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The account the API token acts as.") var user: String?
        @Option(name: .customLong("calendar-person"), help: "A person's (or member's) calendar feed.") var calendarPerson: String?
        @Option(name: .customLong("calendar-group"), help: "A group's calendar feed.") var calendarGroup: String?
        @Option(help: "What the token is for.") var note: String?

        func run() throws {
            try guarded {
                guard [user, calendarPerson, calendarGroup].compactMap({ $0 }).count == 1 else {
                    throw StoreError.invalid(field: "--user/--calendar-person/--calendar-group", value: "", reason: "give exactly one")
                }
                let store = UserStore(try global.openDatabase())
                if let user {
                    let token = try store.createToken(username: user, note: note, actor: global.actor)
                    print("token \(token.code) for \(user) (shown once): \(token.secret)")
                } else {
                    let subject: UserStore.CalendarSubject = calendarPerson.map { .person($0) } ?? .group(calendarGroup!)
                    let token = try store.createCalendarToken(subject, actor: global.actor)
                    print("calendar token \(token.code) (shown once): /calendar/\(token.secret).ics")
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its code (tok_… or cal_…).")
        @OptionGroup var global: GlobalOptions
        @Argument var code: String

        func run() throws {
            try guarded {
                let store = UserStore(try global.openDatabase())
                if code.hasPrefix("cal_") { try store.revokeCalendarToken(code: code, actor: global.actor) } else {
                    try store.revokeToken(code: code, actor: global.actor)
                }
                print("revoked \(code)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try guarded {
                let store = UserStore(try global.openDatabase())
                printTable(["CODE", "FOR", "CREATED", "REVOKED"],
                           try store.tokens().map { [$0.code, $0.username, $0.createdAt, $0.revokedAt ?? "—"] }
                           + (try store.calendarTokens()).map { [$0.code, "\($0.subjectKind) \($0.subjectCode)", $0.createdAt, $0.revokedAt ?? "—"] })
            }
        }
    }
}
