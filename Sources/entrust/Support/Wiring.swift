import EntrustDemo
import EntrustGateways
import EntrustServer
import EntrustStore
import EntrustStoreEngines

extension DemoWiring {
    /// The live implementations the demo, the data sets and the benchmark run on: bcrypt, webhook secrets, both engines.
    static let live = DemoWiring(hashPassword: { Passwords.hash($0) }, newWebhookSecret: { WebhookSecret.generate().encoded },
                                 openDatabase: { location, clock in try AppDatabase.open(location: location, clock: clock) })
}
