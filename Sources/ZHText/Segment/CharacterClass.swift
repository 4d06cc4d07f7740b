/// Character classes the segmenter needs, by code point.
enum CharacterClass {
    /// Han ideographs (CJK Unified Ideographs and extensions, compatibility ideographs) and 〇.
    @inline(__always)
    static func isHan(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x3FFFF).contains(v)
            || (0xF900...0xFAFF).contains(v) || v == 0x3007
    }

    /// Whether `unit` is a CJK Unified Ideograph of the main block (U+4E00–9FFF): Han, one unit,
    /// as most of Chinese text is (what scanners test before decoding a scalar; eight at a time,
    /// `UnitBlocks.isCommonHan`).
    @inline(__always)
    static func isCommonHan(_ unit: UInt16) -> Bool { unit &- 0x4E00 < 0xA000 - 0x4E00 }

    /// Code points and Han characters in UTF-16 text, counted as `String(decoding:as:)` would see
    /// them (an unpaired surrogate is one U+FFFD) without building the string.
    static func scalarAndHanCounts(_ units: ArraySlice<UInt16>) -> (scalars: Int, han: Int) {
        var scalars = 0, han = 0
        units.forEachScalar { scalar in
            scalars += 1
            if isHan(scalar.value) { han += 1 }
        }
        return (scalars, han)
    }

    /// Whether scalar `v` is a space (U+3000, the ideographic space, the highest: Han text is
    /// settled by the first comparison).
    @inline(__always)
    static func isSpace(_ v: UInt32) -> Bool {
        v <= 0x3000 && (v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0xA0 || v == 0x3000 || (0x2000...0x200B).contains(v))
    }

    /// Punctuation that ICU's word break always makes a segment of its own, with rule status 0:
    /// most of the CJK punctuation block, the full-width commas, stops, colons, brackets and
    /// marks, and the ASCII ones NFKC turns those into (between two Han characters, which is
    /// where the segmenter asks).
    @inline(__always)
    static func isPlainPunctuation(_ c: UInt16) -> Bool {
        switch c {
        case 0x3001...0x3003, 0x3008...0x3011, 0x3014...0x301F: return true
        case 0xFF01, 0xFF08, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F: return true
        case 0x2018, 0x2019, 0x201C, 0x201D, 0x2026: return true
        // What NFKC makes of the full-width forms.
        case 0x21, 0x28, 0x29, 0x2C, 0x2E, 0x3A, 0x3B, 0x3F: return true
        default: return false
        }
    }

    /// Dashes whose runs are one token (`——`, the Chinese 破折号). Hyphen-minus runs (`---`)
    /// stay apart, as the MSR standard has them; so do ellipses, where PKU and MSR disagree.
    @inline(__always)
    static func isRunPunctuation(_ c: UInt16) -> Bool { c == 0x2014 || c == 0x2015 || c == 0x2500 }

    /// What `tokenType` notes of one character.
    private enum Kind: UInt8 { case han, digit, letter, punctuation, symbol, other }

    private static func kind(of scalar: Unicode.Scalar) -> Kind {
        let v = scalar.value
        if isHan(v) { return .han }
        if v >= 48 && v <= 57 { return .digit }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .digit
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return .punctuation
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return .symbol
        default:
            return .other
        }
    }

    /// `kind(of:)` of the ASCII characters, looked up once.
    private static let asciiKinds: [Kind] = (0..<128).map { kind(of: Unicode.Scalar(UInt8($0))) }

    /// The type of a token from its (normalized) characters. Read from the UTF-16 units (a lone
    /// surrogate is U+FFFD, as a String would have it): tokens are typed one by one, and a
    /// String per token cost more than the segmentation.
    static func tokenType(of units: ArraySlice<UInt16>) -> TokenType {
        var hasHan = false, hasLetter = false, hasDigit = false, hasPunct = false, hasSymbol = false, hasOther = false
        var i = units.startIndex
        while i < units.endIndex {
            let u = units[i]
            i += 1
            let kind: Kind
            if u < 0x80 {
                kind = asciiKinds[Int(u)]
            } else if isHan(UInt32(u)) {
                kind = .han
            } else if UTF16.isLeadSurrogate(u), i < units.endIndex, UTF16.isTrailSurrogate(units[i]) {
                kind = Self.kind(of: Unicode.Scalar(UTF16.scalarValue(lead: u, trail: units[i]))!)
                i += 1
            } else {
                kind = Self.kind(of: Unicode.Scalar(u) ?? "\u{FFFD}")
            }
            switch kind {
            case .han: hasHan = true
            case .digit: hasDigit = true
            case .letter: hasLetter = true
            case .punctuation: hasPunct = true
            case .symbol: hasSymbol = true
            case .other: hasOther = true
            }
        }
        if hasHan { return .word }
        // Letters and digits together are a code; spaces and hyphens may join its parts.
        if hasLetter && hasDigit && !hasSymbol { return .code }
        if hasLetter { return (hasSymbol || hasOther) ? .word : .latin }
        if hasDigit { return (hasPunct || hasSymbol) && !hasOther ? .number : (hasOther ? .word : .number) }
        if hasPunct && !hasSymbol { return .punctuation }
        if hasSymbol || hasPunct { return .symbol }
        return .word
    }
}

