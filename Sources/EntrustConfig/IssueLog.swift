/// The issues found so far in one file, shared by all the readers of that file.
///
/// A class so that nested readers created inside closures append to the same list.
/// It never crosses an isolation boundary: a file is read synchronously on one task.
final class IssueLog {
    let file: String
    private(set) var issues: [ConfigIssue] = []

    init(file: String) {
        self.file = file
    }

    func add(line: Int, column: Int, field: String, message: String) {
        issues.append(ConfigIssue(file: file, line: line, column: column, field: field, message: message))
    }

    /// Issues in reading order: a person fixes a file from the top down.
    var sortedIssues: [ConfigIssue] {
        issues.enumerated().sorted { lhs, rhs in
            (lhs.element.line, lhs.element.column, lhs.offset) < (rhs.element.line, rhs.element.column, rhs.offset)
        }.map(\.element)
    }
}
