import EntrustConfig
import EntrustCore
import EntrustDelivery
import EntrustGateways
import EntrustStore
import Foundation

/// Everything `entrust serve` reads from the contracts and notifications folders and the environment, loaded and
/// checked in one go before the database is opened or a port is bound: a bad edit stops the server with every
/// problem named by file and line, and it never runs half-configured (nor creates or migrates a database first).
struct ServeSetup {
    let templates: [ContractTemplate]
    let holidays: HolidayCalendar
    let feeSchedules: [FeeSchedule]
    let rules: ReminderRuleSet
    let notificationTemplates: NotificationTemplates
    let smtp: SMTPConfig?
    let backoff: BackoffSchedule

    /// Loads every file, collecting the problems of all of them rather than stopping at the first.
    static func load(_ global: GlobalOptions, backoff backoffText: String) throws -> ServeSetup {
        var problems: [String] = []
        func attempt<T>(_ body: () throws -> T) -> T? {
            do { return try body() } catch {
                problems += ServeConfigurationError.lines(of: error)
                return nil
            }
        }
        let templates = attempt { try global.templates() }
        let holidays = attempt { try global.holidays().calendar }
        let feeSchedules = attempt { try global.feeSchedules() }
        // The server does not score groups, but a scorecard that `entrust evaluate` would refuse at month end is
        // caught when the server is (re)started after the edit, not weeks later.
        _ = attempt { try global.groupScorecards() }
        _ = attempt { try global.associationScorecards() }
        let rules = attempt { try global.reminderRules() }
        let notificationTemplates = attempt { try global.notificationTemplates(checking: rules) }
        let smtp = attempt { try global.smtpConfig() }
        let backoff = attempt { try BackoffSchedule.parse(backoffText, field: "--backoff") }
        guard problems.isEmpty, let templates, let holidays, let feeSchedules, let rules, let notificationTemplates, let smtp,
              let backoff else {
            throw ServeConfigurationError(problems: problems)
        }
        return ServeSetup(templates: templates, holidays: holidays, feeSchedules: feeSchedules, rules: rules,
                          notificationTemplates: notificationTemplates, smtp: smtp, backoff: backoff)
    }
}

/// `entrust serve` refused to start: each problem is one line naming its file and line (or option).
struct ServeConfigurationError: Error, CustomStringConvertible {
    var problems: [String]

    var description: String {
        "the server did not start: \(problems.count) configuration problem\(problems.count == 1 ? "" : "s")\n"
            + problems.map { "  " + $0 }.joined(separator: "\n")
    }

    static func lines(of error: any Error) -> [String] {
        switch error {
        case let config as ConfigError: return config.issues.map(\.description)
        case let .templates(issues) as DeliveryError: return issues
        default:
            return String(describing: StoreError.from(error)).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }
}
