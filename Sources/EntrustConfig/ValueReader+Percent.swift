import EntrustCore

extension ValueReader {
    /// A percentage written as text, such as `"2%"` or `"0.032%"`, read exactly.
    public func percent() -> Ratio? {
        guard let text = string() else { return nil }
        guard let ratio = Ratio(percent: text) else {
            report("'\(text)' is not a percentage (write it like \"2%\" or \"0.032%\")")
            return nil
        }
        return ratio
    }

    /// A month written `YYYY-MM`.
    public func month() -> YearMonth? {
        guard let text = string() else { return nil }
        guard let month = try? YearMonth.parse(text, field: "month") else {
            report("'\(text)' is not a month (write it like \"2023-08\")")
            return nil
        }
        return month
    }
}

extension MappingReader {
    public func percent(_ key: String) -> Ratio? { required(key)?.percent() }
    public func optionalPercent(_ key: String) -> Ratio? { value(key)?.percent() }
    public func month(_ key: String) -> YearMonth? { required(key)?.month() }
}
