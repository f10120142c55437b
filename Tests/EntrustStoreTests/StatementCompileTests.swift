import EntrustCore
import EntrustEngineTestSupport
import EntrustStore
import Foundation
import Testing

/// Every SQL statement written in the store's source compiles on both engines, whether or not another test happens
/// to run it: a statement that only a rare path reaches (an error branch, a report nobody tested on PostgreSQL) must
/// not be the first to meet PostgreSQL's parser in production.
///
/// The statements are read from `Sources/EntrustStore` itself (`SwiftStringLiterals`): each string literal that
/// begins with `SELECT`, `INSERT`, `UPDATE`, `DELETE`, `WITH` or `VALUES`. A `\(…dialect.member)` inside one is
/// replaced by that engine's text; a literal built from other values at run time (a table name, a list of
/// placeholders) cannot be compiled here and is counted instead; the store suites run those on both engines.
@Suite struct StatementCompileTests {
    static let storeSources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/EntrustStore")

    static let statementStarts = ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "VALUES"]

    /// Literals that are the head of a statement another piece completes, though not written as `literal + …`:
    /// by file and the literal's first words.
    static let fragments: [(file: String, start: String)] = [
        ("Reports/ReportStore.swift", "WITH co AS (SELECT commune_id, MIN(parent_id) AS office_id"),
    ]

    /// Whether a statement exists for one engine only: reads of SQLite's catalogue (an export file is always SQLite).
    static func onlyFor(_ text: String) -> Dialect? {
        text.contains("sqlite_schema") || text.contains("pragma_") ? .sqlite : nil
    }

    /// Tables the store creates for the length of one transaction (or in an export file), created here first so that
    /// the statements over them compile: the store's own `CREATE TEMP TABLE` and `CREATE TABLE entrust_export`.
    static func isScratchTable(_ text: String) -> Bool {
        text.hasPrefix("CREATE TEMP TABLE") || text.hasPrefix("CREATE TABLE entrust_export")
    }

    struct Statement: CustomStringConvertible {
        var file: String
        var literal: SwiftStringLiterals.Literal
        var place: String { "Sources/EntrustStore/\(file):\(literal.line)" }
        var description: String { place }

        /// A piece of a statement (an operand of `+`, or listed in `fragments`), not a statement of its own.
        var isFragment: Bool {
            guard !literal.isConcatenated else { return true }
            let head = literal.text(resolving: { _ in "" }).trimmingCharacters(in: .whitespacesAndNewlines)
            return StatementCompileTests.fragments.contains { file == $0.file && head.hasPrefix($0.start) }
        }
    }

    /// Every string literal of the store's source that starts like SQL (`keywords`).
    static func literals(startingWith keywords: [String]) throws -> [Statement] {
        let files = try FileManager.default.subpathsOfDirectory(atPath: storeSources.path).filter { $0.hasSuffix(".swift") }.sorted()
        var found: [Statement] = []
        for file in files {
            let source = try String(contentsOf: storeSources.appendingPathComponent(file), encoding: .utf8)
            for literal in try SwiftStringLiterals.literals(in: source) where literal.startsLikeStatement(keywords) {
                found.append(Statement(file: file, literal: literal))
            }
        }
        return found
    }

    /// A `\(…dialect.member)` this test does not know: a new `Dialect` member must be added here, or the statements
    /// that use it would silently go unchecked.
    struct UnknownDialectMember: Error, CustomStringConvertible {
        var expression: String
        var description: String { "unknown dialect member in \\(\(expression)): add it to StatementCompileTests.dialectText" }
    }

    /// The text a dialect member stands for in `engine`'s SQL, or nil when `expression` names no dialect member.
    /// Throws `UnknownDialectMember` for a dialect member it does not know.
    static func dialectText(_ expression: String, _ dialect: Dialect) throws -> String? {
        guard expression.contains("dialect.") || expression.hasPrefix("Dialect.") else { return nil }
        let member = expression.split(separator: ".").last.map(String.init) ?? ""
        // A member taking a column name: `db.dialect.unindexed("state")`.
        if member.hasPrefix("unindexed("), let column = member.split(separator: "\"").dropFirst().first {
            return dialect.unindexed(String(column))
        }
        switch member {
        case "forUpdateSkipLocked": return dialect.forUpdateSkipLocked
        case "orderedJoin": return dialect.orderedJoin
        case "temporarySchema": return dialect.temporarySchema
        case "temporaryTableOptions": return dialect.temporaryTableOptions
        case "contractObligationsJoin": return dialect.contractObligationsJoin
        case "loanRowKey": return dialect.loanRowKey
        default: throw UnknownDialectMember(expression: expression)
        }
    }

    @Test func aDialectMemberTheTestDoesNotKnowIsAnErrorNotASkip() throws {
        #expect(try Self.dialectText("db.dialect.orderedJoin", .sqlite) == Dialect.sqlite.orderedJoin)
        #expect(try Self.dialectText("placeholders", .postgres) == nil)
        #expect(try Self.dialectText(#"db.dialect.unindexed("state")"#, .sqlite) == "+state")
        #expect(throws: UnknownDialectMember.self) { try Self.dialectText("db.dialect.somethingNew", .postgres) }
        #expect(throws: UnknownDialectMember.self) { try Self.dialectText("Dialect.postgres.somethingNew", .sqlite) }
    }

    @Test func theSourceIsReadAsSwiftReadsIt() throws {
        let source = #"""
            let a = "SELECT 1 -- \"quoted\" \\ done"
            // "SELECT not_a_statement"
            /* "SELECT nor_this" */
            let b = """
                SELECT x
                  FROM t \
                WHERE y = \(db.dialect.orderedJoin) AND z = \(f("a)b"))
                """
            let c = #"SELECT "raw" \(no)"#
            """#
        let literals = try SwiftStringLiterals.literals(in: source)
        #expect(literals.map(\.line) == [1, 4, 9])
        #expect(literals[0].text(resolving: { _ in nil }) == #"SELECT 1 -- "quoted" \ done"#)
        #expect(literals[1].text(resolving: { $0 == "db.dialect.orderedJoin" ? "JOIN" : "F" }) == "SELECT x\n  FROM t WHERE y = JOIN AND z = F")
        #expect(literals[1].interpolations == ["db.dialect.orderedJoin", #"f("a)b")"#])
        #expect(literals[2].text(resolving: { _ in nil }) == #"SELECT "raw" \(no)"#)
        #expect(literals.map(\.isConcatenated) == [false, false, false])
        #expect(try SwiftStringLiterals.literals(in: #"let s = "SELECT a" + from + "WHERE b""#).map(\.isConcatenated) == [true, true])
        #expect(throws: SwiftStringLiterals.Unterminated.self) { try SwiftStringLiterals.literals(in: "let broken = \"SELECT 1\nlet x = 2") }
    }

    @Test(arguments: TestEngine.enabled)
    func everyStatementOfTheStoreCompiles(engine: TestEngine) throws {
        let statements = try Self.literals(startingWith: Self.statementStarts).filter { !$0.isFragment }
        let scratch = try Self.literals(startingWith: ["CREATE"])
        // A guard against the reader silently finding nothing (a moved folder, a lexer that lost its way).
        #expect(statements.count > 250, "found only \(statements.count) statements in \(Self.storeSources.path)")
        let database = try engine.database()
        var compiled = 0
        var failures: [String] = []
        try database.backend.write { db in
            func resolved(_ statement: Statement) throws -> String? {
                // Every dialect member first: one this test does not know throws rather than skips the statement.
                var resolutions: [String: String] = [:]
                for expression in statement.literal.interpolations {
                    if let text = try Self.dialectText(expression, db.dialect) { resolutions[expression] = text }
                }
                // Built from other values at run time (a table name, a list of placeholders): the store suites run it.
                guard resolutions.count == Set(statement.literal.interpolations).count else { return nil }
                return statement.literal.text { resolutions[$0] }.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            for statement in scratch {
                if let text = try resolved(statement), Self.isScratchTable(text) { try db.execute(sql: text) }
            }
            for statement in statements {
                guard let text = try resolved(statement) else { continue }
                if let only = Self.onlyFor(text), only != db.dialect { continue }
                // A literal of several statements (a batch run by `execute`) is compiled one statement at a time.
                for part in text.components(separatedBy: ";\n") where !part.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    // A savepoint each, so that one failure on PostgreSQL does not abort the rest.
                    try db.execute(sql: "SAVEPOINT compile_check")
                    do {
                        try db.compileOnly(sql: part)
                        compiled += 1
                        try db.execute(sql: "RELEASE SAVEPOINT compile_check")
                    } catch {
                        failures.append("\(statement.place): \(error)\n\(part)")
                        try db.execute(sql: "ROLLBACK TO SAVEPOINT compile_check")
                        try db.execute(sql: "RELEASE SAVEPOINT compile_check")
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) statements do not compile on \(engine):\n\(failures.joined(separator: "\n\n"))")
        #expect(compiled > 250)
    }
}

/// Reads the string literals of a Swift source file, as the compiler does: `"…"`, `"""…"""` (indentation removed,
/// line continuations joined) and raw `#"…"#`, skipping comments; interpolations are kept as their expressions.
/// Hand-written because no mirrored package parses Swift short of swift-syntax, a heavy build for one test.
enum SwiftStringLiterals {
    struct Literal {
        enum Part: Equatable { case text(String), interpolation(String) }
        var line: Int
        var parts: [Part]
        /// Whether the literal is an operand of `+` (a piece of a longer string).
        var isConcatenated = false

        var interpolations: [String] {
            parts.compactMap { if case let .interpolation(expression) = $0 { return expression } else { return nil } }
        }

        /// The literal's text, with each interpolation replaced by what `resolve` gives for its expression (an
        /// unresolved one leaves its expression in place, in `\(…)`).
        func text(resolving resolve: (String) -> String?) -> String {
            parts.map { part in
                switch part {
                case let .text(text): return text
                case let .interpolation(expression): return resolve(expression) ?? "\\(\(expression))"
                }
            }.joined()
        }

        func startsLikeStatement(_ keywords: [String]) -> Bool {
            guard case let .text(first)? = parts.first else { return false }
            let head = String(first.drop(while: { $0.isWhitespace }).prefix(while: { $0.isLetter }))
            return keywords.contains(head)
        }
    }

    struct Unterminated: Error, CustomStringConvertible {
        var line: Int
        var description: String { "a string literal opened on line \(line) is not closed" }
    }

    static func literals(in source: String) throws -> [Literal] {
        let characters = Array(source)
        var index = 0
        var line = 1
        var found: [Literal] = []

        func peek(_ offset: Int = 0) -> Character? { index + offset < characters.count ? characters[index + offset] : nil }
        func starts(with text: String) -> Bool {
            matches(characters, at: index, Array(text))
        }

        while index < characters.count {
            let character = characters[index]
            if character == "\n" { line += 1; index += 1; continue }
            if starts(with: "//") {
                while let next = peek(), next != "\n" { index += 1 }
                continue
            }
            if starts(with: "/*") {
                while index < characters.count, !starts(with: "*/") {
                    if characters[index] == "\n" { line += 1 }
                    index += 1
                }
                index += 2
                continue
            }
            var hashes = 0
            while peek(hashes) == "#" { hashes += 1 }
            if peek(hashes) == "\"" {
                let opened = line
                var before = index - 1
                while before >= 0, characters[before].isWhitespace { before -= 1 }
                index += hashes
                let multiline = starts(with: "\"\"\"")
                index += multiline ? 3 : 1
                let body = try readBody(characters, &index, &line, hashes: hashes, multiline: multiline, opened: opened)
                var after = index
                while after < characters.count, characters[after].isWhitespace { after += 1 }
                let concatenated = (before >= 0 && characters[before] == "+") || (after < characters.count && characters[after] == "+")
                found.append(Literal(line: opened, parts: multiline ? removingIndentation(body) : body, isConcatenated: concatenated))
                continue
            }
            index += max(hashes, 1)
        }
        return found
    }

    private static func matches(_ characters: [Character], at index: Int, _ needle: [Character]) -> Bool {
        guard index + needle.count <= characters.count else { return false }
        for (offset, character) in needle.enumerated() where characters[index + offset] != character { return false }
        return true
    }

    /// Reads up to the closing delimiter; `index` is just after the opening one.
    private static func readBody(_ characters: [Character], _ index: inout Int, _ line: inout Int, hashes: Int, multiline: Bool,
                                 opened: Int) throws -> [Literal.Part] {
        let closing = Array(String(repeating: "\"", count: multiline ? 3 : 1) + String(repeating: "#", count: hashes))
        let escape = Array("\\" + String(repeating: "#", count: hashes))
        var parts: [Literal.Part] = []
        var text = ""
        func at(_ needle: [Character]) -> Bool { matches(characters, at: index, needle) }
        if multiline {
            // The content starts on the line after the opening delimiter.
            while index < characters.count, characters[index] != "\n" { index += 1 }
            index += 1
            line += 1
        }
        while true {
            guard index < characters.count else { throw Unterminated(line: opened) }
            if at(closing) {
                index += closing.count
                break
            }
            let character = characters[index]
            if character == "\n" {
                guard multiline else { throw Unterminated(line: opened) }
                line += 1
                text.append("\n")
                index += 1
                continue
            }
            if at(escape) {
                index += escape.count
                guard index < characters.count else { throw Unterminated(line: opened) }
                let next = characters[index]
                index += 1
                switch next {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "0": text.append("\0")
                case "\"": text.append("\"")
                case "'": text.append("'")
                case "\\": text.append("\\")
                case "\n":
                    // A line continuation: the newline and the next line's indentation go (indentation is removed
                    // later with the rest; the marker keeps the join).
                    line += 1
                    text.append("\u{1}")
                case "(":
                    if !text.isEmpty { parts.append(.text(text)); text = "" }
                    parts.append(.interpolation(try readInterpolation(characters, &index, &line, opened: opened)))
                case "u":
                    // \u{XXXX}
                    var digits = ""
                    index += 1
                    while index < characters.count, characters[index] != "}" { digits.append(characters[index]); index += 1 }
                    index += 1
                    if let scalar = UInt32(digits, radix: 16).flatMap(Unicode.Scalar.init) { text.unicodeScalars.append(scalar) }
                default: text.append(next)
                }
                continue
            }
            text.append(character)
            index += 1
        }
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }

    /// The expression of `\(…)` up to its matching parenthesis, stepping over nested parentheses and strings.
    private static func readInterpolation(_ characters: [Character], _ index: inout Int, _ line: inout Int, opened: Int) throws -> String {
        var depth = 1
        var expression = ""
        while index < characters.count {
            let character = characters[index]
            if character == "\"" {
                // A nested simple string literal, copied as it is.
                expression.append(character)
                index += 1
                while index < characters.count, characters[index] != "\"" {
                    if characters[index] == "\\" { expression.append(characters[index]); index += 1 }
                    expression.append(characters[index])
                    index += 1
                }
                expression.append("\"")
                index += 1
                continue
            }
            if character == "\n" { line += 1 }
            if character == "(" { depth += 1 }
            if character == ")" {
                depth -= 1
                if depth == 0 {
                    index += 1
                    return expression
                }
            }
            expression.append(character)
            index += 1
        }
        throw Unterminated(line: opened)
    }

    /// A multi-line literal loses the closing delimiter's indentation from every line, and its last newline.
    private static func removingIndentation(_ parts: [Literal.Part]) -> [Literal.Part] {
        // The last text part ends with "\n" + the closing delimiter's indentation.
        var parts = parts
        var indentation = ""
        if case let .text(last)? = parts.last {
            indentation = String(last.reversed().prefix(while: { $0 == " " || $0 == "\t" }).reversed())
            var trimmed = String(last.dropLast(indentation.count))
            if trimmed.hasSuffix("\n") { trimmed.removeLast() }
            parts[parts.count - 1] = .text(trimmed)
        }
        var atLineStart = true
        return parts.map { part in
            guard case let .text(text) = part else {
                atLineStart = false
                return part
            }
            var out = ""
            var rest = Substring(text)
            while !rest.isEmpty {
                if atLineStart, rest.hasPrefix(indentation) {
                    rest = rest.dropFirst(indentation.count)
                    atLineStart = false
                    continue
                }
                atLineStart = false
                let character = rest.removeFirst()
                if character == "\u{1}" {
                    // A continuation: drop the newline's following indentation as well.
                    if rest.hasPrefix(indentation) { rest = rest.dropFirst(indentation.count) }
                    continue
                }
                out.append(character)
                if character == "\n" { atLineStart = true }
            }
            return .text(out)
        }
    }
}
