import Foundation

/// Shared YAML snippets for the tests.
enum Fixtures {
    /// The repository's `contracts/templates`: this file is `<root>/Tests/EntrustConfigTests/Fixtures.swift`.
    static let templatesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contracts/templates")

    /// A valid template; `obligations` is pasted in at the end (indented by two spaces per item line).
    static func template(code: String = "test-template", obligations: String = defaultObligation) -> String {
        """
        code: \(code)
        version: "1"
        kind: commune_entrustment
        title: {vi: "Hợp đồng thử", en: "Test contract"}
        parties: [transaction_office, commune_association]
        term_months: 12
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
        \(obligations)
        """
    }

    static let defaultObligation = """
      - code: loan-use-check
        title: {vi: "Kiểm tra sử dụng vốn vay", en: "Check loan use"}
        responsible: commune_association
        participants: [bank_officer]
        schedule: {kind: after_event, event: disbursement, days: 30}
        evidence: {vi: "Mẫu 06/TD", en: "Form 06/TD"}
        grace_days: 0
    """
}
