/// The documented rule for numbers, units and codes (README, "Numbers, units and codes"):
///
/// - A number keeps its magnitude and its percent sign: `3.2亿`, `570亿`, `1.5万亿`, `49.56万`,
///   `23.4%`; the currency or measure word after it is a token of its own (`元`, `美元`, `人`,
///   `辆`), so `3.2亿元` and `570亿美元` come out alike (`3.2亿 | 元`, `570亿 | 美元`).
/// - A number with an English magnitude or multiple is a number: `3.2B`, `1.5bn`, `20mn`, `5.6x`.
/// - Letters and digits together are a code (type `code`, counted like words): `RTX5090`, `A800`,
///   `H20`, `Q3`, `FY2025`, `3Q23`, `x86`, `GB300 NVL72` (a listed term), and a short
///   capitalised name and a number written apart (`RTX 5090`, `iPhone 16`).
/// - Latin words joined by hyphens are one token (`DeepSeek-R1`, `non-GAAP`, `o1-preview`,
///   `Wi-Fi`); digits on both sides of a hyphen are a range and stay apart (`20 | - | 25`).
enum NumberRule {
    /// Whether the token `u[start..<end]` is a number: a number edge without letters, or a
    /// number followed by an English magnitude (`3.2B`, `1.5bn`, `5.6x`).
    @inline(__always)
    static func isNumberToken(_ u: [UInt16], _ start: Int, _ end: Int, edgeIsNumber: Bool) -> Bool {
        guard start < end else { return false }
        if edgeIsNumber {
            for k in start..<end where NumberPattern.isASCIILetter(u[k]) { return isSuffixedNumber(u, start, end) }
            return true
        }
        guard u[start] >= 48, u[start] <= 57, NumberPattern.isASCIILetter(u[end - 1]) else { return false }
        return isSuffixedNumber(u, start, end)
    }

    /// English magnitudes and multiples written after a number (lowercase: the view is case-folded,
    /// but uppercase is accepted too).
    static let suffixes: Set<String> = ["k", "m", "mn", "b", "bn", "t", "tn", "x"]

    /// Digits with decimals or thousands separators, then one of `suffixes`.
    static func isSuffixedNumber(_ u: [UInt16], _ start: Int, _ end: Int) -> Bool {
        guard let digitsEnd = NumberShapes.digitRun(u, from: start), digitsEnd < end, digitsEnd >= end - 2 else { return false }
        let suffix = String(decoding: u[digitsEnd..<end], as: UTF16.self).lowercased()
        return suffixes.contains(suffix)
    }
}

/// Latin compounds the segmenter joins after the best path: hyphenated names and codes written
/// with a space (see `NumberRule`).
enum LatinCompounds {
    @inline(__always)
    static func isAlnum(_ c: UInt16) -> Bool { (c >= 48 && c <= 57) || NumberPattern.isASCIILetter(c) }

    /// The end of the compound that starts with the path's token `u[start..<end]` (the path is
    /// `next`, and `kindOf` its edge kinds), or nil when it is not one.
    static func end(_ u: [UInt16], _ start: Int, _ end: Int, next: UnsafeMutablePointer<Int32>,
                    kindOf: UnsafeMutablePointer<Segmenter.EdgeKind>, isUppercase: (Int) -> Bool) -> Int? {
        let n = u.count
        func allAlnum(_ a: Int, _ b: Int) -> Bool {
            guard a < b else { return false }
            for k in a..<b where !isAlnum(u[k]) && u[k] != 0x2D { return false }
            return isAlnum(u[a]) && isAlnum(u[b - 1])
        }
        func hasLetter(_ a: Int, _ b: Int) -> Bool {
            for k in a..<b where NumberPattern.isASCIILetter(u[k]) { return true }
            return false
        }
        guard allAlnum(start, end) else { return nil }
        var e = end
        var joined = false
        // Hyphens: word-word, word-code, code-word; not number-number (a range).
        while e + 1 < n, u[e] == 0x2D, Int(next[e]) == e + 1, kindOf[e] != .space {
            let partEnd = Int(next[e + 1])
            guard partEnd > e + 1, allAlnum(e + 1, partEnd), hasLetter(start, e) || hasLetter(e + 1, partEnd) else { break }
            e = partEnd
            joined = true
        }
        if joined { return e }
        // A short capitalised name and a number written apart: `RTX 5090`, `iPhone 16`.
        if e + 1 < n, u[e] == 0x20, Int(next[e]) == e + 1, isModelName(u, start, e, isUppercase: isUppercase) {
            let numberEnd = Int(next[e + 1])
            guard numberEnd > e + 1, numberEnd - (e + 1) <= 4 else { return nil }
            for k in (e + 1)..<numberEnd where !(u[k] >= 48 && u[k] <= 57) { return nil }
            // Not a number that goes on (`RTX 5090.5`, `GPU 100%`).
            if numberEnd < n, u[numberEnd] == 0x2E || u[numberEnd] == 0x25 || u[numberEnd] == 0x2C { return nil }
            return numberEnd
        }
        return nil
    }

