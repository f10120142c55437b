import Foundation

/// The name this process goes by wherever replicas on one database must tell one another apart: the outbox worker's
/// claims and the planner's lease. Host and process id say where it runs; the random suffix keeps two processes apart
/// that share both (containers on different hosts often run their server as pid 1, and a host name may repeat).
public enum ReplicaIdentity {
    /// `host:pid:8-hex-digits`, made once per process.
    public static let current: String = make(host: ProcessInfo.processInfo.hostName,
                                             pid: ProcessInfo.processInfo.processIdentifier)

    /// `host:pid:` and 8 random hex digits.
    public static func make(host: String, pid: Int32) -> String {
        var generator = SystemRandomNumberGenerator()
        let suffix = String(UInt32.random(in: .min ... .max, using: &generator), radix: 16)
        return "\(host.isEmpty ? "localhost" : host):\(pid):\(String(repeating: "0", count: 8 - suffix.count))\(suffix)"
    }
}
