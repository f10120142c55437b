import ArgumentParser
import EntrustConfig
import EntrustCore
import EntrustStore
import Foundation

/// Runs a command body; any error becomes one `error: …` line on stderr and exit status 1, never a stack trace or SQL.
func guarded(_ body: () throws -> Void) throws {
    do {
        try checkArguments()
        try body()
    } catch { throw report(error) }
}

/// The same for async command bodies.
func guardedAsync(_ body: () async throws -> Void) async throws {
    do {
        try checkArguments()
        try await body()
    } catch { throw report(error) }
}

/// Every argument is text a person typed: a control character (a NUL would cut it short in SQLite and the audit
/// row) is refused before anything runs; tabs and line breaks may stand in notes and evidence.
private func checkArguments() throws {
    for (index, argument) in CommandLine.arguments.dropFirst().enumerated() {
        if let problem = TextRule.controlCharacter(in: argument, allowingBreaks: true) {
            throw CoreError.invalidText(field: "argument \(index + 1)", value: String(argument.prefix(60)), problem: problem)
        }
    }
}

/// Prints an error as one `error: …` line (an `ExitCode` passes through) and returns the exit status to throw.
private func report(_ error: any Error) -> ExitCode {
    if let exit = error as? ExitCode { return exit }
    let message: String
    switch error {
    case let store as StoreError: message = store.description
    case let core as CoreError: message = core.description
    case let config as ConfigError: message = "invalid configuration:\n" + config.description
    default: message = String(describing: StoreError.from(error))
    }
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode.failure
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// A plain text table; widths count characters, so Vietnamese letters with diacritics line up.
func printTable(_ header: [String], _ rows: [[String]]) {
    var widths = header.map(\.count)
    for row in rows {
        for (index, cell) in row.enumerated() where index < widths.count {
            widths[index] = max(widths[index], cell.count)
        }
    }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
        }.joined(separator: "  ")
    }
    print(line(header))
    print(line(widths.map { String(repeating: "-", count: $0) }))
    rows.forEach { print(line($0)) }
}

/// Prints label/value pairs for `show` commands.
func printFields(_ pairs: [(String, String?)]) {
    let width = pairs.map(\.0.count).max() ?? 0
    for (label, value) in pairs {
        print(label + String(repeating: " ", count: width - label.count) + "  " + (value ?? "—"))
    }
}
