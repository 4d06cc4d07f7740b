import Foundation

/// Reading the values of metadata fields as written in manifests, file names and text:
/// quarters, fiscal years, calendar periods, Chinese numbers and English month names.
enum MetadataParsing {
    static let chineseDigits: [Character: Int] = ["〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
    static let ordinals = ["first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4]

    /// `3`, `Q3`, `第三季度`, `第3财季`, `third`, `FY2026 Q3` → `3`.
    static func parseQuarter(_ raw: String) -> String? {
        let s = raw.lowercased().trimmingWhitespace()
        if let n = ordinals.first(where: { s.hasPrefix($0.key) })?.value { return String(n) }
        func digit(_ c: Character) -> Int? { c.wholeNumberValue ?? chineseDigits[c] }
        let chars = Array(s)
        for (i, c) in chars.enumerated() where (c == "q" || c == "第") && i + 1 < chars.count {
            var j = i + 1
            while j < chars.count, chars[j] == " " { j += 1 }
            if j < chars.count, let d = digit(chars[j]) { return (1...4).contains(d) ? String(d) : nil }
        }
        if chars.count == 1, let d = digit(chars[0]), (1...4).contains(d) { return String(d) }
        return nil
    }

    /// `2026`, `FY2026`, `FY26`, `2026财年` → `2026`.
    static func parseFiscalYear(_ raw: String) -> String? {
        let digits = raw.filter { $0.isASCII && $0.isNumber }
        if digits.count == 4 { return digits }
        if digits.count == 2, let n = Int(digits) { return String(2000 + n) }
        let chinese = raw.compactMap { chineseDigits[$0] }
        if chinese.count == 4 { return chinese.map(String.init).joined() }
        return nil
    }

    /// `2025Q3`, `2025 Q3`, `2025H1`, `2025` → as stored; nil otherwise.
    static func parseCalendarPeriod(_ raw: String) -> String? {
        let s = raw.uppercased().replacingOccurrences(of: " ", with: "")
        return s.range(of: #"^\d{4}(Q[1-4]|H[12])?$"#, options: .regularExpression) != nil ? s : nil
    }

    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

    /// `三十一` → 31, `十二` → 12, `九` → 9.
    static func chineseNumber(_ s: String) -> Int? {
        let chars = Array(s)
        guard !chars.isEmpty else { return nil }
        if let ten = chars.firstIndex(of: "十") {
            let tens = ten == 0 ? 1 : (chars[..<ten].count == 1 ? chineseDigits[chars[0]] : nil)
            let units = ten == chars.count - 1 ? 0 : (chars.count - ten == 2 ? chineseDigits[chars[ten + 1]] : nil)
            guard let tens, let units else { return nil }
            return tens * 10 + units
        }
        return chars.count == 1 ? chineseDigits[chars[0]] : nil
    }
}
