import EntrustCore
import EntrustStore
import Foundation
import Hummingbird

extension WebController {
    /// A calendar token is 43 characters of base64url; anything else (a `..`, a slash, an encoded slash) is refused
    /// before the database is asked.
    static func calendarToken(_ file: String) -> String? {
        guard file.hasSuffix(".ics") else { return nil }
        let token = String(file.dropLast(4))
        guard (20...64).contains(token.count), token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            return nil
        }
        return token
    }

    func subscribedPage(_ request: Request, _ context: Context, secret: String, back: String) -> Response {
        let host = request.head.authority ?? "\(configuration.host):\(configuration.port)"
        let scheme = secureCookies(request) ? "https" : "http"
        return pages.page("subscribed", title: UIText.text("subscribe", context.language),
                          data: ["url": "\(scheme)://\(host)/calendar/\(secret).ics", "back": back], context: context, path: back,
                          headers: [.cacheControl: "no-store"])  // It shows the feed's secret link: never kept on disk.
    }

    func addCalendarRoutes(to router: Router<Context>) {
        router.get("calendar/{file}") { _, context in
            let file = try context.parameters.require("file")
            guard let token = Self.calendarToken(file), let subject = try await repositories.accounts.calendarSubject(secret: token) else {
                throw ServerError.notFound("no such calendar")
            }
            // DTSTAMP is the start of today (Asia/Ho_Chi_Minh), not this second: an unchanged feed keeps its ETag all
            // day, so a calendar app polling every few minutes gets 304s until a meeting moves.
            let stamp = VietnamTime.instant(VietnamTime.localDate(of: clock.now()), hour: 0, minute: 0)
            let text = try await repositories.meetings.feed(subject, stamp: stamp)
            return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "private, max-age=300"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.post("groups/{code}/calendar") { request, context in
            let code = try RequestInput.parameter(context, "code")
            let (account, _) = try await form(request, context, returnTo: "/groups/" + Self.pathSegment(code))
            _ = try await repositories.groups.group(code, scope: account.scope)
            let token = try await repositories.accounts.createCalendarToken(.group(code), actor: account.principal)
            return subscribedPage(request, context, secret: token.secret, back: "/groups/" + Self.pathSegment(code))
        }
        router.post("me/calendar") { request, context in
            let (account, _) = try await form(request, context, returnTo: "/week")
            guard let person = account.person else { throw ServerError.invalid(field: "person", reason: "this account is not linked to a person") }
            let token = try await repositories.accounts.createCalendarToken(.person(person), actor: account.principal)
            return subscribedPage(request, context, secret: token.secret, back: "/week")
        }
    }
}
