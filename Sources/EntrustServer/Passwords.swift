import HummingbirdBcrypt

/// Password hashing with bcrypt. The CLI (`entrust users`) and the sign-in page both use it.
public enum Passwords {
    /// bcrypt cost: 2^cost rounds. 10 keeps a sign-in well under a second on a small server.
    public static let cost: UInt8 = 10

    public static func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    public static func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// At least 10 characters: long enough that the rate limit makes guessing hopeless.
    public static func check(_ password: String) -> String? {
        password.count >= 10 ? nil : "a password needs at least 10 characters"
    }
}
