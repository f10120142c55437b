import ArgumentParser
import EntrustCore
import EntrustStore
import Foundation

/// `entrust import loans FILE.csv --month 2023-08`: the bank's monthly loan extract.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import data files: the bank's monthly loan extract, or a district exported with `entrust export`.",
        subcommands: [Loans.self, District.self])

    struct Loans: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the month-end loan extract (one row per loan), all or nothing.",
            discussion: """
                Columns (UTF-8 CSV, a BOM tolerated, RFC 4180 quoting, any order): \(LoanColumn.headerLine). \
                Amounts are whole đồng, digits only. Every bad row is reported with its line and column and nothing is \
                written unless every row is good. A month already imported needs --replace. See README, "Loan extract".
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The .csv file.") var file: String
        @Option(help: "The month of the extract, YYYY-MM.") var month: String
        @Flag(name: .customLong("dry-run"), help: "Check the file and report, but write nothing.") var dryRun = false
        @Flag(help: "Replace a month that was already imported.") var replace = false
        @Option(help: "table or json.") var format: OutputFormat = .table
        @Flag(help: "Report progress on stderr even when it is not a terminal (a line per update, for logs).") var progress = false

        func run() throws {
            try guarded {
                let month = try YearMonth.parse(month, field: "--month")
                let database = try global.openDatabase()
                let terminal = isatty(STDERR_FILENO) == 1
                let bar = ProgressBar(enabled: (terminal && format == .table) || progress, lines: !terminal)
                defer { bar.finish() }
                let started = Date()
                let summary = try LoanImportStore(database).importFile(file, month: month, options: .init(replace: replace, dryRun: dryRun),
                                                                       actor: global.actor) { bar.show($0) }
                bar.finish()
                if format == .json { return try printJSON(summary) }
                print(Self.line(summary, seconds: Date().timeIntervalSince(started), language: global.language))
            }
        }

        static func line(_ s: LoanImportStore.Summary, seconds: Double, language: Language) -> String {
            let rate = Int64(Double(s.rows) / max(seconds, 0.001))
            let n: (Int) -> String = { NumberText.grouped(Int64($0), language) }
            let time = String(format: "%.1f", seconds)
            if language == .en {
                let verb = s.dryRun ? "checked (nothing was written, --dry-run)" : (s.replacedRows != nil ? "replaced \(n(s.replacedRows!)) rows with" : "imported")
                var text = "\(s.file): \(verb) \(n(s.rows)) loans for \(s.month) in \(s.groups) groups, outstanding "
                    + "\(NumberText.millions(s.outstanding, language)) million đồng, in \(time) s (\(n(Int(rate))) rows/s)"
                text += "; \(s.newDisbursements) new disbursements"
                    + (s.comparedWith.map { " since \($0)" } ?? " in the month") + ", \(s.obligationsCreated) loan-use checks created"
                if s.withoutContract > 0 { text += " (\(s.withoutContract) without a contract in force: no check created)" }
                return text
            }
            let verb = s.dryRun ? "đã kiểm tra (chưa ghi gì, --dry-run)" : (s.replacedRows != nil ? "đã thay \(n(s.replacedRows!)) dòng bằng" : "đã nạp")
            var text = "\(s.file): \(verb) \(n(s.rows)) khoản vay tháng \(s.month) của \(s.groups) tổ, dư nợ "
                + "\(NumberText.millions(s.outstanding, language)) triệu đồng, trong \(time.replacingOccurrences(of: ".", with: ",")) giây (\(n(Int(rate))) dòng/giây)"
            text += "; \(s.newDisbursements) khoản giải ngân mới" + (s.comparedWith.map { " từ sau \($0)" } ?? " trong tháng")
                + ", tạo \(s.obligationsCreated) việc kiểm tra sử dụng vốn"
            if s.withoutContract > 0 { text += " (\(s.withoutContract) khoản không có hợp đồng hiệu lực: không tạo việc kiểm tra)" }
            return text
        }
    }
}

/// A one-line progress bar on stderr (rows or messages, their rate, ETA), drawn only on a terminal and at most five times a second.
final class ProgressBar {
    let enabled: Bool
    /// One line per update instead of a bar redrawn in place (stderr is not a terminal).
    let lines: Bool
    let started = Date()
    var lastDrawn = Date.distantPast
    var drew = false

    init(enabled: Bool, lines: Bool = false) {
        self.enabled = enabled
        self.lines = lines
    }

    func show(_ progress: LoanImportStore.Progress) {
        show(fraction: progress.fileSize > 0 ? min(1, Double(progress.bytesRead) / Double(progress.fileSize)) : 0,
             count: progress.rows, unit: "rows")
    }

    /// `count` things done so far (`unit`: rows, messages), `fraction` of the whole.
    func show(fraction: Double, count: Int, unit: String) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= 0.2 || fraction >= 1 else { return }
        lastDrawn = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let width = 30
        let filled = Int(fraction * Double(width))
        let rate = Double(count) / elapsed
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        if lines {
            let text = String(format: "progress: %@ %@, %3.0f%%, %@ %@/s, ETA %d:%02d\n", NumberText.grouped(Int64(count), .en), unit,
                              fraction * 100, NumberText.grouped(Int64(rate), .en), unit, Int(eta) / 60, Int(eta) % 60)
            FileHandle.standardError.write(Data(text.utf8))
            return
        }
        let line = String(format: "\r[%@%@] %3.0f%%  %@ %@  %@ %@/s  ETA %d:%02d ",
                          String(repeating: "#", count: filled), String(repeating: ".", count: width - filled), fraction * 100,
                          NumberText.grouped(Int64(count), .en), unit, NumberText.grouped(Int64(rate), .en), unit, Int(eta) / 60, Int(eta) % 60)
        FileHandle.standardError.write(Data(line.utf8))
        drew = true
    }

    func finish() {
        if drew && !lines { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drew = false
    }
}
