/// Character classes the segmenter needs, by code point.
enum CharacterClass {
    /// Han ideographs (CJK Unified Ideographs and extensions, compatibility ideographs) and 〇.
    @inline(__always)
    static func isHan(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x3FFFF).contains(v)
            || (0xF900...0xFAFF).contains(v) || v == 0x3007
    }

    @inline(__always)
    static func isSpace(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0xA0 || v == 0x3000 || (0x2000...0x200B).contains(v)
    }

    /// The type of a token from its (normalized) characters.
    static func tokenType(of units: ArraySlice<UInt16>) -> TokenType {
        var hasHan = false, hasLetter = false, hasDigit = false, hasPunct = false, hasSymbol = false, hasOther = false
        for scalar in String(decoding: units, as: UTF16.self).unicodeScalars {
            let v = scalar.value
            if isHan(v) { hasHan = true; continue }
            if v >= 48 && v <= 57 { hasDigit = true; continue }
            let props = scalar.properties
            switch props.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
                hasLetter = true
            case .decimalNumber, .letterNumber, .otherNumber:
                hasDigit = true
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                 .initialPunctuation, .finalPunctuation, .otherPunctuation:
                hasPunct = true
            case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
                hasSymbol = true
            case .spaceSeparator:
                hasOther = true
            default:
                hasOther = true
            }
        }
        if hasHan { return .word }
        if hasLetter { return (hasPunct || hasSymbol || hasOther) ? .word : .latin }
        if hasDigit { return (hasPunct || hasSymbol) && !hasOther ? .number : (hasOther ? .word : .number) }
        if hasPunct && !hasSymbol { return .punctuation }
        if hasSymbol || hasPunct { return .symbol }
        return .word
    }
}

/// Numbers kept whole: `12.6`, `1,024`, `23.4%`, `2026年`, `二○○一年`, `十二月`.
enum NumberPattern {
    static let chineseNumerals: Set<UInt16> = Set("〇○零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟".utf16)
    /// Units that make a date or time word with the number before them (as PKU's standard does).
    static let dateUnits: Set<UInt16> = Set("年月日号时点分秒".utf16)

    /// The end of the number starting at `u[start]`, or nil.
    static func match(_ u: [UInt16], from start: Int) -> Int? {
        let n = u.count
        var i = start
        func isDigit(_ c: UInt16) -> Bool { c >= 48 && c <= 57 }
        // A decimal whose leading digits were lost (`营收.06亿`) is still a number.
        if u[i] == 46, i + 1 < n, isDigit(u[i + 1]), start == 0 || !isDigit(u[start - 1]) {
            i += 1
        }
        if isDigit(u[i]) {
            // Don't start inside a number or a Latin word (e.g. the 300 of GB300).
            if i == start, start > 0, isDigit(u[start - 1]) || isASCIILetter(u[start - 1]) || u[start - 1] == 46 { return nil }
            while i < n, isDigit(u[i]) { i += 1 }
            // Decimals and thousands separators: a separator must be followed by a digit.
            while i + 1 < n, (u[i] == 46 || u[i] == 44), isDigit(u[i + 1]) {
                i += 1
                while i < n, isDigit(u[i]) { i += 1 }
            }
            if i < n, isASCIILetter(u[i]) { return nil }   // 3D, 5G: ICU's word.
            if i < n, u[i] == 37 || u[i] == 0x2030 { return i + 1 }   // % ‰
            if i < n, dateUnits.contains(u[i]), u[i] != 0x70B9 /* 点 */ { return i + 1 }
            return i
        }
        guard chineseNumerals.contains(u[i]) else { return nil }
        while i < n, chineseNumerals.contains(u[i]) { i += 1 }
        let length = i - start
        if i < n, dateUnits.contains(u[i]), u[i] != 0x70B9 {
            return i + 1
        }
        // Numeral runs alone must be long enough not to be ordinary words (一些, 十分 are in the lexicon).
        return length >= 3 ? i : nil
    }

    @inline(__always)
    static func isASCIILetter(_ c: UInt16) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
}
