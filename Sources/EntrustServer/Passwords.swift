import HummingbirdBcrypt

/// Password hashing with bcrypt. The CLI (`entrust users`) and the sign-in page both use it.
///
/// bcrypt reads only the first 72 bytes of a password, so two passphrases that share those bytes would both sign in.
/// Rather than pre-hash (which would tie every stored hash to one more scheme), passwords longer than 72 bytes of
/// UTF-8 are refused where one is set (`check`) and never verified (`verify`). Vietnamese letters with marks take 2 or
/// 3 bytes, so a Vietnamese passphrase reaches the limit at 24 to 36 characters.
public enum Passwords {
    /// bcrypt cost: 2^cost rounds. 10 keeps a sign-in well under a second on a small server.
    public static let cost: UInt8 = 10
    /// The most bytes (UTF-8) bcrypt reads.
    public static let maxBytes = 72
    /// The fewest characters: long enough that the rate limit makes guessing hopeless.
    public static let minCharacters = 10

    /// The bcrypt hash of a password that passed `check`.
    public static func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// Whether `password` matches `hash`; always false for a password bcrypt would truncate.
    public static func verify(_ password: String, hash: String) -> Bool {
        guard fitsBcrypt(password) else { return false }
        return Bcrypt.verify(password, hash: hash)
    }

    /// Whether bcrypt reads the whole password.
    public static func fitsBcrypt(_ password: String) -> Bool {
        password.utf8.count <= maxBytes
    }

    /// Why a new password cannot be used, or nil when it can: at least 10 characters, at most 72 bytes of UTF-8.
    public static func check(_ password: String) -> String? {
        if password.count < minCharacters { return "a password needs at least \(minCharacters) characters" }
        let bytes = password.utf8.count
        if bytes > maxBytes {
            return "a password may have at most \(maxBytes) bytes in UTF-8 (this one has \(bytes); letters with Vietnamese marks take 2 or 3 bytes each), "
                + "because bcrypt ignores everything after the 72nd byte: choose a shorter one"
        }
        return nil
    }
}
