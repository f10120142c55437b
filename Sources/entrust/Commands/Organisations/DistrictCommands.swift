import ArgumentParser
import EntrustCore
import EntrustStore
import EntrustStoreEngines
import Foundation

/// `entrust export --out FILE`: a district's SQLite file as one consistent copy with a manifest, to move it into the
/// cluster with `entrust import district`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Copy a district's SQLite database into one file with a manifest, to move it into the PostgreSQL cluster.",
        discussion: """
            The copy is SQLite's online backup (the server may keep running). Its audit chain is verified first: a broken \
            chain is refused. The manifest, inside the copy, holds the schema version, every table's row count and the \
            audit chain's head; `entrust import district FILE --db postgres://…` checks all of it. See README, \
            "Moving a district in".
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The new file to write (it must not exist).", valueName: "file")) var out: String
    @Option(help: "table or json.") var format: OutputFormat = .table

    func run() throws {
        try guarded {
            let database = try global.openDatabase()
            try DistrictExportStore(database).requireIntactAudit()
            let copy = try database.sqliteCopy(to: out)
            let manifest = try DistrictExportStore.finish(copy: copy, source: StoreLocation(global.databasePath).description)
            if format == .json { return try printJSON(manifest) }
            let en = global.language == .en
            let rows = manifest.rows.values.reduce(0, +)
            print(en ? "Exported \(global.databasePath) to \(out): \(NumberText.grouped(Int64(rows), .en)) rows in \(manifest.rows.count) tables, audit chain to row \(manifest.auditLastID)"
                     : "Đã xuất \(global.databasePath) ra \(out): \(NumberText.grouped(Int64(rows), .vi)) dòng trong \(manifest.rows.count) bảng, chuỗi nhật ký đến dòng \(manifest.auditLastID)")
            print((en ? "Export id: " : "Mã bản xuất: ") + manifest.exportID)
        }
    }
}

extension ImportCommand {
    /// `entrust import district FILE --db postgres://…`.
    struct District: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a district exported with `entrust export` into this database (the cluster), in one transaction.",
            discussion: """
                The export is checked first (manifest, schema, row counts, audit chain). Codes and usernames that already \
                exist here are refused, all listed; the province, head office, provincial branch and associations above \
                the district are matched by code instead. Ids are new; outbox messages keep their webhook-ids; sessions \
                are dropped (people sign in again); the district's audit rows are kept in audit_archive, which \
                `entrust audit verify` checks too. The same export cannot be imported twice. --dry-run checks everything \
                and writes nothing.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The file `entrust export` wrote.") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check the export and the target, but write nothing.") var dryRun = false
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let source = try AppDatabase.openExport(path: file)
                let database = try global.openDatabase()
                let summary = try DistrictImportStore(database).importDistrict(from: source, file: file, dryRun: dryRun, actor: global.actor)
                if format == .json { return try printJSON(summary) }
                let en = global.language == .en
                let rows = NumberText.grouped(Int64(summary.rows.values.reduce(0, +)), global.language)
                let matched = summary.matched.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                if en {
                    print("\(file): \(dryRun ? "checked (nothing was written, --dry-run)" : "imported") \(rows) rows in \(summary.rows.count) tables, "
                          + "\(summary.auditRowsArchived) audit rows archived" + (matched.isEmpty ? "" : "; matched by code: \(matched)"))
                } else {
                    print("\(file): \(dryRun ? "đã kiểm tra (chưa ghi gì, --dry-run)" : "đã nạp") \(rows) dòng trong \(summary.rows.count) bảng, "
                          + "lưu \(summary.auditRowsArchived) dòng nhật ký" + (matched.isEmpty ? "" : "; khớp theo mã: \(matched)"))
                }
            }
        }
    }
}
