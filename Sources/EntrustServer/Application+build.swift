import EntrustCore
import EntrustStore
import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle

/// Builds the router: middleware (request log and metrics, errors, sign-in) and every route.
public func buildRouter(repositories: Repositories, configuration: ServerConfiguration, metrics: ServerMetrics,
                        limiter: LoginRateLimiter, clock: any EntrustCore.Clock) throws -> Router<AppRequestContext> {
    let pages = try PageRenderer()
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware(metrics: metrics))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: HTTPCachingMiddleware())
    router.add(middleware: ErrorMiddleware(pages: pages))
    router.add(middleware: AuthMiddleware(accounts: repositories.accounts, configuration: configuration))
    OperationsController(repositories: repositories, metrics: metrics).addRoutes(to: router)
    APIController(repositories: repositories, configuration: configuration, openAPIDocument: try OpenAPIDocument.load()).addRoutes(to: router)
    WebController(repositories: repositories, configuration: configuration, pages: pages, limiter: limiter, clock: clock).addRoutes(to: router)
    return router
}

/// Builds the HTTP application. `services` run beside it under the same service group (the delivery worker and
/// the planner in `entrust serve`); SIGTERM and SIGINT shut everything down gracefully.
public func buildApplication(repositories: Repositories, configuration: ServerConfiguration, clock: any EntrustCore.Clock,
                             metrics: ServerMetrics = ServerMetrics(), services: [any Service] = [],
                             logger: Logger = Logger(label: "entrust.server"),
                             onListening: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
    let limiter = LoginRateLimiter(limit: configuration.loginAttempts, windowSeconds: configuration.loginWindowSeconds, clock: clock,
                                   accounts: repositories.accounts)
    let router = try buildRouter(repositories: repositories, configuration: configuration, metrics: metrics, limiter: limiter, clock: clock)
    // The idle timeout also bounds a client that opens a connection and never finishes its request head: the
    // connection counts as idle until a whole head has arrived (Hummingbird's connection state handler).
    // Heads are also bounded in size (64 KB, 200 fields), so that a slow client cannot make one grow without end.
    var app = Application(router: router,
                          server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.connectionIdleSeconds)),
                                                              httpDecoderConfiguration: .init(maxHeaderFieldSize: 16 * 1024,
                                                                                              maxHeaderListSize: 64 * 1024,
                                                                                              maxHeaderFieldCount: 200))),
                          configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "entrust"),
                          onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
                          logger: logger)
    for service in services { app.addServices(service) }
    return app
}

/// The services `entrust serve` runs beside the HTTP server.
public typealias BackgroundService = ServiceLifecycle.Service

/// Builds the application and runs it until SIGTERM or SIGINT, with `services` in the same service group.
public func runServer(repositories: Repositories, configuration: ServerConfiguration, clock: any EntrustCore.Clock, metrics: ServerMetrics,
                      services: [any BackgroundService], logger: Logger, onListening: @escaping @Sendable (Int) async -> Void) async throws {
    let app = try buildApplication(repositories: repositories, configuration: configuration, clock: clock, metrics: metrics,
                                   services: services, logger: logger, onListening: onListening)
    try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
}
