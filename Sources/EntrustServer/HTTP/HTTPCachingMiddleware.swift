import CompressNIO
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Conditional GETs and compression, for officers on 3G.
///
/// - A successful `GET` gets a weak `ETag` computed from its body (Hummingbird answers `HEAD` with an empty body,
///   which passes through untouched); a request whose `If-None-Match` names it is
///   answered `304 Not Modified` with no body. The tag is derived from what the account was shown, so two accounts
///   never share one, and a page changes its tag the moment its data does. Nothing is cached on the server.
/// - A body of a textual type (HTML, JSON, problem documents, ICS, CSV, YAML) of at least `minimumSize` bytes is
///   gzipped when the request's `Accept-Encoding` allows it; `Vary: Accept-Encoding` says so to caches.
///
/// Every body entrust answers is one buffer of known length (pages cost what they show), so both work on the whole
/// body; a body of unknown length (a stream) passes through untouched.
struct HTTPCachingMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Below this, gzip's header and the CPU cost more than the bytes saved.
    static let minimumSize = 1024
    /// The types worth compressing: text. Images and archives are compressed already.
    static let compressible: [String] = ["text/html", "text/calendar", "text/csv", "text/plain", "application/json",
                                         "application/problem+json", "application/yaml", "application/x-yaml"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard let length = response.body.contentLength, length > 0, response.headers[.contentEncoding] == nil else {
            return response
        }
        let conditional = (request.method == .get || request.method == .head) && response.status == .ok
        let compressible = Self.isCompressible(response.headers[.contentType])
        guard conditional || compressible else { return response }

        var body = try await Self.collect(response.body)
        if conditional {
            let tag = response.headers[.eTag] ?? Self.entityTag(of: body)
            response.headers[.eTag] = tag
            // Never a 304 for an answer that sets a cookie (a language switch): the cookie would be lost with the body.
            if let wanted = request.headers[.ifNoneMatch], Self.matches(wanted, tag), response.headers[.setCookie] == nil {
                var headers: HTTPFields = [:]
                // RFC 9110 §15.4.5: the fields a 200 would have carried that describe caching.
                for name in [HTTPField.Name.eTag, .cacheControl, .vary, .contentLocation, .expires, .xContentTypeOptions] {
                    if let value = response.headers[name] { headers[name] = value }
                }
                if compressible { headers[.vary] = Self.addingAcceptEncoding(to: headers[.vary]) }
                // No Content-Length: a 304's would have to be the 200's (RFC 9110 §8.6), and it has no body to measure.
                var notModified = Response(status: .notModified, headers: headers)
                notModified.headers[.contentLength] = nil
                return notModified
            }
        }
        if compressible {
            response.headers[.vary] = Self.addingAcceptEncoding(to: response.headers[.vary])
            if length >= Self.minimumSize, Self.acceptsGzip(request.headers[.acceptEncoding]) {
                let compressed = try body.compress(with: ZlibAlgorithm.gzip)
                response.headers[.contentEncoding] = "gzip"
                response.headers[.contentLength] = nil
                response.body = ResponseBody(byteBuffer: compressed)
                return response
            }
        }
        response.body = ResponseBody(byteBuffer: body)
        return response
    }

    // MARK: - Parts, each checked by HTTPCachingTests

    static func isCompressible(_ contentType: String?) -> Bool {
        guard let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return compressible.contains(type)
    }

    /// A weak tag: the same bytes give the same tag whether or not they travel gzipped.
    static func entityTag(of body: ByteBuffer) -> String {
        let digest = body.withUnsafeReadableBytes { SHA256.hash(data: $0) }
        return "W/\"" + digest.prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// `If-None-Match` against a tag with the weak comparison of RFC 9110 §8.8.3.2: `*`, or one of the listed tags
    /// with its `W/` set aside.
    static func matches(_ ifNoneMatch: String, _ tag: String) -> Bool {
        let opaque = { (value: Substring) -> Substring in
            let trimmed = value.drop { $0 == " " || $0 == "\t" }
            return trimmed.hasPrefix("W/") ? trimmed.dropFirst(2) : trimmed
        }
        let mine = opaque(Substring(tag))
        for candidate in ifNoneMatch.split(separator: ",") {
            let value = opaque(candidate).prefix { $0 != " " && $0 != "\t" }
            if value == "*" || value == mine { return true }
        }
        return false
    }

    /// Whether `Accept-Encoding` allows gzip: listed (or `*`) with a quality above zero (RFC 9110 §12.5.3).
    static func acceptsGzip(_ acceptEncoding: String?) -> Bool {
        guard let acceptEncoding else { return false }
        var gzip: Double?
        var any: Double?
        for item in acceptEncoding.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, !coding.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            if coding == "gzip" || coding == "x-gzip" { gzip = quality } else if coding == "*" { any = quality }
        }
        return (gzip ?? any ?? 0) > 0
    }

    static func addingAcceptEncoding(to vary: String?) -> String {
        guard let vary, !vary.isEmpty else { return "Accept-Encoding" }
        if vary.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == "accept-encoding" }) {
            return vary
        }
        return vary + ", Accept-Encoding"
    }

    /// The whole body as one buffer.
    static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let writer = CollectingWriter()
        try await body.write(writer)
        return writer.buffer
    }

    private final class CollectingWriter: ResponseBodyWriter {
        var buffer = ByteBuffer()
        func write(_ part: ByteBuffer) async throws { buffer.writeImmutableBuffer(part) }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