/// Numbers kept whole: `12.6`, `1,024`, `-5`, `23.4%`, `50万`, `1.3亿`, `2026年`, `二○○一年`, `十二月`.
///
/// The units follow the common ground of the PKU and MSR standards: 万/亿 belong to the number,
/// so do date units (年 only after a year: `1998年` but `10 年`, `一 年`); measure words
/// (`张`, `元`, `个`) do not.
enum NumberPattern {
    // Sets of units as bit tables, not `Set`s: `match` runs at every numeral, and a `Set`
    // hashed the unit for each look-up (1.7% of segment's instructions).
    private static let chineseNumeralUnits = Array("〇○零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟".utf16)
    static let chineseNumerals = UnitSet(chineseNumeralUnits)
    /// Numerals that write a year digit by digit (二○○一), not as a quantity (十二).
    static let digitNumerals = UnitSet("〇○零一二三四五六七八九".utf16)
    /// Units that make a date or time word with the number before them (as PKU's standard does).
    static let dateUnits = UnitSet("年月日号时分秒".utf16)
    /// Magnitudes that belong to the number (`50万`, `1.3亿`, `1万亿`).
    static let magnitudes = UnitSet("万亿".utf16)
    static let year = UInt16(0x5E74)  // 年

    /// Whether a number can start with this unit (a digit, `.`, `-` or a Chinese numeral):
    /// `match` finds nothing elsewhere, and this check is a table lookup, not a set's hash.
    @inline(__always)
    static func canStart(_ c: UInt16) -> Bool { starts.contains(c) }

    /// The units a number can start with. A loop over many positions reads this into a local
    /// constant first (a static is initialized lazily: every read asks whether it was).
    static let starts = UnitSet(Array("0123456789.-".utf16) + chineseNumeralUnits)

    /// 万 or 亿: a magnitude, which a number keeps (3.2亿 | 元).
    @inline(__always)
    static func isMagnitude(_ c: UInt16) -> Bool { c == 0x4E07 || c == 0x4EBF }

    /// The end of the number starting at `u[start]`, or nil.
    static func match(_ u: [UInt16], from start: Int) -> Int? {
        let n = u.count
        var i = start
        func isDigit(_ c: UInt16) -> Bool { c >= 48 && c <= 57 }
        func boundaryBefore(_ k: Int) -> Bool { k == 0 || !(isDigit(u[k - 1]) || isASCIILetter(u[k - 1]) || u[k - 1] == 46) }
        // A minus sign that starts a number (`-5` degrees), not a range (`1-5`) or a hyphen (`A-5`).
        if u[i] == 45, i + 1 < n, isDigit(u[i + 1]), boundaryBefore(start) {
            i += 1
        }
        // A decimal whose leading digits were lost (`营收.06亿`) is still a number, but an
        // incomplete one: it keeps no magnitude or unit.
        var damaged = false
        if u[i] == 46, i + 1 < n, isDigit(u[i + 1]), start == 0 || !isDigit(u[start - 1]) {
            i += 1
            damaged = true
        }
        if isDigit(u[i]) {
            // Don't start inside a number or a Latin word (e.g. the 300 of GB300).
            if i == start, !boundaryBefore(start) { return nil }
            let digitsStart = i
            while i < n, isDigit(u[i]) { i += 1 }
            let integerDigits = i - digitsStart
            // Decimals and thousands separators: a separator must be followed by a digit.
            while i + 1 < n, (u[i] == 46 || u[i] == 44), isDigit(u[i + 1]) {
                i += 1
                while i < n, isDigit(u[i]) { i += 1 }
            }
            if i < n, isASCIILetter(u[i]) { return nil }   // 3D, 5G: ICU's word.
            if damaged { return i }
            while i < n, magnitudes.contains(u[i]) { i += 1 }
            if i < n, u[i] == 37 || u[i] == 0x2030 { return i + 1 }   // % ‰
            if i < n, dateUnits.contains(u[i]) {
                if u[i] != year || (integerDigits >= 3 && i - digitsStart == integerDigits) { return i + 1 }
            }
            return i
        }
        guard chineseNumerals.contains(u[i]) else { return nil }
        var digitsOnly = true
        while i < n, chineseNumerals.contains(u[i]) {
            if !digitNumerals.contains(u[i]) { digitsOnly = false }
            i += 1
        }
        let length = i - start
        if i < n, dateUnits.contains(u[i]) {
            if u[i] != year || (digitsOnly && length >= 3) { return i + 1 }
            return nil
        }
        // Numeral runs alone must be long enough not to be ordinary words (一些, 十分 are in the lexicon).
        return length >= 3 ? i : nil
    }

    /// Whether `c` is an ASCII letter (one comparison: setting bit 5 lowers A–Z to a–z and
    /// moves nothing else into that range).
    @inline(__always)
    static func isASCIILetter(_ c: UInt16) -> Bool { (c | 0x20) &- 0x61 < 26 }
}
