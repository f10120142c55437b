import EntrustCore
import EntrustStore
import Foundation
import HTTPTypes
import Hummingbird

/// The JSON API under `/api/v1`. Every route needs a signed-in account (session cookie plus `X-CSRF-Token` for
/// changes, or a bearer token); lists are scoped in the store's queries and paged with `limit` and an `after` cursor (the `next` of the page before).
struct APIController {
    let repositories: Repositories
    let configuration: ServerConfiguration
    /// The text served at /api/v1/openapi.yaml (OpenAPIDocument's resource).
    let openAPIDocument: String

    typealias Context = AppRequestContext

    // MARK: - Guards

    /// The account, or 401.
    func account(_ context: Context) throws -> UserAccount {
        guard let account = context.account else { throw ServerError.unauthorized }
        return account
    }

    /// The account, if its role has `capability` (else 403), with the CSRF header checked for cookie sessions.
    func account(_ request: Request, _ context: Context, may capability: Capability) throws -> UserAccount {
        let account = try account(context)
        if request.method != .get && request.method != .head && !context.viaToken {
            let header = request.headers[HTTPField.Name("X-CSRF-Token")!] ?? ""
            guard let csrf = context.csrf, Self.constantTimeEqual(header, csrf) else { throw ServerError.csrf }
        }
        guard account.userRole.allows(capability) else {
            throw ServerError.forbidden("the \(account.role) role may not \(capability.rawValue)")
        }
        return account
    }

    /// Checks that the object exists in scope (404 otherwise) before refusing a role that lacks the capability (403):
    /// someone else's object answers 404 whatever the role.
    func scoped<T>(_ request: Request, _ context: Context, may capability: Capability, lookup: (UserAccount) async throws -> T) async throws -> (UserAccount, T) {
        let account = try account(context)
        let found = try await lookup(account)
        return (try self.account(request, context, may: capability), found)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    // MARK: - Answers

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        // Kept by the client only, and revalidated (If-None-Match, 304); answers other than 200 are not kept.
        let caching = status == .ok ? "private, no-cache" : "no-store"
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: caching],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The page size and the `after` cursor (the `next` of the page before); a token that is not a cursor is a 400.
    func page(_ request: Request) throws -> (limit: Int, after: PageCursor?) {
        (try RequestInput.queryInt(request, "limit", default: 50, range: 1...200),
         try RequestInput.query(request, "after").map { try PageCursor(token: $0) })
    }

    func body<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        var request = request
        return try await RequestInput.json(T.self, &request, limit: configuration.maxBodyBytes)
    }

    /// A body that may be left out (an empty body means `empty`).
    func optionalBody<T: Decodable>(_ type: T.Type, _ request: Request, empty: T) async throws -> T {
        var request = request
        let data = try await RequestInput.body(&request, limit: configuration.maxBodyBytes)
        if data.isEmpty { return empty }
        do { return try JSONDecoder().decode(T.self, from: data) } catch let error as DecodingError { throw RequestInput.describe(error) }
    }

    // MARK: - Routes

    func addRoutes(to router: Router<Context>) {
        let api = router.group("api/v1")
        api.get("me") { _, context in try Self.json(try account(context)) }
        addContractRoutes(to: api)
        addObligationRoutes(to: api)
        addGroupRoutes(to: api)
        addMeetingRoutes(to: api)
        addTrainingRoutes(to: api)
        addAdminRoutes(to: api)
        addEvaluationRoutes(to: api)
        let document = ByteBuffer(string: openAPIDocument)
        api.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: document))
        }
    }
}
