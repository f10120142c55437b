extension AppDatabase {
    /// The monthly loan extract, group and association evaluations, and yearly plans (issue 4).
    ///
    /// `loan` is a plain rowid table: an import appends in file order, so one month's rows sit together on disk, and the
    /// narrow unique index on (month, loan_id) both finds a month and refuses a duplicate loan id. Amounts are whole đồng.
    static let loansEvaluationSchema = """
        CREATE TABLE loan_month (
            month TEXT PRIMARY KEY NOT NULL,
            file TEXT NOT NULL,
            rows INTEGER NOT NULL,
            outstanding INTEGER NOT NULL,
            imported_by TEXT NOT NULL,
            imported_at TEXT NOT NULL
        );

        CREATE TABLE loan (
            month TEXT NOT NULL,
            line INTEGER NOT NULL,
            loan_id TEXT NOT NULL,
            borrower_id TEXT NOT NULL,
            borrower_name TEXT NOT NULL,
            group_id INTEGER NOT NULL REFERENCES savings_group(id),
            programme TEXT NOT NULL,
            disbursed_on TEXT NOT NULL,
            maturity_on TEXT NOT NULL,
            disbursed_amount INTEGER NOT NULL,
            outstanding_performing INTEGER NOT NULL,
            outstanding_overdue INTEGER NOT NULL,
            outstanding_frozen INTEGER NOT NULL,
            principal_due INTEGER NOT NULL,
            principal_collected INTEGER NOT NULL,
            interest_due INTEGER NOT NULL,
            interest_collected INTEGER NOT NULL,
            interest_arrears INTEGER NOT NULL,
            savings_balance INTEGER NOT NULL,
            last_transaction_on TEXT
        );
        CREATE UNIQUE INDEX loan_month_loan ON loan(month, loan_id);

        CREATE TABLE group_evaluation (
            month TEXT NOT NULL,
            group_id INTEGER NOT NULL REFERENCES savings_group(id),
            scorecard_from TEXT NOT NULL,
            compared_month TEXT,
            attendance_source TEXT NOT NULL CHECK (attendance_source IN ('attendance','loans')),
            loans INTEGER NOT NULL,
            households INTEGER NOT NULL,
            outstanding INTEGER NOT NULL,
            overdue INTEGER NOT NULL,
            frozen INTEGER NOT NULL,
            sessions_held INTEGER NOT NULL,
            sessions_transacted INTEGER NOT NULL,
            interest_due INTEGER NOT NULL,
            interest_collected INTEGER NOT NULL,
            principal_due INTEGER NOT NULL,
            principal_collected INTEGER NOT NULL,
            savings_balance INTEGER NOT NULL,
            previous_savings_balance INTEGER NOT NULL,
            active_members INTEGER NOT NULL,
            members_with_savings INTEGER NOT NULL,
            points_overdue_ratio INTEGER NOT NULL,
            points_transaction_attendance INTEGER NOT NULL,
            points_interest_collection INTEGER NOT NULL,
            points_principal_collection INTEGER NOT NULL,
            points_savings_growth INTEGER NOT NULL,
            points_savers_share INTEGER NOT NULL,
            total INTEGER NOT NULL,
            class TEXT NOT NULL CHECK (class IN ('good','fair','average','weak')),
            evaluated_by TEXT NOT NULL,
            evaluated_at TEXT NOT NULL,
            PRIMARY KEY (month, group_id)
        );

        CREATE TABLE association_evaluation (
            month TEXT NOT NULL,
            association_id INTEGER NOT NULL REFERENCES association(id),
            scorecard_from TEXT NOT NULL,
            outstanding INTEGER NOT NULL,
            overdue INTEGER NOT NULL,
            frozen INTEGER NOT NULL,
            households INTEGER NOT NULL,
            interest_due INTEGER NOT NULL,
            interest_collected INTEGER NOT NULL,
            groups INTEGER NOT NULL,
            groups_good INTEGER NOT NULL,
            groups_fair INTEGER NOT NULL,
            groups_average INTEGER NOT NULL,
            groups_weak INTEGER NOT NULL,
            obligations_due INTEGER NOT NULL,
            obligations_on_time INTEGER NOT NULL,
            training_target INTEGER NOT NULL,
            training_done INTEGER NOT NULL,
            points_json TEXT NOT NULL,
            total INTEGER NOT NULL,
            class TEXT NOT NULL CHECK (class IN ('good','fair','average','weak')),
            evaluated_by TEXT NOT NULL,
            evaluated_at TEXT NOT NULL,
            PRIMARY KEY (month, association_id)
        );

        CREATE TABLE plan (
            year INTEGER NOT NULL,
            office_id INTEGER NOT NULL REFERENCES bank_unit(id),
            outstanding INTEGER NOT NULL CHECK (outstanding > 0),
            set_by TEXT NOT NULL,
            set_at TEXT NOT NULL,
            PRIMARY KEY (year, office_id)
        );
        """

    /// Each group's totals for an imported month, written by the import: the reports and the dashboard add up a few
    /// hundred of these per district instead of the month's loans (6.8 million rows nationally) on every page.
    /// `households` are borrowers with something outstanding; `savings` counts a borrower's balance once.
    static let loanGroupTotalSchema = """
        CREATE TABLE loan_group_total (
            month TEXT NOT NULL,
            group_id INTEGER NOT NULL REFERENCES savings_group(id),
            loans INTEGER NOT NULL,
            outstanding INTEGER NOT NULL,
            overdue INTEGER NOT NULL,
            frozen INTEGER NOT NULL,
            households INTEGER NOT NULL,
            savings INTEGER NOT NULL,
            PRIMARY KEY (month, group_id)
        ) WITHOUT ROWID;
        """
}
