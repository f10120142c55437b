import Dispatch

extension AppDatabase {
    /// `backend.read` for async callers (the delivery worker): the blocking call runs on a Dispatch thread, so the
    /// caller's cooperative thread stays free while the engine waits (as GRDB's async API did before).
    func asyncRead<T: Sendable>(_ body: @escaping @Sendable (any StoreSession) throws -> T) async throws -> T {
        let backend = self.backend
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try backend.read(body) }) }
        }
    }

    /// `backend.write` for async callers, off the cooperative pool like `asyncRead`.
    func asyncWrite<T: Sendable>(_ body: @escaping @Sendable (any StoreSession) throws -> T) async throws -> T {
        let backend = self.backend
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try backend.write(body) }) }
        }
    }
}
