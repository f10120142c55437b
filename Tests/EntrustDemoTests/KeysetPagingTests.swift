import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import Foundation
import Testing

/// The scoped lists page by keyset (issue 12): walking `next` from the first page gives every row of the list exactly
/// once and in the list's order, with any filter, on both engines; walking `previous` back gives the same pages; the
/// count stops at `ScopeStore.countCap`.
@Suite("Keyset paging of the scoped lists") struct KeysetPagingTests {
    /// Walks a list forward in pages of `size`, then back from the last page, and checks both against one read of
    /// the whole list.
    static func walk<Item>(_ name: String, size: Int = 7, key: (Item) -> String,
                           _ page: (Int, PageCursor?, PageCursor?) throws -> ScopeStore.Page<Item>) throws {
        let all = try page(100_000, nil, nil).items.map(key)
        var forward: [String] = []
        var pages: [[String]] = []
        var current = try page(size, nil, nil)
        #expect(current.previous == nil, "\(name): the first page has a previous page")
        while true {
            pages.append(current.items.map(key))
            forward += current.items.map(key)
            guard let next = current.next else { break }
            #expect(current.items.count == size, "\(name): a page before the last is short")
            current = try page(size, try PageCursor(token: next), nil)
            if forward.count > all.count { break }
        }
        #expect(forward == all, "\(name): forward walk \(forward.count) rows, list \(all.count)")
        #expect(Set(forward).count == forward.count, "\(name): a row came twice")
        // Back from the last page: each `previous` gives the page before, as it was seen going forward.
        var backward: [[String]] = [current.items.map(key)]
        while let previous = current.previous, backward.count <= pages.count {
            current = try page(size, nil, try PageCursor(token: previous))
            if !current.items.isEmpty { backward.append(current.items.map(key)) }
        }
        #expect(Array(backward.reversed()) == pages, "\(name): the backward walk differs")
    }

    @Test(arguments: TestEngine.enabled) func everyListWalksEveryRowOnceInOrder(engine: TestEngine) throws {
        let district = try SyntheticDistrict(engine: engine)
        let store = ScopeStore(district.database)
        let codes = try QueryPlanTests.Codes(district.database)
        let today = district.database.today
        let scopes: [(String, AccessScope)] = [("everything", .everything), ("office", .office(codes.office)), ("association", .association(codes.association))]
        for (scopeName, scope) in scopes {
            try Self.walk("contracts \(scopeName)", key: \ContractSummary.number) {
                try store.contracts(scope: scope, limit: $0, after: $1, before: $2)
            }
            try Self.walk("contracts active \(scopeName)", key: \ContractSummary.number) {
                try store.contracts(scope: scope, state: "active", kind: "commune_entrustment", limit: $0, after: $1, before: $2)
            }
            for status in [nil, "open", "late", "done"] as [String?] {
                try Self.walk("obligations \(status ?? "all") \(scopeName)", size: 50, key: \ObligationView.ref) {
                    try store.obligations(scope: scope, status: status, limit: $0, after: $1, before: $2)
                }
            }
            try Self.walk("obligations of a contract \(scopeName)", key: \ObligationView.ref) {
                try store.obligations(scope: scope, contract: codes.contract, dueFrom: today.adding(days: -400), limit: $0, after: $1, before: $2)
            }
            try Self.walk("groups \(scopeName)", key: \GroupView.code) { try store.groups(scope: scope, limit: $0, after: $1, before: $2) }
            try Self.walk("groups of a commune \(scopeName)", size: 2, key: \GroupView.code) {
                try store.groups(scope: scope, commune: codes.commune, status: "active", limit: $0, after: $1, before: $2)
            }
            try Self.walk("meetings \(scopeName)", size: 97, key: \MeetingView.ref) {
                try store.meetings(scope: scope, limit: $0, after: $1, before: $2)
            }
            try Self.walk("meetings of a group \(scopeName)", size: 3, key: \MeetingView.ref) {
                try store.meetings(scope: scope, group: codes.group, kind: "group_meeting", from: today.adding(days: -60), to: today.adding(days: 200),
                                   limit: $0, after: $1, before: $2)
            }
            try Self.walk("trainings \(scopeName)", key: { (t: TrainingView) in t.code + "@" + t.start }) {
                try store.trainings(scope: scope, limit: $0, after: $1, before: $2)
            }
            try Self.walk("evaluations \(scopeName)", key: { (e: MonthlyGroupScore) in e.month + "/" + e.evaluation.code }) {
                try store.evaluations(scope: scope, limit: $0, after: $1, before: $2)
            }
            try Self.walk("evaluations of a month \(scopeName)", size: 4, key: { (e: MonthlyGroupScore) in e.month + "/" + e.evaluation.code }) {
                try store.evaluations(scope: scope, month: district.month, association: nil, limit: $0, after: $1, before: $2)
            }
        }
        // The evaluations list is worst first within a month: totals never go down along a walk.
        let scores = try store.evaluations(scope: .everything, month: district.month, limit: 100_000).items.map(\.evaluation.total)
        #expect(!scores.isEmpty && scores == scores.sorted())
    }

    @Test(arguments: TestEngine.enabled) func theCountStopsAtTheCap(engine: TestEngine) throws {
        let district = try SyntheticDistrict(engine: engine)
        let store = ScopeStore(district.database)
        let codes = try QueryPlanTests.Codes(district.database)
        let rows = try district.database.backend.read { db in try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM meeting") ?? 0 }
        #expect(rows > ScopeStore.countCap, "the district has too few meetings to test the cap")
        let capped = try store.meetings(scope: .everything, limit: 5)
        #expect(capped.total == ScopeStore.countCap && capped.totalCapped && capped.next != nil)
        // Below the cap the count is exact.
        let exact = try store.meetings(scope: .everything, group: codes.group, limit: 5)
        let groupRows = try store.meetings(scope: .everything, group: codes.group, limit: 100_000).items.count
        #expect(exact.total == groupRows && !exact.totalCapped && groupRows < ScopeStore.countCap)
        // A cursor of another list, or no cursor at all, is an invalid `after`.
        #expect(throws: StoreError.self) { try store.contracts(scope: .everything, after: PageCursor([.integer(1)])) }
        #expect(throws: StoreError.self) { try PageCursor(token: "!!") }
        #expect(throws: StoreError.self) { try PageCursor(token: PageCursor([]).token) }
        let round = PageCursor([.text("2030-03-01T08:00"), .integer(-5), .text("TS-G07 Hội/ű")])
        #expect(try PageCursor(token: round.token) == round)
    }
}
