/// A unit of the bank: head office → provincial branch → transaction office → commune transaction point.
public enum BankUnitKind: String, Codable, Sendable, CaseIterable {
    case headOffice = "head_office"
    case provincialBranch = "provincial_branch"
    case transactionOffice = "transaction_office"
    case transactionPoint = "transaction_point"

    /// The kind a unit's parent must have; nil for the root.
    public var parentKind: BankUnitKind? {
        switch self {
        case .headOffice: return nil
        case .provincialBranch: return .headOffice
        case .transactionOffice: return .provincialBranch
        case .transactionPoint: return .transactionOffice
        }
    }

    public var label: LocalizedText {
        switch self {
        case .headOffice: return LocalizedText(vi: "Hội sở chính", en: "Head office")
        case .provincialBranch: return LocalizedText(vi: "Chi nhánh tỉnh", en: "Provincial branch")
        case .transactionOffice: return LocalizedText(vi: "Phòng giao dịch", en: "Transaction office")
        case .transactionPoint: return LocalizedText(vi: "Điểm giao dịch xã", en: "Commune transaction point")
        }
    }
}

/// An administrative unit. Districts exist only in data from before July 2025.
public enum AdminUnitKind: String, Codable, Sendable, CaseIterable {
    case province, district, commune, village

    /// The kinds a unit's parent may have; empty for the root.
    public var allowedParentKinds: [AdminUnitKind] {
        switch self {
        case .province: return []
        case .district: return [.province]
        case .commune: return [.province, .district]
        case .village: return [.commune]
        }
    }
}

/// The four entrusted socio-political associations.
public enum AssociationKind: String, Codable, Sendable, CaseIterable {
    case farmers, women, veterans, youth

    /// The abbreviation used in contract numbers: Hội Nông dân, Hội Phụ nữ, Cựu chiến binh, Đoàn Thanh niên.
    public var abbreviation: String {
        switch self {
        case .farmers: return "HND"
        case .women: return "HPN"
        case .veterans: return "CCB"
        case .youth: return "DTN"
        }
    }

    public var label: LocalizedText {
        switch self {
        case .farmers: return LocalizedText(vi: "Hội Nông dân", en: "Farmers' Association")
        case .women: return LocalizedText(vi: "Hội Liên hiệp Phụ nữ", en: "Women's Union")
        case .veterans: return LocalizedText(vi: "Hội Cựu chiến binh", en: "Veterans Association")
        case .youth: return LocalizedText(vi: "Đoàn Thanh niên", en: "Youth Union")
        }
    }
}

/// The level at which an association is organised.
public enum AssociationLevel: String, Codable, Sendable, CaseIterable {
    case central, province, district, commune

    /// The administrative unit kind an association of this level is attached to; nil for central.
    public var adminUnitKind: AdminUnitKind? {
        switch self {
        case .central: return nil
        case .province: return .province
        case .district: return .district
        case .commune: return .commune
        }
    }

    /// The levels the parent association may have (a commune association reports to the district one,
    /// or straight to the province where districts no longer exist).
    public var allowedParentLevels: [AssociationLevel] {
        switch self {
        case .central: return []
        case .province: return [.central]
        case .district: return [.province]
        case .commune: return [.district, .province]
        }
    }
}

/// What a person does in their organisation.
public enum Position: String, Codable, Sendable, CaseIterable {
    // Associations
    case chair, viceChair = "vice_chair", officer
    // Bank
    case director, deputyDirector = "deputy_director", creditOfficer = "credit_officer", staff
}

/// Structural checks shared by every way organisations enter the system (CLI, bulk files, API).
public enum OrganisationRules {
    /// A transaction point's fixed day of the month. 31 is allowed: in a shorter month the session
    /// is held on the month's last day.
    public static func validateFixedDay(_ day: Int) throws {
        guard (1...31).contains(day) else {
            throw CoreError.invalidValue(field: "fixed_day", value: String(day), expected: "a day of the month from 1 to 31")
        }
    }

    public static func validateEmail(_ email: String) throws {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.contains(" ") else {
            throw CoreError.invalidValue(field: "email", value: email, expected: "an address like name@example.vn")
        }
    }

    public static func validatePhone(_ phone: String) throws {
        let digits = phone.filter(\.isNumber)
        let allowed = phone.allSatisfy { $0.isNumber || $0 == "+" || $0 == " " || $0 == "." || $0 == "-" }
        guard allowed, (9...13).contains(digits.count) else {
            throw CoreError.invalidValue(field: "phone", value: phone, expected: "a phone number such as 0912 345 678")
        }
    }

    /// Codes are what people type: letters, digits, `-` and `_`, no spaces.
    public static func validateCode(_ code: String, field: String = "code") throws {
        let ok = !code.isEmpty && code.count <= 64 && code.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || $0 == "-" || $0 == "_"
        }
        guard ok else {
            throw CoreError.invalidValue(field: field, value: code, expected: "letters, digits, '-' or '_' (at most 64)")
        }
    }
}

import Foundation
