import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import Foundation
import Testing

/// Loan extracts for the `GroupFixtures` district (group TS-G01 of TANSON-HND), written to temporary files.
enum LoanFixtures {
    static let header = LoanColumn.headerLine

    /// A row with sensible defaults; override any column by name.
    static func row(_ id: String, group: String = "TS-G01", borrower: String? = nil, _ overrides: [String: String] = [:]) -> String {
        var values: [String: String] = [
            "loan_id": id, "borrower_id": borrower ?? "B-\(id)", "borrower_name": "Hộ Nguyễn Văn \(id)", "group_code": group,
            "programme_code": "1", "disbursed_on": "2021-03-15", "maturity_on": "2026-03-15", "disbursed_amount": "50000000",
            "outstanding_performing": "40000000", "outstanding_overdue": "0", "outstanding_frozen": "0", "principal_due": "1000000",
            "principal_collected": "1000000", "interest_due": "220000", "interest_collected": "220000", "interest_arrears": "0",
            "savings_balance": "2000000", "last_transaction_on": "2024-02-14",
        ]
        for (key, value) in overrides { values[key] = value }
        return LoanColumn.allCases.map { values[$0.rawValue]! }.joined(separator: ",")
    }

    static func file(_ lines: [String], name: String = "loans.csv") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-loans-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url.path
    }

    static func bytes(_ data: Data, name: String = "loans.csv") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-loans-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    static let february = YearMonth(year: 2024, month: 2)!

    static func loanCount(_ database: AppDatabase) throws -> Int {
        try database.backend.read { db in try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM loan") ?? 0 }
    }

    /// The error's text, as a person would see it.
    static func failure(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return String(describing: error) }
    }
}

@Suite struct LoanImportTests {
    let actor = Principal("KB-CB01")

    @Test(arguments: TestEngine.enabled) func aGoodFileImportsWithBOMQuotesAndCRLF(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        var text = "\u{FEFF}" + LoanFixtures.header + "\r\n"
        text += LoanFixtures.row("LN-1", ["borrower_name": "\"Trần Thị Lan, hộ cận nghèo\""]) + "\r\n"
        text += LoanFixtures.row("LN-2", ["borrower_name": "\"Lê \"\"Út\"\" Dũng\nthôn Đồng\""]) + "\r\n"
        text += LoanFixtures.row("LN-3", ["outstanding_overdue": "", "last_transaction_on": ""]) + "\r\n"
        let path = try LoanFixtures.bytes(Data(text.utf8))
        let summary = try LoanImportStore(database).importFile(path, month: LoanFixtures.february, actor: actor)
        #expect(summary.rows == 3 && summary.groups == 1 && summary.outstanding == 120_000_000)
        let names = try database.backend.read { db in try db.fetchAll(String.self, sql: "SELECT borrower_name FROM loan ORDER BY line") }
        #expect(names == ["Trần Thị Lan, hộ cận nghèo", "Lê \"Út\" Dũng\nthôn Đồng", "Hộ Nguyễn Văn LN-3"])
        // The quoted newline moves the physical line on: LN-3 is on line 5.
        let lines = try database.backend.read { db in try db.fetchAll(Int.self, sql: "SELECT line FROM loan ORDER BY line") }
        #expect(lines == [2, 3, 5])
        #expect(try AuditStore(database).entries(entity: "loan_month", key: "2024-02").map(\.action) == ["import"])
    }

