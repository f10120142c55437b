/// The 18 columns of the monthly loan extract, in the order the bank's core system writes them (any order is read).
public enum LoanColumn: String, CaseIterable, Sendable {
    case loanID = "loan_id", borrowerID = "borrower_id", borrowerName = "borrower_name", groupCode = "group_code"
    case programmeCode = "programme_code", disbursedOn = "disbursed_on", maturityOn = "maturity_on"
    case disbursedAmount = "disbursed_amount", outstandingPerforming = "outstanding_performing"
    case outstandingOverdue = "outstanding_overdue", outstandingFrozen = "outstanding_frozen"
    case principalDue = "principal_due", principalCollected = "principal_collected"
    case interestDue = "interest_due", interestCollected = "interest_collected", interestArrears = "interest_arrears"
    case savingsBalance = "savings_balance", lastTransactionOn = "last_transaction_on"

    /// The amount columns after `disbursed_amount`, in whole đồng; an empty cell is 0.
    static let amounts: [LoanColumn] = [.outstandingPerforming, .outstandingOverdue, .outstandingFrozen, .principalDue,
                                        .principalCollected, .interestDue, .interestCollected, .interestArrears, .savingsBalance]

    /// The header line of a file in the standard order.
    public static var headerLine: String { allCases.map(\.rawValue).joined(separator: ",") }

    /// The column a person probably meant by a misspelt header (`outstanding_overdu` → `outstanding_overdue`).
    static func closest(to name: String) -> LoanColumn? {
        let scored = allCases.map { ($0, editDistance(name.lowercased(), $0.rawValue)) }.filter { $0.1 <= 3 }
        guard let best = scored.map(\.1).min() else { return nil }
        let winners = scored.filter { $0.1 == best }
        return winners.count == 1 ? winners[0].0 : nil
    }

    /// Levenshtein distance for "did you mean" on the header. Hand-written (a dozen lines): EntrustConfig's `Spelling`
    /// is not visible from the store, and no dependency is worth adding for it.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
