import EntrustGateways
import Foundation
import Testing

@Suite struct SMTPConfigTests {
    let base = ["ENTRUST_SMTP_URL": "smtp://mail.example.vn:587", "ENTRUST_SMTP_FROM": "nhacviec@vbsp.example.vn"]

    func environment(_ changes: [String: String?]) -> [String: String] {
        var result = base
        for (key, value) in changes { result[key] = value }
        return result
    }

    func error(_ changes: [String: String?]) -> GatewayError? {
        do {
            _ = try SMTPConfig.fromEnvironment(environment(changes))
            return nil
        } catch {
            return error
        }
    }

    @Test func schemesChooseTheSecurity() throws {
        #expect(try SMTPConfig.fromEnvironment(base).security == .startTLSRequired)
        #expect(try SMTPConfig.fromEnvironment(environment(["ENTRUST_SMTP_URL": "smtps://mail.example.vn:465"])).security == .implicitTLS)
        #expect(try SMTPConfig.fromEnvironment(environment(["ENTRUST_SMTP_ALLOW_PLAINTEXT": "1"])).security == .plaintextAllowed)
        #expect(try SMTPConfig.fromEnvironment(environment(["ENTRUST_SMTP_ALLOW_PLAINTEXT": "0"])).security == .startTLSRequired)
    }

    @Test func missingAndInvalidSettingsNameTheKey() {
        #expect(error(["ENTRUST_SMTP_URL": nil])?.description.contains("ENTRUST_SMTP_URL is not set") == true)
        #expect(error(["ENTRUST_SMTP_URL": ""])?.description.contains("ENTRUST_SMTP_URL is not set") == true)
        #expect(error(["ENTRUST_SMTP_FROM": nil])?.description.contains("ENTRUST_SMTP_FROM") == true)
        #expect(error(["ENTRUST_SMTP_FROM": "not an address"])?.description.contains("ENTRUST_SMTP_FROM") == true)
        #expect(error(["ENTRUST_SMTP_URL": "https://mail.example.vn"])?.description.contains("smtps://") == true)
        #expect(error(["ENTRUST_SMTP_ALLOW_PLAINTEXT": "maybe"])?.description.contains("ENTRUST_SMTP_ALLOW_PLAINTEXT") == true)
        #expect(error(["ENTRUST_SMTP_USER": "nhacviec"])?.description.contains("ENTRUST_SMTP_PASSWORD") == true)
        #expect(error(["ENTRUST_SMTP_PASSWORD": "secret"])?.description.contains("ENTRUST_SMTP_USER") == true)
        #expect(error(["ENTRUST_SMTP_CA_FILE": "/nonexistent/ca.pem"])?.description.contains("ENTRUST_SMTP_CA_FILE") == true)
    }

    @Test func passwordsNeverAppearInDescriptionsOrErrors() throws {
        let password = "Pw-8c1f3e"
        let config = try SMTPConfig.fromEnvironment(environment(["ENTRUST_SMTP_USER": "nhacviec", "ENTRUST_SMTP_PASSWORD": password]))
        #expect(config.password == password)
        #expect(!String(describing: config).contains(password))
        let inURL = error(["ENTRUST_SMTP_URL": "smtp://nhacviec:\(password)@mail.example.vn:587"])
        #expect(inURL != nil)
        #expect(inURL.map { !$0.description.contains(password) } == true)
        #expect(inURL?.description.contains("ENTRUST_SMTP_USER") == true)
    }
}