    @Test(arguments: TestEngine.enabled) func everyBadRowIsReportedWithLineColumnValueAndReasonAndNothingIsWritten(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let audit = try GroupFixtures.auditCount(database)
        var invalid = Data((LoanFixtures.header + "\n" + LoanFixtures.row("LN-9") + "\n").utf8)
        invalid.append(contentsOf: Array("LN-10,B-10,Hộ ".utf8) + [0xC3, 0x28] + Array(",TS-G01,1,2021-03-15,2026-03-15,1,1,0,0,0,0,0,0,0,0,2024-02-14\n".utf8))
        let lines = [
            LoanFixtures.header,
            LoanFixtures.row("LN-1"),
            LoanFixtures.row("LN-2", group: "XX-G99"),
            LoanFixtures.row("LN-3", ["outstanding_overdue": "-500"]),
            LoanFixtures.row("LN-4", ["disbursed_on": "2021-02-30"]),
            LoanFixtures.row("LN-5") + ",extra",
            LoanFixtures.row("LN-1"),
            LoanFixtures.row("LN-6", ["outstanding_performing": "99999999999999999999"]),
            LoanFixtures.row("LN-7", ["outstanding_performing": "\"1,500,000\""]),
            LoanFixtures.row("LN-8", ["interest_due": "12.5"]),
        ]
        let path = try LoanFixtures.file(lines)
        let message = LoanFixtures.failure { _ = try LoanImportStore(database).importFile(path, month: LoanFixtures.february, actor: actor) }
        #expect(message.contains("8 bad rows; nothing was written"), "\(message)")
        #expect(message.contains("loans.csv:3, column group_code: group_code 'XX-G99': unknown group"))
        #expect(message.contains("loans.csv:4, column outstanding_overdue: outstanding_overdue '-500': is negative"))
        #expect(message.contains("loans.csv:5, column disbursed_on: disbursed_on '2021-02-30': is not a valid date"))
        #expect(message.contains("loans.csv:6: row '19 fields': expected 18 fields like the header"))
        #expect(message.contains("loans.csv:7, column loan_id: loan_id 'LN-1': duplicate loan_id (first on line 2)"))
        #expect(message.contains("loans.csv:8, column outstanding_performing: outstanding_performing '99999999999999999999': is too large"))
        #expect(message.contains("loans.csv:9, column outstanding_performing: outstanding_performing '1,500,000': has thousands separators"))
        #expect(message.contains("loans.csv:10, column interest_due: interest_due '12.5': has decimals"))
        #expect(try LoanFixtures.loanCount(database) == 0)
        #expect(try GroupFixtures.auditCount(database) == audit)

        let utf8 = LoanFixtures.failure { _ = try LoanImportStore(database).importFile(try LoanFixtures.bytes(invalid), month: LoanFixtures.february, actor: actor) }
        #expect(utf8.contains("loans.csv:3, column borrower_name: borrower_name 'Hộ \u{FFFD}(': is not valid UTF-8"), "\(utf8)")
    }

    @Test(arguments: TestEngine.enabled) func aFileMuchLongerThanTheReadBufferKeepsEveryFieldAndLineIntact(engine: TestEngine) throws {
        // Several MiB, so that records of every shape (quoted, doubled quotes, line breaks inside quotes, CRLF, spaces
        // around cells) straddle the reader's buffer refills at many different offsets.
        let database = try GroupFixtures.database(engine)
        var text = LoanFixtures.header + "\n"
        var names: [String] = [], lines: [Int] = []
        var line = 2
        for index in 0..<40_000 {
            let padding = String(repeating: "x", count: index % 37)
            let (cell, name, breaks): (String, String, Int) = switch index % 5 {
            case 0: ("\"Hộ \"\"\(index)\"\", thôn\nĐồng-\(padding)\"", "Hộ \"\(index)\", thôn\nĐồng-\(padding)", 1)
            case 1: ("Trần Thị \(index)\(padding)", "Trần Thị \(index)\(padding)", 0)
            case 2: ("\"\(padding),\r\n\(index)\"", "\(padding),\r\n\(index)", 1)
            case 3: ("  Lê \(index)  ", "Lê \(index)", 0)
            default: ("\"\"\"\(index)\"\"\"", "\"\(index)\"", 0)
            }
            names.append(name)
            lines.append(line)
            text += LoanFixtures.row("LN-\(index)", ["borrower_name": cell, "savings_balance": String(index)]) + (index % 3 == 0 ? "\r\n" : "\n")
            line += 1 + breaks
        }
        let path = try LoanFixtures.bytes(Data(text.utf8))
        #expect(text.utf8.count > 4 << 20)
        let summary = try LoanImportStore(database).importFile(path, month: LoanFixtures.february, actor: actor)
        #expect(summary.rows == 40_000 && summary.savings == Int64(40_000 * 39_999 / 2))
        let stored = try database.backend.read { db in
            try db.fetchAll(sql: "SELECT line, borrower_name, loan_id FROM loan ORDER BY line")
        }
        #expect(stored.map { $0["borrower_name"] as String } == names)
        #expect(stored.map { $0["line"] as Int } == lines)
        #expect(stored.map { $0["loan_id"] as String } == (0..<40_000).map { "LN-\($0)" })
    }

    @Test(arguments: TestEngine.enabled) func badRowsAndDuplicatesAreListedInFileOrder(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let lines = [LoanFixtures.header, LoanFixtures.row("LN-1"), LoanFixtures.row("LN-2", group: "NOPE"), LoanFixtures.row("LN-1"),
                     LoanFixtures.row("LN-3", ["disbursed_on": "2021-13-01"]), LoanFixtures.row("LN-3"), LoanFixtures.row("LN-3")]
        let message = LoanFixtures.failure {
            _ = try LoanImportStore(database).importFile(try LoanFixtures.file(lines), month: LoanFixtures.february, actor: actor)
        }
        let places = message.split(separator: "\n").compactMap { line in line.range(of: "loans.csv:").map { String(line[$0.upperBound...].prefix(1)) } }
        #expect(places == ["3", "4", "5", "7"], "\(message)")
        #expect(message.contains("loans.csv:7, column loan_id: loan_id 'LN-3': duplicate loan_id (first on line 6)"), "\(message)")
    }