    /// Letters only, and either 2–4 capitals (`RTX`, `GTX`) or a lowercase start with a capital
    /// later (`iPhone`, `iPad`), as written (`isUppercase` reads the original text: the view
    /// is case-folded).
    static func isModelName(_ u: [UInt16], _ start: Int, _ end: Int, isUppercase: (Int) -> Bool) -> Bool {
        let count = end - start
        guard count >= 2, count <= 8 else { return false }
        var upper = 0, lowerFirst = false
        for k in start..<end {
            guard NumberPattern.isASCIILetter(u[k]) else { return false }
            if isUppercase(k) { upper += 1 } else if k == start { lowerFirst = true }
        }
        return (upper == count && count <= 4) || (lowerFirst && upper >= 1)
    }
}

/// Adjustments of the normalized view before segmenting: runs of spaces read as one space (a
/// multi-word term matches `Vera  Rubin`), and a symbol that NFKC spells with letters (`℃` as
/// `°C`, `㎏` as `kg`, `™` as `TM`) stays the symbol (one token of type `symbol`, never a word).
enum SegmentView {
    @inline(__always)
    static func isHorizontalSpace(_ c: UInt16) -> Bool { c == 0x20 || c == 0x09 }

    /// The normalized form of `text` as the segmenter reads it (a token's `norm`).
    static func normalizedForm(_ text: String, normalizer: TextNormalizer) -> String {
        let units = Array(text.utf16)
        var view = normalizer.normalize(units[...])
        if needsAdjusting(view) { view = adjusted(view, original: units, base: 0) }
        return String(decoding: view.units, as: UTF16.self)
    }

    /// Whether `adjusted` would change the view (a cheap scan).
    static func needsAdjusting(_ view: NormalizedText) -> Bool {
        let n = view.units.count
        // (A unit that starts no character is one of several from one character.)
        if let starts = view.storedStarts, starts.dropFirst().contains(false) { return true }
        return view.units.withUnsafeBufferPointer { u in
            var k = 1
            // Eight units and the eight before them at a time (most views have no two spaces).
            while k &+ UnitBlocks.width <= n {
                let here = UnitBlocks.block(u, at: k), before = UnitBlocks.block(u, at: k &- 1)
                if UnitBlocks.any(UnitBlocks.horizontalSpaces(here) .& UnitBlocks.horizontalSpaces(before)) { return true }
                k &+= UnitBlocks.width
            }
            while k < n {
                if isHorizontalSpace(u[k]), isHorizontalSpace(u[k - 1]) { return true }
                k += 1
            }
            return false
        }
    }

    /// The view with space runs collapsed and symbols restored; `original[base...]` is the text
    /// the view's origins count from.
    static func adjusted(_ view: NormalizedText, original: [UInt16], base: Int) -> NormalizedText {
        let n = view.units.count
        // Written through buffers with room for the most the view gives (n units: a symbol
        // restored is never longer than its expansion), then copied once into the arrays.
        // Appended one by one (each append checking the array's uniqueness and room), a long
        // paragraph with one expanded character (…… read as ......) cost some 70 instructions
        // a unit, the whole paragraph long.
        let units = UnsafeMutableBufferPointer<UInt16>.allocate(capacity: n)
        let origin = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n + 1)
        let starts = UnsafeMutableBufferPointer<Bool>.allocate(capacity: n)
        defer { units.deallocate(); origin.deallocate(); starts.deallocate() }
        // The view's origins and character starts as arrays (each `origin(at:)` or
        // `startsCharacter(at:)` tested its optional array first).
        let from = view.origin, isStart = view.startsCharacter
        var count = 0
        var k = 0
        while k < n {
            let unit = view.units[k]
            if isHorizontalSpace(unit), count > 0, isHorizontalSpace(units[count - 1]) {
                k += 1
                continue
            }
            // A character expanded into several units (the next one does not start a character).
            if isStart[k], k + 1 < n, !isStart[k + 1] {
                var end = k + 1
                while end < n, !isStart[end] { end += 1 }
                let at = base + Int(from[k])
                let (scalar, width) = Segmenter.scalar(original, at)
                if let s = Unicode.Scalar(scalar), s.properties.generalCategory == .otherSymbol {
                    for w in 0..<width {
                        units[count] = original[at + w]
                        origin[count] = from[k]
                        starts[count] = w == 0
                        count += 1
                    }
                    k = end
                    continue
                }
            }
            units[count] = unit
            origin[count] = from[k]
            starts[count] = isStart[k]
            count += 1
            k += 1
        }
        origin[count] = from[n]
        return NormalizedText(units: Array(UnsafeBufferPointer(rebasing: units[..<count])),
                              origin: Array(UnsafeBufferPointer(rebasing: origin[...count])),
                              startsCharacter: Array(UnsafeBufferPointer(rebasing: starts[..<count])))
    }
}
