import EntrustConfig
import EntrustCore
import EntrustStore
import Foundation

extension GlobalOptions {
    /// Reads a file under the contracts folder at run time, so that editing it changes the next run without a rebuild.
    private func contractsFile(_ path: String) throws -> URL {
        let file = contractsFolder.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw StoreError.invalid(field: "--contracts", value: contractsFolder.path,
                                     reason: "has no \(path) (run from the entrust folder or pass --contracts DIR)")
        }
        return file
    }

    /// `<contracts>/scorecards/group.yaml`.
    func groupScorecards() throws -> [Scorecard] {
        try ScorecardLoader.load(file: try contractsFile("scorecards/group.yaml"))
    }

    /// `<contracts>/scorecards/association.yaml`.
    func associationScorecards() throws -> [AssociationScorecard] {
        try AssociationScorecardLoader.load(file: try contractsFile("scorecards/association.yaml"))
    }

    /// Every version in `<contracts>/fees/*.yaml` (versions from several files are merged by month).
    func feeSchedules() throws -> [FeeSchedule] {
        let folder = try contractsFile("fees")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        var all: [FeeSchedule] = []
        for file in files { all += try FeeScheduleLoader.load(file: file) }
        return all.sorted { $0.effectiveFrom < $1.effectiveFrom }
    }

    /// A `--month` option.
    func month(_ text: String) throws -> YearMonth {
        try YearMonth.parse(text, field: "--month")
    }
}
