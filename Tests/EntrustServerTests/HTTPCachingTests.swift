import CompressNIO
import EntrustCore
import EntrustEngineTestSupport
@testable import EntrustServer
import EntrustStore
import EntrustTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// ETag / If-None-Match with 304, and gzip, on pages, JSON and the calendar feed (HTTPCachingMiddleware).
@Suite("HTTP caching and compression", .serverLogOnFailure) struct HTTPCachingTests {
    static let gzip: HTTPFields = [.acceptEncoding: "gzip, deflate, br"]

    static func gunzip(_ buffer: ByteBuffer) throws -> String {
        var compressed = buffer
        return String(buffer: try compressed.decompress(with: ZlibAlgorithm.gzip))
    }

    @Test(arguments: TestEngine.enabled) func pagesJSONAndFeedsAreGzippedAndRevalidatedWith304(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let (cookie, csrf) = try fixture.session("tanson.officer")
        let token = try fixture.token("tanson.officer")
        let feed = try UserStore(fixture.database).createCalendarToken(.group(fixture.tanson.group), actor: Principal("setup"))
        let targets: [(uri: String, headers: HTTPFields, type: String)] = [
            ("/week", [.cookie: cookie], "text/html"),
            ("/groups/\(fixture.tanson.group)", [.cookie: cookie], "text/html"),
            ("/api/v1/obligations", Headers.bearer(token), "application/json"),
            ("/calendar/\(feed.secret).ics", [:], "text/calendar"),
        ]
        try await fixture.application().test(.router) { client in
            for target in targets {
                let plain = try await client.execute(uri: target.uri, method: .get, headers: target.headers) { $0 }
                #expect(plain.status == .ok, "\(target.uri)")
                #expect(plain.headers[.contentType]?.hasPrefix(target.type) == true, "\(target.uri): \(plain.headers[.contentType] ?? "")")
                #expect(plain.headers[.contentEncoding] == nil, "\(target.uri) was compressed for a client that did not ask")
                #expect(plain.headers[.vary]?.contains("Accept-Encoding") == true, "\(target.uri)")
                let tag = try #require(plain.headers[.eTag], "\(target.uri) has no ETag")
                #expect(tag.hasPrefix("W/\""))

                var asked = target.headers
                asked.append(contentsOf: Self.gzip)
                let zipped = try await client.execute(uri: target.uri, method: .get, headers: asked) { $0 }
                #expect(zipped.status == .ok)
                #expect(zipped.headers[.contentEncoding] == "gzip", "\(target.uri) was not gzipped (\(plain.body.readableBytes) bytes)")
                #expect(zipped.body.readableBytes < plain.body.readableBytes / 2, "\(target.uri): \(zipped.body.readableBytes) of \(plain.body.readableBytes) bytes")
                #expect(try Self.gunzip(zipped.body) == plain.text, "\(target.uri) does not unzip to what it says uncompressed")
                #expect(zipped.headers[.eTag] == tag, "\(target.uri): the tag depends on the encoding")

                var again = asked
                again[.ifNoneMatch] = "\"something-else\", " + tag
                let notModified = try await client.execute(uri: target.uri, method: .get, headers: again) { $0 }
                #expect(notModified.status == .notModified, "\(target.uri) answered \(notModified.status) to its own tag")
                #expect(notModified.body.readableBytes == 0)
                #expect(notModified.headers[.eTag] == tag)
                #expect(notModified.headers[.cacheControl] == plain.headers[.cacheControl])

                // A minute later nothing has changed: still the same tag (the feed's DTSTAMP is not this second's).
                fixture.clock.advance(seconds: 60)
                #expect(try await client.execute(uri: target.uri, method: .get, headers: again) { $0.status } == .notModified,
                        "\(target.uri) changed its tag a minute later with nothing changed")
                var stale = target.headers
                stale[.ifNoneMatch] = "W/\"0123456789abcdef0123456789abcdef\""
                #expect(try await client.execute(uri: target.uri, method: .get, headers: stale) { $0.status } == .ok)
            }

            // A change moves the tag: the week after the item is done is another page.
            let before = try await client.execute(uri: "/week", method: .get, headers: [.cookie: cookie]) { $0.headers[.eTag] ?? "" }
            #expect(!before.isEmpty)
            try await client.execute(uri: "/obligations/\(fixture.tanson.obligation)/done", method: .post, headers: Headers.form(cookie),
                                     body: formBody([("_csrf", csrf), ("evidence", "biên bản họp")])) { #expect($0.status == .seeOther) }
            var revalidate: HTTPFields = [.cookie: cookie]
            revalidate[.ifNoneMatch] = before
            let after = try await client.execute(uri: "/week", method: .get, headers: revalidate) { $0 }
            #expect(after.status == .ok, "the week kept its tag after an item was done")
            #expect(after.headers[.eTag] != before)

            // Switching the language sets a cookie: never a 304, even for a tag the browser still has.
            let english = try await client.execute(uri: "/week?lang=en", method: .get, headers: [.cookie: cookie]) { $0.headers[.eTag] ?? "" }
            var switchBack: HTTPFields = [.cookie: cookie]
            switchBack[.ifNoneMatch] = english
            try await client.execute(uri: "/week?lang=en", method: .get, headers: switchBack) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.setCookie]?.contains("lang") == true)
            }

            // Another account sees another page under another tag.
            let (admin, _) = try fixture.session("admin")
            let asAdmin = try await client.execute(uri: "/week", method: .get, headers: [.cookie: admin]) { $0.headers[.eTag] }
            #expect(asAdmin != after.headers[.eTag])
        }
    }

    @Test(arguments: TestEngine.enabled) func pagesAreKeptPrivatelyErrorsNotAtAllAndSigningOutClearsThem(engine: TestEngine) async throws {
        let fixture = try ServerFixture(engine: engine)
        let (cookie, csrf) = try fixture.session("tanson.officer")
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/week", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.headers[.cacheControl] == "private, no-cache")
            }
            try await client.execute(uri: "/no/such/page", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[.eTag] == nil)
            }
            try await client.execute(uri: "/api/v1/nothing-here", method: .get, headers: Self.gzip) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.eTag] == nil)
            }
            try await client.execute(uri: "/logout", method: .post, headers: Headers.form(cookie), body: formBody([("_csrf", csrf)])) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[HTTPField.Name("Clear-Site-Data")!] == "\"cache\"")
            }
        }
    }

    @Test func ifNoneMatchUsesTheWeakComparison() {
        let tag = "W/\"abc\""
        #expect(HTTPCachingMiddleware.matches("W/\"abc\"", tag))
        #expect(HTTPCachingMiddleware.matches("\"abc\"", tag))
        #expect(HTTPCachingMiddleware.matches("\"x\", W/\"abc\"", tag))
        #expect(HTTPCachingMiddleware.matches("*", tag))
        #expect(!HTTPCachingMiddleware.matches("\"abcd\"", tag))
        #expect(!HTTPCachingMiddleware.matches("\"ab\"", tag))
        #expect(!HTTPCachingMiddleware.matches("", tag))
    }

    @Test func acceptEncodingHonoursQualities() {
        #expect(HTTPCachingMiddleware.acceptsGzip("gzip"))
        #expect(HTTPCachingMiddleware.acceptsGzip("deflate, GZIP;q=0.5"))
        #expect(HTTPCachingMiddleware.acceptsGzip("*"))
        #expect(!HTTPCachingMiddleware.acceptsGzip("gzip;q=0"))
        #expect(!HTTPCachingMiddleware.acceptsGzip("gzip;q=0, *"))
        #expect(!HTTPCachingMiddleware.acceptsGzip("br, deflate"))
        #expect(!HTTPCachingMiddleware.acceptsGzip("identity"))
        #expect(!HTTPCachingMiddleware.acceptsGzip(nil))
        #expect(!HTTPCachingMiddleware.acceptsGzip(";;,,"))
    }

    @Test func onlyTextIsCompressedAndVaryIsKept() {
        #expect(HTTPCachingMiddleware.isCompressible("text/html; charset=utf-8"))
        #expect(HTTPCachingMiddleware.isCompressible("Application/Problem+JSON"))
        #expect(HTTPCachingMiddleware.isCompressible("text/calendar; charset=utf-8"))
        #expect(!HTTPCachingMiddleware.isCompressible("image/png"))
        #expect(!HTTPCachingMiddleware.isCompressible(nil))
        #expect(HTTPCachingMiddleware.addingAcceptEncoding(to: nil) == "Accept-Encoding")
        #expect(HTTPCachingMiddleware.addingAcceptEncoding(to: "Cookie") == "Cookie, Accept-Encoding")
        #expect(HTTPCachingMiddleware.addingAcceptEncoding(to: "accept-encoding") == "accept-encoding")
    }
}
