import Yams

/// Keeps anchors and aliases out of configuration files, without ever expanding one.
///
/// Yams resolves an alias while composing by copying the anchored node. The copies share storage,
/// but anything that walks or hashes the tree expands them, and Yams itself hashes mapping keys to
/// find duplicates, so `? *bomb` in a 1 KB file takes minutes inside `compose`. Hence this order:
///
/// 1. Every `*` followed by an anchor-name character is replaced by U+E000, a printable character
///    that is no YAML indicator and has the same length in columns. Inside quoted text, block text
///    or a plain scalar it only changes the text; where it was an alias it turns into a plain scalar
///    that starts with U+E000, which no real plain scalar can (it would have started with `*`).
/// 2. The defused text is composed: it has no alias, so nothing can expand. Any node with an anchor
///    and any scalar starting with U+E000 is reported.
/// 3. Only when nothing was found is the original text composed for its true contents.
enum AliasGuard {
    static let marker: Unicode.Scalar = "\u{E000}"

    /// `text` with every possible alias indicator replaced by `marker`.
    static func defuse(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains("*") else { return text }
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "*", index + 1 < scalars.count, isAnchorCharacter(scalars[index + 1]) {
                result.append(marker)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Reports every anchored node and every defused alias; true when there was any.
    /// The tree must come from defused text (no aliases), so the walk is linear.
    static func refuseAnchors(in root: Node, log: IssueLog) -> Bool {
        var found = false
        var stack = [root]
        while let node = stack.popLast() {
            let isAlias: Bool
            if case let .scalar(scalar) = node, scalar.style == .plain || scalar.style == .any {
                isAlias = scalar.string.unicodeScalars.first == marker
            } else {
                isAlias = false
            }
            if node.anchor != nil || isAlias {
                found = true
                log.add(line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, field: "",
                        message: "anchors and aliases are not allowed (&name, *name): write the value out in full")
            }
            switch node {
            case let .mapping(mapping):
                for (key, value) in mapping.reversed() {
                    stack.append(value)
                    stack.append(key)
                }
            case let .sequence(sequence):
                stack.append(contentsOf: sequence.reversed())
            case .scalar, .alias:
                break
            }
        }
        return found
    }

    /// The characters libyaml accepts in an anchor name: ASCII letters, digits, `-` and `_`.
    private static func isAnchorCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_": return true
        default: return false
        }
    }
}
