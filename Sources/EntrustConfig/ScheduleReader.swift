import EntrustCore

/// Reads an obligation's `schedule` mapping: a `kind` and exactly the fields that kind needs.
enum ScheduleReader {
    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]

    static func schedule(_ value: ValueReader) -> ObligationSchedule? {
        value.mapping(named: "a schedule") { schedule -> ObligationSchedule? in
            // Only `kind` is allowed until the kind is known; each kind then declares its own fields,
            // so a field that belongs to another kind is refused by name.
            guard let kind = schedule.choice("kind", from: ObligationSchedule.kindNames) else {
                schedule.skipUnknownKeyCheck()
                return nil
            }
            schedule.name = "a schedule of kind '\(kind)'"
            switch kind {
            case "transaction_day":
                return .transactionDay
            case "monthly":
                schedule.declare("every", "day")
                let every = schedule.int("every", in: 1...Int.max)
                let day = schedule.int("day", in: 1...31)
                guard let every, let day else { return nil }
                return .monthly(every: every, day: day)
            case "yearly":
                schedule.declare("every", "month", "day")
                let every = schedule.int("every", in: 1...Int.max)
                let date = monthAndDay(schedule)
                guard let every, let date else { return nil }
                return .yearly(every: every, month: date.month, day: date.day)
            case "after_event":
                schedule.declare("event", "days")
                let event = schedule.enumValue("event", EventKind.self)
                let days = schedule.int("days", in: 0...Int.max)
                guard let event, let days else { return nil }
                return .afterEvent(event, days: days)
            case "yearly_quota":
                schedule.declare("targets", "month", "day")
                let targets = readTargets(schedule)
                let date = monthAndDay(schedule)
                guard let targets, let date else { return nil }
                return .yearlyQuota(targets: targets, month: date.month, day: date.day)
            default:
                // kindNames grew in Core without a reader here: say so rather than guess.
                schedule.report("schedule kind '\(kind)' is not supported by this version of entrust", at: "kind")
                schedule.skipUnknownKeyCheck()
                return nil
            }
        }
    }

    /// `month` and `day`, where the day must exist in that month in a leap year:
    /// 29 February is allowed (it moves to the 28th in common years), 30 February is not.
    private static func monthAndDay(_ schedule: MappingReader) -> (month: Int, day: Int)? {
        let month = schedule.int("month", in: 1...12)
        let day = schedule.int("day", in: 1...31)
        guard let month, let day else { return nil }
        let longest = LocalDate.daysIn(year: 2000, month: month)
        guard day <= longest else {
            schedule.report("day \(day) does not exist in \(monthNames[month - 1]) (at most \(longest) days)", at: "day")
            return nil
        }
        return (month, day)
    }

    private static func readTargets(_ schedule: MappingReader) -> [QuotaTarget]? {
        var valid = true
        var subjects: Set<QuotaSubject> = []
        let targets = schedule.list("targets", nonEmpty: true) { (item: ValueReader) -> QuotaTarget? in
            let target: QuotaTarget? = item.mapping(named: "a quota target") { target in
                target.declare("subject", "percent", "per_item_minimum", "per_item_unit")
                let subject = target.enumValue("subject", QuotaSubject.self)
                let percent = target.int("percent", in: 1...100)
                let minimum = target.optionalInt("per_item_minimum", in: 1...Int.max)
                let unit = target.optionalEnumValue("per_item_unit", QuotaSubject.self)
                let hasMinimum = target.value("per_item_minimum") != nil
                let hasUnit = target.value("per_item_unit") != nil
                if hasMinimum != hasUnit {
                    // Both or neither: "at least 5" means nothing without "households".
                    target.report(hasMinimum ? "per_item_minimum needs per_item_unit (at least how many of what?)"
                                             : "per_item_unit needs per_item_minimum (at least how many of what?)",
                                  at: hasMinimum ? "per_item_minimum" : "per_item_unit")
                    return nil
                }
                if let subject, !subjects.insert(subject).inserted {
                    target.report("subject '\(subject.rawValue)' already has a target in this quota", at: "subject")
                    return nil
                }
                if let subject, let unit, subject == unit {
                    target.report("per_item_unit must count something inside each \(subject.rawValue) item, not the item itself", at: "per_item_unit")
                    return nil
                }
                guard let subject, let percent, minimum != nil || !hasMinimum, unit != nil || !hasUnit else { return nil }
                return QuotaTarget(subject: subject, percent: percent, perItemMinimum: minimum, perItemUnit: unit)
            }
            if target == nil { valid = false }
            return target
        }
        guard let targets, valid, !targets.isEmpty else { return nil }
        return targets
    }
}
