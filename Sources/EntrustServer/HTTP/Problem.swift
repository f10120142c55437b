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
            case let .invalid(field, _, _):
                return Problem(type: "invalid-field", title: "Invalid field", status: 400, detail: store.description,
                               field: field.trimmingCharacters(in: CharacterSet(charactersIn: "-")).replacingOccurrences(of: "-", with: "_"))
            case .duplicate:
                return Problem(type: "conflict", title: "Already exists", status: 409, detail: store.description, field: nil)
            case .rule:
                return Problem(type: "conflict", title: "Not allowed in this state", status: 409, detail: store.description, field: nil)
            case let .domain(core):
                return from(core)
            case .rows:
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
        case let .invalidDate(field, _), let .invalidValue(field, _, _), let .yearOutOfRange(field, _, _), let .invalidText(field, _, _):
            return Problem(type: "invalid-field", title: "Invalid field", status: 400, detail: core.description,
                           field: field.trimmingCharacters(in: CharacterSet(charactersIn: "-")).replacingOccurrences(of: "-", with: "_"))
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
        case let .invalidDateTime(name, _, _): field = name.trimmingCharacters(in: CharacterSet(charactersIn: "-")).replacingOccurrences(of: "-", with: "_")
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
