import EntrustCore
import Foundation

/// `TextRule` at the HTTP door: every string of a JSON body and every form field, with its kind read from its name,
/// before any handler sees it. A refusal names the field (JSON path or form name) and is a 400 problem document.
enum TextGuard {
    /// Field names that hold one-line text (names, codes, titles, places); everything else may be a note.
    static func kind(of field: String) -> TextRule.Kind {
        let key = field.split(separator: ".").last.map(String.init) ?? field
        let line: Set<String> = ["title", "location", "number", "code", "name", "username", "template", "office", "association", "point",
                                 "group", "kind", "status", "start", "end", "on", "month", "rrule", "holiday_policy", "merged_into",
                                 "bank_signatory", "association_signatory", "organiser", "audience", "trainer", "topic"]
        return line.contains(key) ? .line : .note
    }

    /// Checks every string inside a decoded JSON value.
    static func check(json data: Data) throws {
        guard let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return }
        try walk(value, path: "")
    }

    private static func walk(_ value: Any, path: String) throws {
        switch value {
        case let text as String:
            try TextRule.check(text, field: path.isEmpty ? "body" : path, kind: kind(of: path))
        case let object as [String: Any]:
            for (key, item) in object {
                try TextRule.check(key, field: path.isEmpty ? "body" : path, kind: .line)
                try walk(item, path: path.isEmpty ? key : "\(path).\(key)")
            }
        case let array as [Any]:
            for (index, item) in array.enumerated() { try walk(item, path: path.isEmpty ? "\(index)" : "\(path).\(index)") }
        default:
            return
        }
    }

    /// Checks every field of a form. `carry` (a form carried through sign-in, itself encoded) is checked when decoded;
    /// `next` is never stored and `WebController.safeNext` replaces anything unsafe in it with `/`.
    static func check(form fields: [String: String]) throws {
        for (name, value) in fields where !["carry", "_csrf", "next"].contains(name) {
            try TextRule.check(name, field: "form", kind: .line)
            let kind: TextRule.Kind = name.hasPrefix("draft_") || name == "password" ? .note : kind(of: name)
            try TextRule.check(value, field: name, kind: kind)
        }
    }
}
