import ArgumentParser
import EntrustConfig
import EntrustCore
import EntrustStore
import Foundation

/// `guarded` for async command bodies: any error becomes one `error: …` line and exit status 1.
func guardedAsync(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        let message: String
        switch error {
        case let store as StoreError: message = store.description
        case let core as CoreError: message = core.description
        case let config as ConfigError: message = "invalid configuration:\n" + config.description
        default: message = String(describing: StoreError.from(error))
        }
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        throw ExitCode.failure
    }
}

/// Writes a line to stdout at once (no buffering), so that a killed worker's log is complete.
func printNow(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
