import Foundation

/// The FIFO between async callers and the worker threads of a `TransferPool`.
///
/// Workers block on a condition variable, which only a lock-based type can offer; the
/// `@unchecked Sendable` is sound because every stored `var` is touched only while holding `condition`.
final class JobQueue: @unchecked Sendable {
    /// A job receives the worker's handle, or why the worker has none.
    typealias Job = @Sendable (Result<CurlEasy, GatewayError>) -> Void

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var head = 0
    private var closed = false

    /// Queues a job; returns false once the queue is closed.
    func push(_ job: @escaping Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// Blocks the calling worker thread until a job is available; nil when closed and drained.
    func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count && !closed {
            condition.wait()
        }
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        // Compact now and then so the array does not grow without bound.
        if head >= 1024 && head * 2 >= jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }

    /// Refuses new jobs; queued jobs still run, then idle workers wake and exit.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    var pendingCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return jobs.count - head
    }
}
