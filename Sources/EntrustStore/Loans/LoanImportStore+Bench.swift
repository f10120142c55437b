import CSV
import Foundation

extension LoanImportStore {
    /// Reads every record with entrust's reader, validating each field as UTF-8, and counts them (for `entrust bench import`).
    public static func countRecords(_ path: String) throws -> Int {
        let reader = try CSVStreamReader(path: path)
        var count = 0
        while let record = try reader.next() {
            for index in 0..<record.count where !record.cell(index).isValidUTF8 { break }
            count += 1
        }
        return max(0, count - 1)
    }

    /// Reads up to `limit` records with yaslab/CSV.swift's stream reader and counts them, with the error it reports at the
    /// end, if any: the comparison behind the choice of a hand-written reader (README, "Benchmark").
    public static func countRecordsWithCSVSwift(_ path: String, limit: Int) throws -> (count: Int, error: String?) {
        guard let stream = InputStream(fileAtPath: path) else {
            throw StoreError.invalid(field: "file", value: path, reason: "cannot be read")
        }
        let reader = try CSVReader(stream: stream, hasHeaderRow: true)
        var count = 0
        while count < limit, reader.next() != nil { count += 1 }
        return (count, reader.error.map { String(describing: $0) })
    }
}
