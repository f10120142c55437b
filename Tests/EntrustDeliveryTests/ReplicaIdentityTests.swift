import EntrustDelivery
import Testing

@Suite struct ReplicaIdentityTests {
    @Test func hostPidAndARandomSuffixTellTwoProcessesApart() {
        let one = ReplicaIdentity.make(host: "kb-app", pid: 1)
        let two = ReplicaIdentity.make(host: "kb-app", pid: 1)
        #expect(one != two, "same host and pid (containers running as pid 1) still differ")
        #expect(one.hasPrefix("kb-app:1:"))
        let suffix = one.dropFirst("kb-app:1:".count)
        #expect(suffix.count == 8 && suffix.allSatisfy(\.isHexDigit))
        #expect(ReplicaIdentity.make(host: "", pid: 42).hasPrefix("localhost:42:"))
    }

    @Test func theWorkerIsNamedByTheReplicaIdentity() {
        #expect(DeliveryWorker.Configuration().workerID == ReplicaIdentity.current)
        #expect(ReplicaIdentity.current == ReplicaIdentity.current)
    }
}
