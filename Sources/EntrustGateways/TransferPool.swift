import Foundation

/// A fixed set of dedicated threads that run blocking libcurl transfers.
///
/// `curl_easy_perform` blocks for up to the transfer's timeout, so it must never run on Swift's
/// cooperative thread pool (two cores means two cooperative threads: two slow endpoints would
/// stall the whole process). Each worker owns one easy handle for its lifetime and resets it
/// between transfers, so connections, TLS sessions and DNS answers are reused.
///
/// Senders share a pool; its `concurrency` bounds how many transfers are in flight at once.
/// Jobs beyond that wait in a FIFO queue.
public final class TransferPool: Sendable {
    /// How many transfers can run at the same time (one thread and one handle each).
    public let concurrency: Int
    private let queue = JobQueue()

    /// Starts `concurrency` worker threads.
    /// - Parameters:
    ///   - concurrency: number of worker threads, at least 1.
    ///   - name: thread name prefix, visible in debuggers and `top -H`.
    /// - Throws: `GatewayError.curlUnavailable` if libcurl cannot be initialised.
    public init(concurrency: Int = 4, name: String = "entrust-curl") throws(GatewayError) {
        try CurlRuntime.initialize()
        self.concurrency = max(1, concurrency)
        for index in 0..<self.concurrency {
            let thread = Thread { [queue] in
                let easy: Result<CurlEasy, GatewayError>
                do throws(GatewayError) {
                    easy = .success(try CurlEasy())
                } catch {
                    easy = .failure(error)
                }
                while let job = queue.next() {
                    job(easy)
                }
                // Leaving the closure releases the handle: curl_easy_cleanup runs on this thread.
            }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    deinit {
        queue.close()
    }

    /// Stops accepting transfers. Queued and running transfers still complete; later calls
    /// fail with `GatewayError.poolShutDown`. Worker threads exit once idle.
    public func shutdown() {
        queue.close()
    }

    /// Transfers waiting for a free worker.
    public var pendingCount: Int { queue.pendingCount }

    /// Runs `work` on a worker thread with that worker's handle and resumes the caller with its result.
    func run<T: Sendable>(_ work: @escaping @Sendable (CurlEasy) -> T) async throws(GatewayError) -> T {
        let result: Result<T, GatewayError> = await withCheckedContinuation { continuation in
            let accepted = queue.push { easy in
                switch easy {
                case let .success(handle):
                    continuation.resume(returning: .success(work(handle)))
                case let .failure(error):
                    continuation.resume(returning: .failure(error))
                }
            }
            if !accepted {
                continuation.resume(returning: .failure(.poolShutDown))
            }
        }
        return try result.get()
    }
}
