import EntrustConfig
import EntrustCore
import Foundation
import Testing

@Suite struct TemplateLoaderTests {
    func issues(_ yaml: String, file: String = "t.yaml") -> [ConfigIssue] {
        do {
            _ = try TemplateLoader.parse(yaml: yaml, file: file)
            return []
        } catch {
            return error.issues
        }
    }

    func obligationIssues(_ obligation: String) -> [ConfigIssue] {
        issues(Fixtures.template(obligations: obligation))
    }

    @Test func theFixtureIsValid() throws {
        let template = try TemplateLoader.parse(yaml: Fixtures.template(), file: "t.yaml")
        #expect(template.code == "test-template")
        #expect(template.obligations.first?.schedule == .afterEvent(.disbursement, days: 30))
        #expect(template.clauses.count == 4)
    }

    @Test func everyMistakeIsReportedWithItsLineAndField() {
        let yaml = """
        code: bad-template
        version: "1"
        kind: commune_entrustment
        title: {vi: "Hợp đồng thử", en: "Test contract"}
        parties: [transaction_office, commune_association]
        term_months: twelve
        tasks:
          - code: propaganda
            area: propaganda
            title: {vi: "Tuyên truyền", en: "Propaganda"}
        clauses:
          fee: {vi: "Phí", en: "Fee"}
          amendment: {vi: "Sửa đổi", en: "Amendment"}
          renewal: {vi: "Gia hạn", en: "Renewal"}
          termination: {vi: "Chấm dứt", en: "Termination"}
        obligations:
          - code: first
            titel: {vi: "Một", en: "One"}
            responsible: commune_association
            schedule: {kind: fortnightly}
            evidence: {vi: "Biên bản", en: "Minutes"}
            grace_days: 0
          - code: second
            responsible: commune_association
            participants: [bank_officer, village_head]
            schedule: {kind: yearly, every: 1, month: 2, day: 30}
            evidence: {vi: "Biên bản", en: "Minutes"}
            grace_days: 0
        """
        let found = issues(yaml, file: "bad.yaml")
        let parties = Party.allCases.map(\.rawValue).joined(separator: ", ")
        let kinds = ObligationSchedule.kindNames.joined(separator: ", ")
        #expect(found.map { "\($0.line) \($0.field): \($0.message)" } == [
            "6 term_months: expected an integer, found 'twelve'",
            "18 obligations[0].title: missing required key 'title'; found unknown key 'titel': is it misspelt?",
            "20 obligations[0].schedule.kind: unknown value 'fortnightly' (expected one of: \(kinds))",
            "23 obligations[1].title: missing required key 'title' in an obligation",
            "25 obligations[1].participants[1]: unknown value 'village_head' (expected one of: \(parties))",
            "26 obligations[1].schedule.day: day 30 does not exist in February (at most 29 days)",
        ])
        #expect(found.first?.description == "bad.yaml:6:14: term_months: expected an integer, found 'twelve'")
        #expect(found.allSatisfy { $0.file == "bad.yaml" })
    }

    @Test func twentyNinthOfFebruaryIsAllowed() throws {
        let template = try TemplateLoader.parse(yaml: Fixtures.template(obligations: """
          - code: leap
            title: {vi: "Hạn 29/2", en: "Due 29 Feb"}
            responsible: commune_association
            schedule: {kind: yearly, every: 1, month: 2, day: 29}
            evidence: {vi: "Báo cáo", en: "Report"}
            grace_days: 0
        """), file: "t.yaml")
        #expect(template.obligations[0].schedule == .yearly(every: 1, month: 2, day: 29))
    }

    @Test func duplicateObligationCodesAreRefused() {
        let found = obligationIssues(Fixtures.defaultObligation + "\n" + Fixtures.defaultObligation)
        #expect(found.map(\.message) == ["duplicate obligation code 'loan-use-check' (first used on line 17)"])
        #expect(found.first?.line == 24)
        #expect(found.first?.field == "obligations[1].code")
    }

    @Test func aScheduleTakesExactlyTheFieldsOfItsKind() {
        let found = obligationIssues("""
          - code: stats
            title: {vi: "Thống kê", en: "Statistics"}
            responsible: transaction_office
            schedule: {kind: monthly, day: 10, month: 3}
            evidence: {vi: "Báo cáo", en: "Report"}
            grace_days: 0
        """)
        #expect(found.map(\.message) == [
            "missing required key 'every' in a schedule of kind 'monthly'",
            "unknown key 'month' in a schedule of kind 'monthly' (expected one of: kind, every, day)",
        ])
        #expect(found.map(\.field) == ["obligations[0].schedule.every", "obligations[0].schedule.month"])
    }

    @Test func aMisspeltScheduleFieldIsOneIssue() {
        let found = obligationIssues("""
          - code: check
            title: {vi: "Kiểm tra", en: "Check"}
            responsible: commune_association
            schedule: {kind: after_event, event: disbursement, day: 30}
            evidence: {vi: "Mẫu 06/TD", en: "Form 06/TD"}
            grace_days: 0
        """)
        #expect(found.map(\.message) == ["missing required key 'days'; found unknown key 'day': is it misspelt?"])
    }

    @Test func rangesAndTypesAreChecked() {
        let found = obligationIssues("""
          - code: check
            title: {vi: "Kiểm tra", en: "Check"}
            responsible: commune_association
            schedule: {kind: monthly, every: 0, day: "10"}
            evidence: {vi: "Mẫu 06/TD"}
            grace_days: -1
        """)
        #expect(found.map(\.message) == [
            "must be at least 1, found 0",
            "expected an integer, found the quoted text '10' (write numbers without quotes)",
            "missing required key 'en' in a text in two languages",
            "must be at least 0, found -1",
        ])
        #expect(found.map(\.field) == [
            "obligations[0].schedule.every", "obligations[0].schedule.day",
            "obligations[0].evidence.en", "obligations[0].grace_days",
        ])
    }

    @Test func quotaTargetsAreChecked() {
        let found = obligationIssues("""
          - code: inspect
            title: {vi: "Kiểm tra tổ", en: "Inspect groups"}
            responsible: commune_association
            schedule:
              kind: yearly_quota
              targets:
                - {subject: groups, percent: 120}
                - {subject: households, percent: 10, per_item_minimum: 5}
              month: 13
              day: 31
            evidence: {vi: "Biên bản", en: "Reports"}
            grace_days: 0
        """)
        #expect(found.map(\.message) == [
            "must be between 1 and 100, found 120",
            "per_item_minimum needs per_item_unit (at least how many of what?)",
            "must be between 1 and 12, found 13",
        ])
        #expect(found.map(\.line) == [23, 24, 25])
    }

    @Test func anEmptyQuotaIsRefused() {
        let found = obligationIssues("""
          - code: inspect
            title: {vi: "Kiểm tra tổ", en: "Inspect groups"}
            responsible: commune_association
            schedule: {kind: yearly_quota, targets: [], month: 12, day: 31}
            evidence: {vi: "Biên bản", en: "Reports"}
            grace_days: 0
        """)
        #expect(found.map { "\($0.field): \($0.message)" } == ["obligations[0].schedule.targets: must not be empty"])
    }

    @Test func theResponsiblePartyIsNotAlsoAParticipant() {
        let found = obligationIssues("""
          - code: check
            title: {vi: "Kiểm tra", en: "Check"}
            responsible: commune_association
            participants: [commune_association, bank_officer, bank_officer]
            schedule: {kind: transaction_day}
            evidence: {vi: "Biên bản", en: "Minutes"}
            grace_days: 0
        """)
        #expect(found.map(\.message) == [
            "'commune_association' is already the responsible party; list only the others who take part",
            "'bank_officer' is listed twice",
        ])
    }

    @Test func anUnknownResponsiblePartyIsAnError() {
        let found = obligationIssues("""
          - code: check
            title: {vi: "Kiểm tra", en: "Check"}
            responsible: commune_asociation
            schedule: {kind: transaction_day}
            evidence: {vi: "Biên bản", en: "Minutes"}
            grace_days: 0
        """)
        #expect(found.count == 1)
        #expect(found.first?.field == "obligations[0].responsible")
        #expect(found.first?.message.hasSuffix("did you mean 'commune_association'?") == true)
    }

    @Test func partiesMustBeTheBankAndTheSideTheKindNames() {
        func partiesIssues(_ parties: String) -> [String] {
            issues(Fixtures.template().replacingOccurrences(
                of: "parties: [transaction_office, commune_association]", with: "parties: \(parties)")).map(\.message)
        }
        #expect(partiesIssues("[transaction_office]") == ["expected exactly two parties (the bank side first), found 1"])
        #expect(partiesIssues("[commune_association, transaction_office]") == [
            "the first party must be the bank side (transaction_office or provincial_branch), found 'commune_association'",
            "a commune_entrustment contract is signed with commune_association, found 'transaction_office'",
        ])
        #expect(partiesIssues("[transaction_office, district_association]") == [
            "a commune_entrustment contract is signed with commune_association, found 'district_association'",
        ])
    }

    @Test func theTemplateHeaderIsChecked() {
        let yaml = Fixtures.template()
            .replacingOccurrences(of: "code: test-template", with: "code: test template!")
            .replacingOccurrences(of: "version: \"1\"", with: "version: \"\"")
            .replacingOccurrences(of: "kind: commune_entrustment", with: "kind: commune")
            .replacingOccurrences(of: "term_months: 12", with: "term_months: 0")
            .replacingOccurrences(of: "  renewal: {vi: \"Gia hạn\", en: \"Renewal\"}\n", with: "")
            .replacingOccurrences(of: "area: propaganda", with: "area: publicity")
        let found = issues(yaml)
        #expect(found.map { "\($0.line) \($0.field): \($0.message)" } == [
            "1 code: 'test template!' is not a valid code: use only letters a-z and A-Z, digits, '-' and '_'",
            "2 version: must not be empty",
            "3 kind: unknown value 'commune' (expected one of: commune_entrustment, district_agreement, provincial_agreement, group_mandate)",
            "6 term_months: must be at least 1, found 0",
            "9 tasks[0].area: unknown value 'publicity' (expected one of: propaganda, supervision, coordination)",
            "12 clauses: missing clause 'renewal' (every template needs: fee, amendment, renewal, termination)",
        ])
    }

    @Test func anUnknownRootKeyIsNamed() {
        let found = issues(Fixtures.template().replacingOccurrences(of: "term_months: 12", with: "term_months: 12\nterm_years: 1"))
        #expect(found.map(\.message) == [
            "unknown key 'term_years' in a contract template (expected one of: code, version, kind, title, parties, term_months, tasks, clauses, obligations)",
        ])
        #expect(found.first?.line == 7)
    }

    @Test func loadAllFlagsDuplicateTemplateCodesAndKeepsGoing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("entrust-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Fixtures.template(code: "same").write(to: directory.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try Fixtures.template(code: "same").write(to: directory.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        try "code: [broken".write(to: directory.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        try Fixtures.template(code: "other").write(to: directory.appendingPathComponent("d.yaml"), atomically: true, encoding: .utf8)
        try "not a template".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        let result = TemplateLoader.loadAll(directory: directory)
        #expect(result.templates.map(\.code) == ["same", "other"])
        #expect(result.issues.count == 2)
        let duplicate = try #require(result.issues.first)
        #expect(duplicate.file.hasSuffix("b.yaml"))
        #expect((duplicate.line, duplicate.column, duplicate.field) == (1, 7, "code"))
        #expect(duplicate.message == "template code 'same' is already used by \(directory.appendingPathComponent("a.yaml").relativePath)")
        #expect(result.issues.last?.file.hasSuffix("c.yaml") == true)
        #expect(result.issues.last?.message.hasPrefix("YAML syntax error") == true)
    }

    @Test func anUnreadableFileIsNamed() {
        let missing = URL(fileURLWithPath: "/nonexistent/entrust/x.yaml")
        #expect {
            _ = try TemplateLoader.load(file: missing)
        } throws: { error in
            let issues = (error as? ConfigError)?.issues ?? []
            return issues.count == 1 && issues[0].file == "/nonexistent/entrust/x.yaml"
                && issues[0].message.hasPrefix("cannot read the file")
                && issues[0].description.hasPrefix("/nonexistent/entrust/x.yaml: cannot read the file")
        }
    }
}
