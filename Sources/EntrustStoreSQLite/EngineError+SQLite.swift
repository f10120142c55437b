import EntrustStore
import GRDB

extension EngineError {
    /// SQLite's primary result code decides the kind; the message stays in `detail` (it may quote SQL).
    init(_ error: DatabaseError) {
        let kind: Kind
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: kind = .busy
        case .SQLITE_READONLY: kind = .readOnly
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: kind = .corrupt
        case .SQLITE_FULL: kind = .diskFull
        case .SQLITE_CANTOPEN: kind = .cannotOpen
        case .SQLITE_CONSTRAINT: kind = .constraint
        default: kind = .other
        }
        self.init(kind: kind, code: "\(error.resultCode)", detail: error.message ?? "\(error)")
    }
}
