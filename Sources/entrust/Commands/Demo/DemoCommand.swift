import ArgumentParser
import EntrustCore
import EntrustDemo
import EntrustStore
import EntrustStoreEngines
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load the Kim Bang demo district (Hà Nam) into demo.sqlite and print a summary.",
        discussion: """
            Creates the transaction office, its 18 communes and their transaction points, the four associations in \
            every commune and at district level, officers and bank staff, an active entrustment contract for each of \
            the 72 commune associations with its dated obligations, and the 4 district agreements. \
            Running it again says the demo exists; --force rebuilds it from scratch. The database is --db or \
            $ENTRUST_DB if given (a SQLite file or a postgres:// URL), else ./demo.sqlite. On PostgreSQL, give an \
            empty database (createdb); --force does not delete one.
            """)
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Delete the database file and build the demo again.") var force = false

    func run() throws {
        try guarded {
            let location = StoreLocation(global.db ?? global.environment["ENTRUST_DB"] ?? "demo.sqlite")
            let path = location.description
            let exists: Bool
            switch location {
            case let .sqlite(file): exists = FileManager.default.fileExists(atPath: file)
            case .postgres: exists = true
            }
            if exists && force {
                guard case let .sqlite(file) = location else {
                    throw StoreError.rule("--force deletes a SQLite file only; for PostgreSQL, drop and create the database (dropdb, createdb) and run the demo again")
                }
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
            } else if exists {
                let database = try AppDatabase.open(location, clock: try global.clock())
                if let loaded = try DashboardStore(database).meta("demo") {
                    print("The demo district already exists in \(path) (loaded \(loaded)); nothing was changed. Use --force to rebuild it.")
                    printDashboard(try DashboardStore(database).summary(), language: global.language)
                    return
                }
                if try !SeedStore(database).isEmpty() {
                    throw StoreError.rule("\(path) already holds other data; choose another --db, or --force to replace it")
                }
            }
            let database = try AppDatabase.open(location, clock: try global.clock())
            let templates = try global.templates()
            let started = Date()
            let result = try KimBangDemo(database: database, templates: templates, holidays: try global.holidays().calendar).build()
            try SeedStore(database).setMeta("demo", VietnamTime.iso8601(database.clock.now()))
            let accounts = try DemoAccounts.create(database, wiring: .live)
            let seconds = Date().timeIntervalSince(started)
            let en = global.language == .en
            print(en ? "Loaded the Kim Bang demo district into \(path) in \(String(format: "%.1f", seconds)) s:"
                     : "Đã tạo dữ liệu mẫu huyện Kim Bang trong \(path) (\(String(format: "%.1f", seconds)) giây):")
            print("  \(result.communes) " + (en ? "communes and transaction points" : "xã và điểm giao dịch")
                  + ", \(result.associations) " + (en ? "associations" : "hội đoàn thể") + ", \(result.people) " + (en ? "people" : "cán bộ"))
            print("  \(result.contracts) " + (en ? "active contracts" : "hợp đồng hiệu lực") + ", \(result.obligations) "
                  + (en ? "dated obligations" : "nghĩa vụ đã lên lịch"))
            let groups = result.groups
            print("  \(groups.groups) " + (en ? "savings and loan groups with" : "tổ TK&VV với") + " \(groups.members) "
                  + (en ? "member households" : "hộ thành viên") + ", \(groups.series) " + (en ? "meeting series with" : "chuỗi lịch họp với")
                  + " \(groups.occurrences) " + (en ? "occurrences" : "buổi") + ", \(groups.trainings) " + (en ? "trainings" : "lớp tập huấn"))
            if groups.loans.rows > 0 {
                print("  \(groups.loans.rows) " + (en ? "loan rows in the extracts of 2023-01 and 2023-08 (imported like a bank file), with"
                                                     : "dòng sao kê dư nợ tháng 01 và 08/2023 (nạp như tệp của ngân hàng), với")
                      + " \(groups.loans.disbursements) " + (en ? "disbursements since the previous extract, and the 2023 plan"
                                                                : "khoản giải ngân mới và kế hoạch năm 2023"))
                print("  " + (en ? "Try: entrust evaluate --month 2023-08 --db \(path) && entrust report district --month 2023-08 --db \(path)"
                                 : "Thử: entrust evaluate --month 2023-08 --db \(path) && entrust report district --month 2023-08 --db \(path)"))
            }
            print("")
            print(en ? "Sign-in accounts for `entrust serve` (passwords shown only now):" : "Tài khoản đăng nhập `entrust serve` (mật khẩu chỉ hiện lần này):")
            printTable(["USERNAME", "PASSWORD", "ROLE", "PERSON"], accounts.map { [$0.username, $0.password, $0.role.rawValue, $0.person ?? "—"] })
            print("")
            printDashboard(try DashboardStore(database).summary(), language: global.language)
        }
    }
}
