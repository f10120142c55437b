import Foundation
import Testing

/// The CSV half of the bad-input corpus (`Tests/BadInput/csv`), run through the commands people use: `import loans`,
/// `groups import` and `load --kind`. Each file is refused with its file, line and column named, and the database is
/// left exactly as it was (compared as a full `.dump`); a replacement of an imported month keeps the old month.
@Suite(.serialized) struct BadInputCSVTests {
    /// `import loans FILE --month 2024-03`, then the same file as a `--replace` of February: both refused, nothing written.
    func refusesExtract(_ cli: CLI, _ path: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await cli.refuses(["import", "loans", path, "--month", "2024-03"], saying: expected + ["nothing was written"], sourceLocation: sourceLocation)
        try await cli.refuses(["import", "loans", path, "--month", "2024-02", "--replace"], saying: expected, sourceLocation: sourceLocation)
    }

    @Test func loanExtractsInvalidUTF8() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        try await refusesExtract(cli, BadInput.path("csv/loans-invalid-utf8.csv"), [
            "3 bad rows; nothing was written",
            "loans-invalid-utf8.csv:3, column borrower_name: borrower_name 'Hộ Tr\u{FFFD}n V\u{FFFD}n': is not valid UTF-8",
            "loans-invalid-utf8.csv:4, column borrower_name: borrower_name 'Hộ \u{FFFD}(': is not valid UTF-8",
            "loans-invalid-utf8.csv:5, column loan_id: loan_id 'LN-\u{FFFD}': is not valid UTF-8",
        ])
    }

    @Test func loanExtractsWithHugeFieldsAndThousandColumns() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        let row = LoansCLITests.row(9)
        // A 10 MB field, unquoted and quoted: the reader stops at 1 MiB per row, memory stays bounded.
        let huge = String(repeating: "A", count: 10 * 1024 * 1024)
        for (name, field) in [("loans-10mb.csv", huge), ("loans-10mb-quoted.csv", "\"" + huge + "\"")] {
            let file = try cli.write(name, [LoansCLITests.header, LoansCLITests.row(1), row.replacingOccurrences(of: "Hộ Nguyễn Văn A", with: field)]
                .joined(separator: "\n"))
            try await refusesExtract(cli, file, ["\(name):3: a row longer than 1 MiB: this is not a loan extract row"])
        }
        // Under the row limit, a text field longer than any name is refused too.
        let long = try cli.write("loans-long-name.csv", [LoansCLITests.header, row.replacingOccurrences(of: "Hộ Nguyễn Văn A", with: String(repeating: "Ă", count: 200_000))]
            .joined(separator: "\n"))
        try await refusesExtract(cli, long, ["loans-long-name.csv:2, column borrower_name: borrower_name 'ĂĂĂ", "is longer than 1000 characters"])

        // 1,000 columns in the header: every unknown one is named (the first 50, then a count).
        let extras = (19...1000).map { "extra_\($0)" }
        let wide = try cli.write("loans-1000-columns.csv", ([LoansCLITests.header + "," + extras.joined(separator: ","),
                                                            row + String(repeating: ",x", count: extras.count)]).joined(separator: "\n"))
        let stderr = try await cli.refuses(["import", "loans", wide, "--month", "2024-03"],
                                     saying: ["982 bad rows; nothing was written", "loans-1000-columns.csv:1, column 19: header 'extra_19': unknown column",
                                              "… and 932 more"])
        #expect(stderr.split(separator: "\n").count == 52, "the list is cut at 50 issues: \(stderr.split(separator: "\n").count) lines")
        // 1,000 fields in a row under a good header.
        let fields = try cli.write("loans-1000-fields.csv", [LoansCLITests.header, LoansCLITests.row(1), row + String(repeating: ",x", count: 982)].joined(separator: "\n"))
        let refused = try await cli.refuses(["import", "loans", fields, "--month", "2024-03"],
                                      saying: ["loans-1000-fields.csv:3: row '1000 fields': expected 18 fields like the header"])
        #expect(!refused.contains("thousands separators"), "a thousand fields are not a thousands separator: \(refused)")
    }

    @Test func loanExtractsWithQuotesLeftOpenCROnlyLinesAndAByteOrderMarkInTheMiddle() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        try await refusesExtract(cli, BadInput.path("csv/loans-open-quote.csv"), [
            "loans-open-quote.csv:3: a quote inside an unquoted field",
            "loans-open-quote.csv:4: a quoted field opened on this line is never closed",
        ])
        // CR-only line ends are refused (the extract's reader follows RFC 4180: LF or CRLF), saying why.
        try await refusesExtract(cli, BadInput.path("csv/loans-cr-only.csv"), [
            "loans-cr-only.csv:1: the lines end in a carriage return alone (the old Mac OS line end); save the file as CSV UTF-8 with LF or CRLF line ends",
        ])
        // A CRLF header followed by CR-only rows says the same, at the row.
        let mixed = try cli.write("loans-mixed-line-ends.csv", LoansCLITests.header + "\r\n" + LoansCLITests.row(1) + "\r" + LoansCLITests.row(2) + "\r\n")
        try await refusesExtract(cli, mixed, ["loans-mixed-line-ends.csv:2: row '35 fields': expected 18 fields like the header (the lines end in a carriage return alone"])
        // The leading BOM is fine; one in the middle (two exports joined, or pasted into a name) is named.
        try await refusesExtract(cli, BadInput.path("csv/loans-bom-middle.csv"), [
            "2 bad rows; nothing was written",
            "loans-bom-middle.csv:3, column loan_id: loan_id '\u{FEFF}LN-2': contains a byte order mark (U+FEFF",
            "loans-bom-middle.csv:4, column borrower_name: borrower_name 'Hộ Trần\u{FEFF}Văn Ba': contains a byte order mark",
            "were two files joined?",
        ])
    }

    @Test func loanExtractsWithThousandsSeparatorsNegativeOverflowingAmountsAndImpossibleDates() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        try await refusesExtract(cli, BadInput.path("csv/loans-thousands.csv"), [
            "5 bad rows",
            "loans-thousands.csv:3: row '20 fields': expected 18 fields like the header (is an amount written with thousands separators, such as 1,500,000, without quotes?)",
            "loans-thousands.csv:4, column disbursed_amount: disbursed_amount '1,000,000': has thousands separators; write whole đồng with digits only",
            "loans-thousands.csv:5, column disbursed_amount: disbursed_amount '1.000.000': has thousands separators",
            "loans-thousands.csv:6, column outstanding_performing: outstanding_performing '1 000 000': has thousands separators",
            "loans-thousands.csv:7, column outstanding_performing: outstanding_performing '40000000.0': has decimals",
        ])
        try await refusesExtract(cli, BadInput.path("csv/loans-amounts.csv"), [
            "6 bad rows",
            "loans-amounts.csv:3, column outstanding_overdue: outstanding_overdue '-500': is negative",
            "loans-amounts.csv:4, column outstanding_performing: outstanding_performing '99999999999999999999': is too large (more than 100,000,000,000 đồng",
            "loans-amounts.csv:5, column outstanding_performing: outstanding_performing '9223372036854775808': is too large",
            "loans-amounts.csv:6, column outstanding_performing: outstanding_performing '9223372036854775807': is too large",
            "loans-amounts.csv:7, column disbursed_amount: disbursed_amount '+500': is not a whole number of đồng",
            "loans-amounts.csv:8, column disbursed_amount: disbursed_amount '1e9': is not a whole number of đồng",
        ])
        try await refusesExtract(cli, BadInput.path("csv/loans-dates.csv"), [
            "5 bad rows",
            "loans-dates.csv:3, column disbursed_on: disbursed_on '31/02/2023': is not a valid date (YYYY-MM-DD, a day that exists, years 1900–2200)",
            "loans-dates.csv:4, column disbursed_on: disbursed_on '2023-13-01': is not a valid date",
            "loans-dates.csv:5, column disbursed_on: disbursed_on '2023-02-31': is not a valid date",
            "loans-dates.csv:6, column disbursed_on: disbursed_on '2023-02-29': is not a valid date",
            "loans-dates.csv:7, column maturity_on: maturity_on '2026-3-15': is not a valid date",
        ])
        // February is still the three loans it was.
        #expect(try await cli.sql("SELECT COUNT(*) FROM loan WHERE month = '2024-02'") == "3")
    }

    @Test func groupAndMemberFiles() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        try await cli.refuses(["groups", "import", BadInput.path("csv/groups-invalid-utf8.csv")],
                        saying: ["groups-invalid-utf8.csv:3, column name: name 'Tổ th\u{FFFD}n \u{FFFD}(': is not valid UTF-8"])
        try await cli.refuses(["groups", "import", BadInput.path("csv/groups-open-quote.csv")],
                        saying: ["groups-open-quote.csv:3: a quoted field opened on this line is never closed"])
        try await cli.refuses(["groups", "import", BadInput.path("csv/groups-bom-middle.csv")],
                        saying: ["groups-bom-middle.csv:3, column code: code '\u{FEFF}TS-G12': contains a byte order mark"])
        try await cli.refuses(["groups", "import", BadInput.path("csv/groups-thousands.csv")], saying: [
            "5 bad rows; nothing was written",
            "groups-thousands.csv:2, column min_monthly_saving: min_monthly_saving '1,000,000': has thousands separators",
            "groups-thousands.csv:3, column min_monthly_saving: min_monthly_saving '1.000.000': has thousands separators",
            "groups-thousands.csv:4, column min_monthly_saving: min_monthly_saving '1.5': has decimals",
            "groups-thousands.csv:5, column min_monthly_saving: min_monthly_saving '-50000': is negative",
            "groups-thousands.csv:6, column min_monthly_saving: min_monthly_saving '99999999999999999999': is too large",
        ])
        try await cli.refuses(["groups", "import", BadInput.path("csv/groups-dates.csv")], saying: [
            "groups-dates.csv:2, column founded_on: founded_on '31/02/2023': is not a valid date",
            "groups-dates.csv:3, column founded_on: founded_on '2023-13-01': is not a valid date",
            "groups-dates.csv:4, column founded_on: founded_on '2023-02-29': is not a valid date",
        ])
        // The small files are read by CSV.swift, which takes CR alone as a line end: supported, with the right lines.
        try await cli.refuses(["groups", "import", BadInput.path("csv/groups-cr-only.csv")],
                        saying: ["groups-cr-only.csv:4, column founded_on: founded_on '2015-02-30': is not a valid date"])
        let fixed = try String(contentsOfFile: BadInput.path("csv/groups-cr-only.csv"), encoding: .utf8).replacingOccurrences(of: "2015-02-30", with: "2015-03-01")
        #expect(try await cli.succeeds(["groups", "import", try cli.write("groups-cr-only-fixed.csv", fixed), "--lang", "en"]).contains("loaded 3 groups"))
        #expect(try await cli.sql("SELECT group_concat(name, '|') FROM savings_group WHERE code IN ('TS-G11', 'TS-G12', 'TS-G13')")
                == "Tổ TK&VV thôn Lũng|Tổ TK&VV thôn Đồng|Tổ TK&VV thôn Chợ")

        // Generated: a 10 MB name, 1,000 columns, and a quoted line break in a CRLF file (line numbers stay right).
        let header = "code,name,village,commune,association,founded_on"
        let huge = try cli.write("groups-10mb.csv", header + "\nTS-G20," + String(repeating: "A", count: 10 * 1024 * 1024) + ",Lũng,TANSON,TANSON-HND,2015-03-01\n")
        try await cli.refuses(["groups", "import", huge], saying: ["groups-10mb.csv:2, column name: name 'AAAA", "is longer than 1000 characters"])
        let wide = try cli.write("groups-1000-columns.csv", header + "," + (7...1000).map { "extra_\($0)" }.joined(separator: ",") + "\n")
        let stderr = try await cli.refuses(["groups", "import", wide], saying: ["994 bad rows; nothing was written",
                                                                            "groups-1000-columns.csv:1, column extra_7: header 'extra_7': unknown column",
                                                                            "… and 944 more"])
        #expect(stderr.split(separator: "\n").count == 52, "the list is cut at 50 issues")
        let typo = try cli.write("groups-typo.csv", "code,name,village,comune,association,founded_on\n")
        try await cli.refuses(["groups", "import", typo], saying: ["groups-typo.csv:1, column comune: header 'comune': unknown column (did you mean 'commune'?)"])
        let multiline = try cli.write("members-crlf.csv", [
            "group,code,name,national_id,category,joined_on",
            "TS-G01,TS-G01-01,\"Nguyễn Văn Hùng\r\nthôn Đồng\",035123456789,poor,2015-03-01",
            "TS-G01,TS-G01-02,Trần Thị Lan,035123456790,poorest,2015-03-01",
        ].joined(separator: "\r\n"))
        try await cli.refuses(["members", "import", multiline], saying: ["members-crlf.csv:4, column category: category 'poorest': expected one of"])
    }

    @Test func organisationFiles() async throws {
        let cli = try await BadInput.district()
        defer { cli.cleanUp() }
        try await cli.refuses(["load", BadInput.path("csv/people-invalid-utf8.csv"), "--kind", "people"],
                        saying: ["people-invalid-utf8.csv:3, column name: name 'Nguy\u{FFFD}a\u{FFFD} V\u{FFFD}n': is not valid UTF-8"])
        try await cli.refuses(["load", BadInput.path("csv/people-open-quote.csv"), "--kind", "people"],
                        saying: ["people-open-quote.csv:2: a quoted field opened on this line is never closed"])
        let wide = try cli.write("associations.csv", "code,kind,level,name," + (5...1000).map { "c\($0)" }.joined(separator: ",") + "\n")
        try await cli.refuses(["load", wide, "--kind", "associations"], saying: ["associations.csv:1, column c5: header 'c5': unknown column", "… and 946 more"])
    }
}