    @Test(arguments: TestEngine.enabled) func newDisbursementsAreFoundAmongManyRowsInsertedSeveralAtATime(engine: TestEngine) throws {
        // More rows than one multi-row INSERT takes, so that the new disbursements' rowids are worked out inside one.
        let database = try GroupFixtures.database(engine)
        _ = try Fixtures.activeContract(database)
        let fresh: Set<Int> = [5, 40, 77, 95]
        let lines = [LoanFixtures.header] + (0..<100).map { index in
            LoanFixtures.row("LN-\(index)", fresh.contains(index) ? ["disbursed_on": "2024-02-0\(1 + index % 9)"] : [:])
        }
        let summary = try LoanImportStore(database).importFile(try LoanFixtures.file(lines), month: LoanFixtures.february, actor: actor)
        #expect(summary.rows == 100 && summary.newDisbursements == 4 && summary.obligationsCreated == 4)
        let references = try database.backend.read { db in
            try db.fetchAll(String.self, sql: "SELECT reference FROM event WHERE kind = 'disbursement' ORDER BY id")
        }
        #expect(references == ["LN-5", "LN-40", "LN-77", "LN-95"])
    }

    @Test(arguments: TestEngine.enabled) func manyBadRowsAreListedUpToTheLimitThenCounted(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let lines = [LoanFixtures.header] + (1...60).map { LoanFixtures.row("LN-\($0)", group: "NOPE") }
        let message = LoanFixtures.failure {
            _ = try LoanImportStore(database).importFile(try LoanFixtures.file(lines), month: LoanFixtures.february,
                                                         options: .init(issueLimit: 5), actor: actor)
        }
        #expect(message.contains("60 bad rows") && message.contains("… and 55 more"), "\(message)")
    }

