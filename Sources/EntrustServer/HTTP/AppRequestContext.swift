import EntrustCore
import EntrustStore
import Hummingbird
import NIOCore

/// The per-request context: who is signed in (set by `AuthMiddleware`), their CSRF token and language.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The signed-in account, from the session cookie or a bearer token.
    public var account: UserAccount?
    /// The session's CSRF token (nil for bearer tokens, which need none).
    public var csrf: String?
    /// The session cookie's value, for signing out.
    public var sessionToken: String?
    /// Whether the session cookie was present but no longer valid (idle too long): pages send people to sign in again.
    public var sessionExpired = false
    public var language: Language = .vi
    public var viaToken = false

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies are read with the server's own limit (`ServerConfiguration.maxBodyBytes`).
    public var maxUploadSize: Int { 1 << 20 }

    /// The scope of the signed-in account (nothing when anonymous).
    public var scope: AccessScope { account?.scope ?? .nothing }
    public var role: UserRole? { account?.userRole }
}
