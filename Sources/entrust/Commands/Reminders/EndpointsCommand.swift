import ArgumentParser
import EntrustCore
import EntrustDelivery
import EntrustGateways
import EntrustStore
import Foundation

struct EndpointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoints",
        abstract: "Webhook endpoints (Standard Webhooks): add, list, disable, enable, rotate their secret, send a test.",
        discussion: """
            Each delivery is a signed POST: webhook-id (stable across retries), webhook-timestamp and \
            webhook-signature (v1,base64 HMAC-SHA256 of id.timestamp.body). The secret is shown once, by add and \
            rotate-secret; the list never shows it. An endpoint that answers 410 Gone is disabled.
            """,
        subcommands: [Add.self, List.self, Disable.self, Enable.self, RotateSecret.self, Test.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an endpoint and print its new secret, once.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Where to POST, http:// or https://.") var url: String
        @Option(help: "Event types or patterns, comma-separated: \"obligation.*,contract.expiring\" or \"*\".") var events: String
        @Option(help: "What the endpoint is for.") var description: String?
        @Option(help: ArgumentHelp("A Mustache template for the body, for receivers with their own format (still signed).", valueName: "file.mustache"))
        var template: String?

        func run() throws {
            try guarded {
                let patterns = try EventPattern.list(events)
                var body: String?
                if let template {
                    guard let data = FileManager.default.contents(atPath: template), let text = String(data: data, encoding: .utf8) else {
                        throw StoreError.invalid(field: "--template", value: template, reason: "cannot be read as UTF-8 text")
                    }
                    try NotificationTemplates.checkBody(text, file: template)
                    body = text
                }
                let secret = WebhookSecret.generate()
                let endpoint = try EndpointStore(try global.openDatabase()).add(
                    url: url, events: patterns, description: description, templateName: template.map { URL(fileURLWithPath: $0).lastPathComponent },
                    template: body, secret: secret.encoded, actor: global.actor)
                let vi = global.language == .vi
                print(vi ? "đã thêm endpoint \(endpoint.code): \(endpoint.url) (sự kiện: \(endpoint.events))"
                         : "added endpoint \(endpoint.code): \(endpoint.url) (events: \(endpoint.events))")
                print(vi ? "khóa bí mật (chỉ hiện một lần, hãy lưu lại ngay):" : "secret (shown only once; store it now):")
                print(secret.encoded)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List endpoints (never their secrets).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            try guarded {
                let database = try global.openDatabase()
                let list = try EndpointStore(database).list()
                if format == .json { return try printJSON(list) }
                let now = database.clock.now()
                printTable(["code", "state", "events", "url", "rotation until", "description"], list.map {
                    [$0.code, $0.enabled ? "enabled" : "disabled: \($0.disabledReason ?? "")", $0.events, $0.url,
                     $0.rotationEnds(after: now) ?? "", [$0.description, $0.templateName.map { "template \($0)" }].compactMap { $0 }.joined(separator: "; ")]
                })
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop sending to an endpoint; messages waiting for it are cancelled.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The endpoint's code, e.g. ep-1.") var code: String
        @Option(help: "Why.") var reason: String?

        func run() throws {
            try guarded {
                let (endpoint, cancelled) = try EndpointStore(try global.openDatabase()).setEnabled(code, false, reason: reason, actor: global.actor)
                print(global.language == .vi ? "đã tắt \(endpoint.code); \(cancelled) tin đang chờ đã hủy"
                                             : "disabled \(endpoint.code); \(cancelled) waiting message(s) cancelled")
            }
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send to an endpoint again.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The endpoint's code.") var code: String

        func run() throws {
            try guarded {
                let (endpoint, _) = try EndpointStore(try global.openDatabase()).setEnabled(code, true, reason: nil, actor: global.actor)
                print(global.language == .vi ? "đã bật \(endpoint.code)" : "enabled \(endpoint.code)")
            }
        }
    }

    struct RotateSecret: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-secret",
            abstract: "Give an endpoint a new secret; the old one still signs (a second signature) during the window.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The endpoint's code.") var code: String
        @Option(help: "Hours during which both secrets sign.", transform: Bounds.int(1...720)) var window: Int = 24

        func run() throws {
            try guarded {
                guard (0...720).contains(window) else {
                    throw StoreError.invalid(field: "--window", value: String(window), reason: "expected 0 to 720 hours")
                }
                let secret = WebhookSecret.generate()
                let database = try global.openDatabase()
                let endpoint = try EndpointStore(database).rotate(code, newSecret: secret.encoded, window: .seconds(window * 3600), actor: global.actor)
                let until = endpoint.rotationEnds(after: database.clock.now()) ?? "—"
                print(global.language == .vi ? "khóa mới của \(endpoint.code) (chỉ hiện một lần); khóa cũ vẫn ký đến \(until):"
                                             : "new secret for \(endpoint.code) (shown only once); the old one also signs until \(until):")
                print(secret.encoded)
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue a signed endpoint.test event; `entrust deliver --once` sends it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The endpoint's code.") var code: String

        func run() throws {
            try guarded {
                let id = try EndpointStore(try global.openDatabase()).enqueueTest(code, actor: global.actor)
                print(global.language == .vi ? "đã xếp hàng \(id) (endpoint.test → \(code)); chạy `entrust deliver --once` để gửi"
                                             : "queued \(id) (endpoint.test → \(code)); run `entrust deliver --once` to send it")
            }
        }
    }
}
