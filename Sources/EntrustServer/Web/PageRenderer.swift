import EntrustCore
import EntrustStore
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the Mustache pages inside the layout, with the texts of the visitor's language and strict security headers.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    public init() throws {
        var library = MustacheLibrary()
        for (name, text) in PageTemplates.all { try library.register(text, named: name) }
        self.library = library
    }

    /// The links of the header, by role.
    static func navigation(for role: UserRole, language: Language, current: String) -> [[String: Any]] {
        var items: [(String, String)] = []
        switch role {
        case .associationOfficer: items = [("/week", "myWeek"), ("/contracts", "contracts"), ("/groups", "groups"), ("/meetings", "meetings")]
        case .bankStaff, .approver: items = [("/dashboard", "dashboard"), ("/week", "myWeek"), ("/contracts", "contracts"), ("/groups", "groups"), ("/meetings", "meetings"), ("/fees", "feeStatements")]
        case .admin: items = [("/dashboard", "dashboard"), ("/contracts", "contracts"), ("/groups", "groups"), ("/meetings", "meetings"), ("/fees", "feeStatements"), ("/outbox", "outbox")]
        case .viewer: items = [("/dashboard", "dashboard"), ("/contracts", "contracts"), ("/groups", "groups"), ("/meetings", "meetings"), ("/fees", "feeStatements")]
        }
        return items.map { href, key in ["href": href, "label": UIText.text(key, language), "current": current.hasPrefix(href)] }
    }

    /// A full page: `name`'s template with `data`, inside the layout.
    func page(_ name: String, title: String, data: [String: Any], context: AppRequestContext, path: String,
              status: HTTPResponse.Status = .ok, flash: String? = nil, warning: String? = nil, csrf: String? = nil,
              headers extra: HTTPFields = [:]) -> Response {
        let language = context.language
        var values = data
        values["t"] = UIText.table(language)
        values["csrf"] = csrf ?? context.csrf ?? ""
        let content = library.render(Self.withoutEmptyText(values), withTemplate: name) ?? ""
        var layout: [String: Any] = [
            "lang": language.rawValue, "title": title, "t": UIText.table(language), "content": content,
            "otherLang": language == .vi ? "en" : "vi", "csrf": csrf ?? context.csrf ?? "",
        ]
        if let flash { layout["flash"] = flash }
        if let warning { layout["warning"] = warning }
        if let account = context.account {
            layout["user"] = ["displayName": account.displayName, "roleLabel": account.userRole.label.text(language)]
            layout["nav"] = Self.navigation(for: account.userRole, language: language, current: path)
        }
        let html = library.render(layout, withTemplate: "layout") ?? ""
        return Self.html(html, status: status, headers: extra)
    }

    /// Mustache treats "" as true in `{{#x}}` sections; an empty text means "nothing to show", so it is dropped.
    static func withoutEmptyText(_ value: Any) -> Any {
        switch value {
        case let dictionary as [String: Any]:
            var cleaned: [String: Any] = [:]
            for (key, item) in dictionary {
                if let text = item as? String, text.isEmpty { continue }
                cleaned[key] = withoutEmptyText(item)
            }
            return cleaned
        case let array as [[String: Any]]:
            return array.map { withoutEmptyText($0) }
        default:
            return value
        }
    }

    static func html(_ html: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "text/html; charset=utf-8"
        // A page the browser may keep for itself and must revalidate (If-None-Match, 304); never a shared cache's.
        // Signing out clears it (Clear-Site-Data). Error pages are not kept.
        // A page that shows a secret (a calendar link) passes its own `no-store` in `extra`.
        if headers[.cacheControl] == nil { headers[.cacheControl] = status == .ok ? "private, no-cache" : "no-store" }
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The page shown for an error: a sentence, never a stack trace or SQL.
    func errorPage(_ problem: Problem, context: AppRequestContext, headers: HTTPFields) -> Response {
        let language = context.language
        let heading: String
        let message: String
        switch problem.status {
        case 404: (heading, message) = (UIText.text("notFound", language), "")
        case 403: (heading, message) = (UIText.text("forbidden", language), problem.type == "csrf" ? problem.detail : "")
        case 500...: (heading, message) = (UIText.text("error", language), problem.detail)
        default: (heading, message) = (UIText.text("error", language), problem.detail)
        }
        return page("error", title: heading, data: ["heading": heading, "message": message], context: context, path: "",
                    status: .init(code: problem.status), headers: headers)
    }
}
