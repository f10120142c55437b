import EntrustCore
import EntrustStore
import Hummingbird

extension WebController {
    func addOutboxRoutes(to router: Router<Context>) {
        router.get("outbox") { request, context in
            let account = try signedIn(request, context)
            try require(account, .administer)
            let counts = try await repositories.outbox.counts()
            let dead = try await repositories.outbox.messages(state: .dead, limit: 50)
            let endpoints = try await repositories.outbox.endpoints()
            return pages.page("outbox", title: UIText.text("outbox", context.language), data: [
                "counts": OutboxState.allCases.map { ["state": $0.rawValue, "count": counts[$0] ?? 0] as [String: Any] },
                "dead": dead.map { m -> [String: Any] in
                    ["id": m.id, "eventType": m.eventType, "attempts": m.attempts, "recipient": m.recipient, "lastError": m.lastError ?? ""]
                },
                "endpoints": endpoints.map { e -> [String: Any] in
                    ["code": e.code, "url": e.url, "events": e.events, "enabled": e.enabled, "disabledReason": e.disabledReason ?? ""]
                },
            ], context: context, path: "/outbox", flash: RequestInput.query(request, "retried").map { _ in UIText.text("saved", context.language) })
        }
        router.post("outbox/{id}/retry") { request, context in
            let (account, _) = try await form(request, context, returnTo: "/outbox")
            try require(account, .administer)
            _ = try await repositories.outbox.retry(try RequestInput.parameter(context, "id"), actor: account.principal)
            return Self.redirect("/outbox?retried=1")
        }
    }
}
