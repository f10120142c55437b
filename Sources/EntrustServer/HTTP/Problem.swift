import EntrustCore
import EntrustStore
import Foundation
import HTTPTypes
import Hummingbird

/// An RFC 9457 problem document: what went wrong, and with which field.
struct Problem: Codable, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var field: String?

    /// The problem an error turns into, or nil for an unexpected error (answered as a plain 500).
    static func from(_ error: any Error) -> Problem? {
        switch error {
        case let server as ServerError:
            return from(server)
        case let store as StoreError:
            switch store {
            case let .notFound(entity, key):
                return Problem(type: "not-found", title: "Not found", status: 404, detail: "unknown \(entity) '\(key)'", field: nil)
            case let .invalid(field, value, reason):
                let name = apiField(field)
                return Problem(type: "invalid-field", title: "Invalid field", status: 400,
                               detail: StoreError.invalid(field: name, value: value, reason: apiText(reason)).description, field: name)
            case .duplicate:
                return Problem(type: "conflict", title: "Already exists", status: 409, detail: store.description, field: nil)
            case let .rule(message):
                return Problem(type: "conflict", title: "Not allowed in this state", status: 409, detail: apiText(message), field: nil)
            case let .domain(core):
                return from(core)
            case let .rows(issues, total):
                // A single problem with an option (line 0) is one field of the request, named as the API names it.
                if total == 1, let only = issues.first, only.location.line == 0 {
                    let name = apiField(only.field)
                    return Problem(type: "invalid-field", title: "Invalid field", status: 400,
                                   detail: "\(name) '\(only.value)': \(apiText(only.reason))", field: name)
                }
                return Problem(type: "invalid-rows", title: "Invalid rows", status: 400, detail: store.description, field: nil)
            case .database:
                return Problem(type: "unavailable", title: "Database unavailable", status: 503, detail: store.description, field: nil)
            }
        case let core as CoreError:
            return from(core)
        case let calendar as CalendarError:
            return from(calendar)
        default:
            let translated = StoreError.from(error)
            if translated is StoreError { return from(translated) }
            return nil
        }
    }

    static func from(_ core: CoreError) -> Problem {
        switch core {
        case let .invalidDate(field, value):
            let name = apiField(field)
            return Problem(type: "invalid-field", title: "Invalid field", status: 400,
                           detail: CoreError.invalidDate(field: name, value: value).description, field: name)
        case let .invalidValue(field, value, expected):
            let name = apiField(field)
            return Problem(type: "invalid-field", title: "Invalid field", status: 400,
                           detail: CoreError.invalidValue(field: name, value: value, expected: apiText(expected)).description, field: name)
        case let .yearOutOfRange(field, value, years):
            let name = apiField(field)
            return Problem(type: "invalid-field", title: "Invalid field", status: 400,
                           detail: CoreError.yearOutOfRange(field: name, value: value, years: years).description, field: name)
        case let .invalidText(field, value, problem):
            let name = apiField(field)
            return Problem(type: "invalid-field", title: "Invalid field", status: 400,
                           detail: CoreError.invalidText(field: name, value: value, problem: problem).description, field: name)
        case .endBeforeStart:
            return Problem(type: "invalid-field", title: "Invalid field", status: 400, detail: core.description, field: "end")
        case .makerCannotApprove, .notAnApprover:
            return Problem(type: "forbidden", title: "Not allowed", status: 403, detail: core.description, field: nil)
        case .illegalTransition:
            return Problem(type: "conflict", title: "Not allowed in this state", status: 409, detail: core.description, field: nil)
        }
    }

    /// A date-time or recurrence rule that cannot be read (a `start` of "next Tuesday", an RRULE of nonsense) is the
    /// client's mistake: 400 naming the field, never a 500.
    static func from(_ calendar: CalendarError) -> Problem {
        let field: String
        switch calendar {
        case let .invalidDateTime(name, value, problem):
            field = apiField(name)
            return Problem(type: "invalid-field", title: "Invalid field", status: 400,
                           detail: CalendarError.invalidDateTime(field: field, value: value, problem: problem).description, field: field)
        case .nonexistentLunarDate: field = "lunar"
        case .noWorkingDay, .invalidHolidayRule:
            return Problem(type: "conflict", title: "Not possible with the holiday calendar", status: 409, detail: calendar.description, field: nil)
        default: field = "rrule"
        }
        return Problem(type: "invalid-field", title: "Invalid field", status: 400, detail: calendar.description, field: field)
    }

    static func from(_ error: ServerError) -> Problem {
        let status = Int(error.status.code)
        switch error {
        case let .notFound(what):
            return Problem(type: "not-found", title: "Not found", status: status, detail: what, field: nil)
        case .unauthorized:
            return Problem(type: "unauthorized", title: "Sign-in required", status: status,
                           detail: "sign in, or send an API token as Authorization: Bearer …", field: nil)
        case let .forbidden(what):
            return Problem(type: "forbidden", title: "Not allowed", status: status, detail: what, field: nil)
        case let .invalid(field, reason):
            return Problem(type: "invalid-field", title: "Invalid field", status: status, detail: "\(field): \(reason)", field: field)
        case let .malformedBody(what):
            return Problem(type: "malformed-body", title: "Malformed body", status: status, detail: what, field: "body")
        case let .tooLarge(limit):
            return Problem(type: "too-large", title: "Body too large", status: status, detail: "the body is larger than \(limit) bytes", field: "body")
        case let .tooManyAttempts(seconds):
            return Problem(type: "too-many-attempts", title: "Too many attempts", status: status,
                           detail: "too many failed sign-ins; try again in \(seconds) seconds", field: nil)
        case .csrf:
            return Problem(type: "csrf", title: "Form expired", status: status,
                           detail: "the form's security token is missing or wrong; reload the page and try again", field: "_csrf")
        case let .conflict(what):
            return Problem(type: "conflict", title: "Conflict", status: status, detail: what, field: nil)
        case let .notAvailable(what):
            return Problem(type: "not-available", title: "Not available in this build", status: status, detail: what, field: nil)
        }
    }

    // MARK: - CLI names to API names

    /// Store and core errors name the command-line option (`--on`, `--merged-into`), because the CLI is where most of
    /// them are first met; the API names its JSON fields and query parameters (`on`, `merged_into`). This is the one
    /// place that translates: dashes off the front, kebab case to snake case, and the few options whose API field is
    /// spelled differently.
    static func apiField(_ name: String) -> String {
        let bare = String(name.drop { $0 == "-" }).replacingOccurrences(of: "-", with: "_")
        return renamedFields[bare] ?? bare
    }

    /// Options whose API field has another name.
    static let renamedFields = ["duration": "duration_minutes"]

    /// A sentence with every `--option` outside backticks turned into its API field name (inside backticks it is a
    /// whole command line, which is an instruction for the server's operator and stays as it is).
    static func apiText(_ text: String) -> String {
        guard text.contains("--") else { return text }
        var result = ""
        for (index, span) in text.split(separator: "`", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { result += "`" }
            if index % 2 == 1 { result += span; continue }
            result += span.replacing(/--([a-z][a-z0-9-]*)/) { match in apiField(String(match.output.1)) }
        }
        return result
    }

    func response(headers extra: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var copy = self
        copy.type = "https://entrust.vbsp.org.vn/problems/" + type
        let data = (try? encoder.encode(copy)) ?? Data("{}".utf8)
        var headers = extra
        headers[.contentType] = "application/problem+json"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
