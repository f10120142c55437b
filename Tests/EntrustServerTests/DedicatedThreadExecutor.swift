import Dispatch
import Foundation
import Synchronization

/// A task executor with a thread of its own, for the live server test.
///
/// All test targets run in one process, and the synchronous end-to-end tests wait for their `entrust` child processes
/// on threads of the shared cooperative pool (one per core). While two of them wait, a server in this process cannot
/// run its request handlers, and the live test's client gives up after 20 seconds (`readTimeout`). With this executor
/// preferred, the live server's tasks run on their own thread; the database work already has NIO's thread pool.
final class DedicatedThreadExecutor: TaskExecutor {
    static let shared = DedicatedThreadExecutor(name: "live-server-tests")

    private let jobs = Mutex<[UnownedJob]>([])
    private let available = DispatchSemaphore(value: 0)

    init(name: String) {
        let thread = Thread { [self] in
            while true {
                available.wait()
                guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
        }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        available.signal()
    }
}
