import EntrustCore
import Foundation
import GRDB

/// Synthetic data for `entrust bench`, written straight into a throwaway database (never a real one): the
/// benchmark measures meeting expansion and writes, so its groups are made in one statement without audit rows.
public struct BenchmarkStore: Sendable {
    public let database: AppDatabase
    public init(_ database: AppDatabase) { self.database = database }

    /// One commune, one association, and `count` active groups `BENCH-G1…`, in one statement.
    public func makeGroups(_ count: Int) throws -> [String] {
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO admin_unit (code, kind, name) VALUES ('BENCHP', 'province', 'Bench');
                INSERT INTO admin_unit (code, kind, name, parent_id) VALUES ('BENCHC', 'commune', 'Bench', (SELECT id FROM admin_unit WHERE code = 'BENCHP'));
                INSERT INTO association (code, kind, level, name, admin_unit_id)
                    VALUES ('BENCH-HND', 'farmers', 'commune', 'Bench', (SELECT id FROM admin_unit WHERE code = 'BENCHC'));
                """)
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                INSERT INTO savings_group (code, name, commune_id, association_id, founded_on)
                SELECT 'BENCH-G' || i, 'Tổ ' || i, (SELECT id FROM admin_unit WHERE code = 'BENCHC'),
                       (SELECT id FROM association WHERE code = 'BENCH-HND'), '2020-01-01' FROM n
                """, arguments: [count])
            return (1...count).map { "BENCH-G\($0)" }
        }
    }

    public func occurrenceCount() throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meeting") ?? 0 }
    }
}
