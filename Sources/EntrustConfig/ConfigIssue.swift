/// One problem in a configuration file, located precisely enough for a person to fix it.
///
/// `line` and `column` start at 1; both are 0 for problems with the file as a whole
/// (it cannot be read, it is a duplicate of another file).
public struct ConfigIssue: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as it was named to the loader (a relative path stays relative).
    public var file: String
    public var line: Int
    public var column: Int
    /// A dotted path to the value, such as `obligations[3].schedule.kind` (list indexes start at 0);
    /// empty when the problem is not about one field (a YAML syntax error).
    public var field: String
    public var message: String

    public init(file: String, line: Int, column: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// `file:line:column: field: message`, the shape compilers use, so editors can jump to it.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line):\(column)" }
        text += ": "
        if !field.isEmpty { text += "\(field): " }
        return text + message
    }
}