    @Test(arguments: TestEngine.enabled) func theFileItselfIsCheckedFirst(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let store = LoanImportStore(database)
        let month = LoanFixtures.february
        let empty = LoanFixtures.failure { _ = try store.importFile(try LoanFixtures.bytes(Data()), month: month, actor: actor) }
        #expect(empty.contains("is empty"), "\(empty)")
        let binary = LoanFixtures.failure { _ = try store.importFile(try LoanFixtures.bytes(Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08])), month: month, actor: actor) }
        #expect(binary.contains("is not a CSV text file"), "\(binary)")
        let prose = LoanFixtures.failure { _ = try store.importFile(try LoanFixtures.file(["Báo cáo dư nợ tháng 2", "không phải CSV"]), month: month, actor: actor) }
        #expect(prose.contains("does not look like a loan extract"), "\(prose)")
        let misspelt = LoanFixtures.header.replacingOccurrences(of: "outstanding_overdue", with: "outstanding_overdu")
            .replacingOccurrences(of: ",savings_balance", with: "")
        let header = LoanFixtures.failure { _ = try store.importFile(try LoanFixtures.file([misspelt]), month: month, actor: actor) }
        #expect(header.contains("loans.csv:1, column 10: header 'outstanding_overdu': unknown column (did you mean 'outstanding_overdue'?)"), "\(header)")
        #expect(header.contains("missing column 'savings_balance'"), "\(header)")
        let onlyHeader = LoanFixtures.failure { _ = try store.importFile(try LoanFixtures.file([LoanFixtures.header]), month: month, actor: actor) }
        #expect(onlyHeader.contains("has a header but no loan rows"), "\(onlyHeader)")
        let future = LoanFixtures.failure {
            _ = try store.importFile(try LoanFixtures.file([LoanFixtures.header, LoanFixtures.row("LN-1")]), month: YearMonth(year: 2024, month: 4)!, actor: actor)
        }
        #expect(future.contains("--month '2024-04': is in the future"), "\(future)")
        let quote = LoanFixtures.failure {
            _ = try store.importFile(try LoanFixtures.file([LoanFixtures.header, LoanFixtures.row("LN-1", ["borrower_name": "\"never closed"])]), month: month, actor: actor)
        }
        #expect(quote.contains("loans.csv:2: a quoted field opened on this line is never closed"), "\(quote)")
        #expect(try LoanFixtures.loanCount(database) == 0)
    }

    @Test(arguments: TestEngine.enabled) func aMonthAlreadyImportedNeedsReplaceAndTheReplacementIsAtomicAndAudited(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        let store = LoanImportStore(database)
        let month = LoanFixtures.february
        _ = try store.importFile(try LoanFixtures.file([LoanFixtures.header, LoanFixtures.row("LN-1"), LoanFixtures.row("LN-2")]), month: month, actor: actor)
        let again = LoanFixtures.failure { _ = try store.importFile(try LoanFixtures.file([LoanFixtures.header, LoanFixtures.row("LN-3")]), month: month, actor: actor) }
        #expect(again.contains("2024-02 was already imported (2 rows from loans.csv") && again.contains("use --replace"), "\(again)")
        // A replacement with one bad row changes nothing: the old rows stay, no audit row.
        let audit = try GroupFixtures.auditCount(database)
        let bad = LoanFixtures.failure {
            _ = try store.importFile(try LoanFixtures.file([LoanFixtures.header, LoanFixtures.row("LN-3"), LoanFixtures.row("LN-4", group: "NOPE")]),
                                     month: month, options: .init(replace: true), actor: actor)
        }
        #expect(bad.contains("unknown group"))
        let ids = { try database.backend.read { db in try db.fetchAll(String.self, sql: "SELECT loan_id FROM loan ORDER BY loan_id") } }
        #expect(try ids() == ["LN-1", "LN-2"])
        #expect(try GroupFixtures.auditCount(database) == audit)
        // --dry-run checks a good replacement without writing it.
        let dry = try store.importFile(try LoanFixtures.file([LoanFixtures.header, LoanFixtures.row("LN-3")]), month: month,
                                       options: .init(replace: true, dryRun: true), actor: actor)
        #expect(dry.dryRun && dry.rows == 1 && dry.replacedRows == 2)
        #expect(try ids() == ["LN-1", "LN-2"])
        let replaced = try store.importFile(try LoanFixtures.file([LoanFixtures.header, LoanFixtures.row("LN-3")]), month: month,
                                            options: .init(replace: true), actor: actor)
        #expect(replaced.replacedRows == 2)
        #expect(try ids() == ["LN-3"])
        let entries = try AuditStore(database).entries(entity: "loan_month", key: "2024-02")
        #expect(entries.map(\.action) == ["import", "replace"])
        #expect(entries[1].beforeJSON?.contains("\"rows\":\"2\"") == true)
    }

    @Test(arguments: TestEngine.enabled) func newDisbursementsCreateLoanUseChecksInTheSameTransaction(engine: TestEngine) throws {
        let database = try GroupFixtures.database(engine)
        _ = try Fixtures.activeContract(database)
        let store = LoanImportStore(database)
        // January: the first extract; only loans disbursed in January are new.
        let jan = ["last_transaction_on": "2024-01-14"]
        _ = try store.importFile(try LoanFixtures.file([LoanFixtures.header, LoanFixtures.row("LN-1", jan),
                                                        LoanFixtures.row("LN-2", ["disbursed_on": "2024-01-20", "last_transaction_on": "2024-01-20"])]),
                                 month: YearMonth(year: 2024, month: 1)!, actor: actor)
        // February: LN-3 is new since January; LN-2 was already recorded.
        let february = try store.importFile(try LoanFixtures.file([LoanFixtures.header, LoanFixtures.row("LN-1"),
                                                                   LoanFixtures.row("LN-2", ["disbursed_on": "2024-01-20"]),
                                                                   LoanFixtures.row("LN-3", ["disbursed_on": "2024-02-05"])]),
                                            month: LoanFixtures.february, actor: actor)
        #expect(february.comparedWith == "2024-01" && february.newDisbursements == 1 && february.obligationsCreated == 1)
        let checks = try ObligationStore(database).list(.init(association: "TANSON-HND")).filter { $0.ref.contains("loan-use-check") }
        #expect(checks.map(\.dueDate).sorted() == ["2024-02-19", "2024-03-06"])
        // Replacing February again creates nothing twice.
        let again = try store.importFile(try LoanFixtures.file([LoanFixtures.header, LoanFixtures.row("LN-1"),
                                                                LoanFixtures.row("LN-3", ["disbursed_on": "2024-02-05"])]),
                                         month: LoanFixtures.february, options: .init(replace: true), actor: actor)
        #expect(again.obligationsCreated == 0)
        #expect(try ObligationStore(database).list(.init(association: "TANSON-HND")).filter { $0.ref.contains("loan-use-check") }.count == 2)
    }
}
