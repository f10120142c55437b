import ArgumentParser
import EntrustConfig
import EntrustCore
import EntrustStore
import Foundation

/// Writes a line to stdout at once (no buffering), so that a killed worker's log is complete.
func printNow(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
