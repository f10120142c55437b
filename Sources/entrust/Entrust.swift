import ArgumentParser

@main
struct Entrust: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entrust",
        abstract: "Entrusted policy lending: contracts, obligations and the associations that carry them.",
        discussion: """
            entrust keeps the entrustment contracts between VBSP transaction offices and the commune associations \
            (Farmers, Women, Veterans, Youth), the obligations those contracts create, and an audit log of every change.

            The database is --db PATH (a SQLite file) or --db postgres://… (PostgreSQL), else $ENTRUST_DB, else ./entrust.sqlite. Contract templates are read from \
            --contracts DIR, else $ENTRUST_CONTRACTS, else ./contracts. Act as a named person with --as CODE \
            (needed to approve); otherwise changes are recorded as cli:$USER.

            Start with `entrust demo` to load the Kim Bang demo district into demo.sqlite.
            """,
        version: EntrustVersion.string,
        subcommands: [
            DemoCommand.self, DashboardCommand.self,
            AdminUnitsCommand.self, BankUnitsCommand.self, AssociationsCommand.self, PeopleCommand.self, LoadCommand.self,
            GroupsCommand.self, MembersCommand.self, MeetingsCommand.self, CalendarCommand.self, HolidaysCommand.self, TrainingsCommand.self, BenchCommand.self,
            TemplatesCommand.self, ContractsCommand.self, ObligationsCommand.self, EventsCommand.self, AuditCommand.self,
            EndpointsCommand.self, OutboxCommand.self, DeliverCommand.self, EmailCommand.self, NotificationsCommand.self,
            RemindersCommand.self, ImportCommand.self, ExportCommand.self, EvaluateCommand.self, FeesCommand.self, ReportCommand.self, PlanCommand.self,
            ServeCommand.self, UsersCommand.self, TokensCommand.self,
        ]
    )
}

enum EntrustVersion {
    static let string = "0.1.0"
}
