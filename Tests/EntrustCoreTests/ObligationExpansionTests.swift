import EntrustCore
import Testing

@Suite struct ObligationExpansionTests {
    static func obligation(_ code: String, _ schedule: ObligationSchedule, grace: Int = 0) -> ObligationTemplate {
        ObligationTemplate(code: code, title: LocalizedText(vi: code, en: code), responsible: .communeAssociation,
                           schedule: schedule, evidence: LocalizedText(vi: "-", en: "-"), graceDays: grace)
    }

    static func d(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    @Test func transactionDayOn31stMovesToTheLastDayOfShortMonths() {
        let dates = ObligationExpander.expand([Self.obligation("td", .transactionDay, grace: 2)], contractStart: Self.d("2024-01-01"),
                                              contractEnd: Self.d("2024-12-31"), fixedDay: 31,
                                              window: Self.d("2024-01-01")...Self.d("2024-06-30"))
        #expect(dates.map(\.dueDate.iso) == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"])
        #expect(dates.map(\.periodKey) == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"])
        #expect(dates[3].lateAfter.iso == "2024-05-02")
    }

    @Test func transactionDayWithoutAPointCreatesNothing() {
        let dates = ObligationExpander.expand([Self.obligation("td", .transactionDay)], contractStart: Self.d("2024-01-01"),
                                              contractEnd: Self.d("2024-12-31"), fixedDay: nil, window: Self.d("2024-01-01")...Self.d("2024-12-31"))
        #expect(dates.isEmpty)
    }

    @Test func everyTwoMonthsCountsFromTheContractsFirstMonth() {
        // A contract starting 15 March 2024: the 10th of March falls before it, so May is the first occurrence.
        let dates = ObligationExpander.expand([Self.obligation("gb", .monthly(every: 2, day: 10))], contractStart: Self.d("2024-03-15"),
                                              contractEnd: Self.d("2025-03-14"), fixedDay: nil,
                                              window: Self.d("2024-01-01")...Self.d("2025-12-31"))
        #expect(dates.map(\.dueDate.iso) == ["2024-05-10", "2024-07-10", "2024-09-10", "2024-11-10", "2025-01-10", "2025-03-10"])
    }

    @Test func yearlyAndQuota() {
        let obligations = [
            Self.obligation("plan", .yearly(every: 1, month: 1, day: 31)),
            Self.obligation("inspect", .yearlyQuota(targets: [QuotaTarget(subject: .groups, percent: 100, perItemMinimum: 5, perItemUnit: .households)],
                                                    month: 12, day: 31), grace: 15),
            Self.obligation("leap", .yearly(every: 1, month: 2, day: 29)),
        ]
        let dates = ObligationExpander.expand(obligations, contractStart: Self.d("2023-03-01"), contractEnd: Self.d("2025-02-28"),
                                              fixedDay: nil, window: Self.d("2023-01-01")...Self.d("2026-01-01"))
        #expect(dates.map { "\($0.code) \($0.dueDate.iso)" } == [
            "inspect 2023-12-31", "plan 2024-01-31", "leap 2024-02-29", "inspect 2024-12-31", "plan 2025-01-31", "leap 2025-02-28",
        ])
        #expect(dates.first { $0.code == "inspect" }?.lateAfter.iso == "2024-01-15")
    }

    @Test func windowIsRespectedSoExtensionIsIncremental() {
        let obligations = [Self.obligation("td", .transactionDay)]
        let first = ObligationExpander.expand(obligations, contractStart: Self.d("2024-01-01"), contractEnd: Self.d("2024-12-31"),
                                              fixedDay: 15, window: Self.d("2024-01-01")...Self.d("2024-03-31"))
        let second = ObligationExpander.expand(obligations, contractStart: Self.d("2024-01-01"), contractEnd: Self.d("2024-12-31"),
                                               fixedDay: 15, window: Self.d("2024-04-01")...Self.d("2025-06-30"))
        #expect(first.count == 3)
        #expect(second.count == 9)
        #expect(Set(first.map(\.periodKey)).isDisjoint(with: second.map(\.periodKey)))
    }

    @Test func eventDrivenLoanUseCheckIsDue30DaysAfterDisbursement() {
        let obligations = [Self.obligation("loan-use-check", .afterEvent(.disbursement, days: 30), grace: 5),
                           Self.obligation("board", .afterEvent(.boardElection, days: 0))]
        let planned = ObligationExpander.forEvent(obligations, kind: .disbursement, on: Self.d("2024-01-20"), reference: "L-1")
        #expect(planned.count == 1)
        #expect(planned[0].dueDate.iso == "2024-02-19")
        #expect(planned[0].lateAfter.iso == "2024-02-24")
        #expect(planned[0].periodKey == "disbursement:L-1")
        #expect(ObligationExpander.expand(obligations, contractStart: Self.d("2024-01-01"), contractEnd: Self.d("2024-12-31"),
                                          fixedDay: 1, window: Self.d("2024-01-01")...Self.d("2024-12-31")).isEmpty)
    }

    @Test func lateIsDerivedFromTheGracePeriod() {
        let lateAfter = Self.d("2024-03-20")
        #expect(ObligationStatus.derive(stored: .open, lateAfter: lateAfter, today: Self.d("2024-03-20")) == .open)
        #expect(ObligationStatus.derive(stored: .open, lateAfter: lateAfter, today: Self.d("2024-03-21")) == .late)
        #expect(ObligationStatus.derive(stored: .done, lateAfter: lateAfter, today: Self.d("2024-04-21")) == .done)
    }
}
