import EntrustCore
import Foundation
import Hummingbird

/// Reading request bodies and query strings, with errors that name the field.
enum RequestInput {
    /// Reads the whole body, refusing more than `limit` bytes with 413.
    static func body(_ request: inout Request, limit: Int) async throws -> Data {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw ServerError.tooLarge(limit: limit) }
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            throw ServerError.tooLarge(limit: limit)
        }
    }

    /// Decodes a JSON body; malformed JSON or a wrong type answers 400 naming the field.
    static func json<T: Decodable>(_ type: T.Type, _ request: inout Request, limit: Int) async throws -> T {
        let data = try await body(&request, limit: limit)
        guard !data.isEmpty else { throw ServerError.malformedBody("the request needs a JSON body") }
        try TextGuard.check(json: data)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        }
    }

    static func describe(_ error: DecodingError) -> ServerError {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "body" : text
        }
        switch error {
        case let .typeMismatch(type, context):
            return .invalid(field: path(context), reason: "expected \(jsonName(type))")
        case let .valueNotFound(type, context):
            return .invalid(field: path(context), reason: "expected \(jsonName(type)), found null")
        case let .keyNotFound(key, context):
            return .invalid(field: path(context, key), reason: "is required")
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty { return .malformedBody("the body is not valid JSON") }
            return .invalid(field: path(context), reason: "has an invalid value")
        @unknown default:
            return .malformedBody("the body could not be read")
        }
    }

    /// How a JSON type is called in an error. Keyed types are asked about first: a dictionary is also a Collection, and
    /// JSONDecoder reports an expected object as `[String: Any]`, which must read "an object", not "an array".
    static func jsonName(_ type: Any.Type) -> String {
        switch type {
        case is any JSONKeyedType.Type: "an object"
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Bool.Type: "true or false"
        case is Double.Type: "a number"
        default: type is any Collection.Type ? "an array" : "an object"
        }
    }

    /// Parses an `application/x-www-form-urlencoded` body.
    static func form(_ request: inout Request, limit: Int) async throws -> [String: String] {
        let data = try await body(&request, limit: limit)
        let fields = parseForm(String(decoding: data, as: UTF8.self))
        try TextGuard.check(form: fields)
        return fields
    }

    static func parseForm(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let key = decode(parts[0])
            if fields[key] == nil { fields[key] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }

    /// Encodes fields as a query string (for carrying a form through sign-in).
    static func encodeForm(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { key, value in
            (key.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
    }

    /// A query parameter, percent-decoded.
    static func query(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters.get(name) else { return nil }
        let decoded = value.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? value
        return decoded.isEmpty ? nil : decoded
    }

    static func queryInt(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = query(request, name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ServerError.invalid(field: name, reason: "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    static func queryDate(_ request: Request, _ name: String) throws -> LocalDate? {
        guard let text = query(request, name) else { return nil }
        return try LocalDate.parse(text, field: name)
    }

    static func queryChoice(_ request: Request, _ name: String, _ allowed: [String]) throws -> String? {
        guard let text = query(request, name) else { return nil }
        guard allowed.contains(text) else { throw ServerError.invalid(field: name, reason: "expected one of \(allowed.joined(separator: ", "))") }
        return text
    }

    /// A path parameter, percent-decoded.
    static func parameter(_ context: AppRequestContext, _ name: String) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }
}

/// Marks the types JSON writes as an object, so that `RequestInput.jsonName` can tell them from arrays.
protocol JSONKeyedType {}
extension Dictionary: JSONKeyedType {}
