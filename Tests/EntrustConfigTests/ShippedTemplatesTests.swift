import EntrustConfig
import EntrustCore
import Foundation
import Testing

@Suite struct ShippedTemplatesTests {
    let loaded = TemplateLoader.loadAll(directory: Fixtures.templatesDirectory)

    func template(_ code: String) throws -> ContractTemplate {
        try #require(loaded.templates.first { $0.code == code })
    }

    @Test func allFourLoadWithoutIssues() {
        #expect(loaded.issues.map(\.description) == [])
        #expect(loaded.templates.map(\.code) == ["commune-entrustment", "district-agreement", "group-mandate", "provincial-agreement"])
        #expect(loaded.templates.map(\.kind) == [.communeEntrustment, .districtAgreement, .groupMandate, .provincialAgreement])
    }

    @Test func everyTemplateHasTheRequiredClausesAndAllThreeAreas() {
        for template in loaded.templates {
            for topic in TemplateLoader.requiredClauses {
                #expect(template.clauses[topic] != nil, "\(template.code) lacks clause \(topic)")
            }
            #expect(Set(template.tasks.map(\.area)) == Set(TemplateLoader.taskAreas), "\(template.code)")
        }
    }

    @Test func communeContractCarriesTheDomainObligations() throws {
        let commune = try template("commune-entrustment")
        #expect(commune.parties == [.transactionOffice, .communeAssociation])
        let byCode = Dictionary(uniqueKeysWithValues: commune.obligations.map { ($0.code, $0) })
        #expect(byCode["loan-use-check"]?.schedule == .afterEvent(.disbursement, days: 30))
        #expect(byCode["loan-use-check"]?.participants == [.bankOfficer])
        #expect(byCode["group-inspection"]?.schedule == .yearlyQuota(
            targets: [QuotaTarget(subject: .groups, percent: 100, perItemMinimum: 5, perItemUnit: .households)], month: 12, day: 31))
        #expect(byCode["monthly-statistics"]?.schedule == .monthly(every: 1, day: 10))
        #expect(byCode["monthly-statistics"]?.responsible == .transactionOffice)
        #expect(byCode["annual-inspection-plan"]?.schedule == .yearly(every: 1, month: 1, day: 31))
        #expect(byCode["mid-year-review"]?.schedule == .yearly(every: 1, month: 7, day: 15))
        #expect(byCode["year-end-review"]?.schedule == .yearly(every: 1, month: 12, day: 20))
        #expect(commune.obligations.filter { $0.schedule == .transactionDay }.count == 3)
        // Every kind of event starts at least one obligation of the commune association.
        let events = Set(commune.obligations.compactMap { obligation -> EventKind? in
            if case let .afterEvent(kind, _) = obligation.schedule { return kind }
            return nil
        })
        #expect(events == Set(EventKind.allCases))
        #expect(commune.needsTransactionPoint)
    }

    @Test func upperLevelAgreementsInspectTheLevelBelow() throws {
        let district = try template("district-agreement")
        let provincial = try template("provincial-agreement")
        #expect(district.obligations.contains { $0.schedule == .yearlyQuota(
            targets: [QuotaTarget(subject: .communeAssociations, percent: 100), QuotaTarget(subject: .groups, percent: 15)],
            month: 12, day: 31) })
        #expect(district.obligations.contains { $0.schedule == .monthly(every: 2, day: 25) })
        #expect(provincial.parties == [.provincialBranch, .provincialAssociation])
        #expect(provincial.obligations.contains { $0.schedule == .yearlyQuota(
            targets: [QuotaTarget(subject: .districtAssociations, percent: 100)], month: 12, day: 31) })
        #expect(provincial.obligations.contains { $0.schedule == .monthly(every: 3, day: 25) })
    }

    @Test func groupMandateCollectsOnTheTransactionDay() throws {
        let mandate = try template("group-mandate")
        #expect(mandate.parties == [.transactionOffice, .group])
        let collect = try #require(mandate.obligations.first { $0.code == "collect-interest-savings" })
        #expect(collect.schedule == .transactionDay)
        #expect(collect.responsible == .groupLeader)
    }

    @Test func vietnameseTextKeepsItsDiacritics() throws {
        let commune = try template("commune-entrustment")
        #expect(commune.title.vi.contains("Ngân hàng Chính sách xã hội"))
        #expect(commune.clauses["fee"]?.vi.contains("0,032%/tháng") == true)
        #expect(commune.clauses["fee"]?.en.contains("0.032%") == true)
    }

    /// Core's rule, which the templates README documents: a fixed day of 31 in a 30-day month is the 30th.
    @Test func aDayMissingFromAMonthMovesToItsLastDay() throws {
        let yaml = Fixtures.template(obligations: """
          - code: day-31
            title: {vi: "Hạn ngày 31", en: "Due on the 31st"}
            responsible: transaction_office
            schedule: {kind: monthly, every: 1, day: 31}
            evidence: {vi: "Báo cáo", en: "Report"}
            grace_days: 0
        """)
        let template = try TemplateLoader.parse(yaml: yaml, file: "t.yaml")
        let start = try #require(LocalDate(year: 2024, month: 1, day: 1))
        let end = try #require(LocalDate(year: 2024, month: 12, day: 31))
        let dates = ObligationExpander.expand(template.obligations, contractStart: start, contractEnd: end,
                                              fixedDay: nil, window: start...end).map(\.dueDate.iso)
        #expect(dates.prefix(4) == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"])
    }
}
