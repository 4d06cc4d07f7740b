/// Pinyin glosses that scraped pages leave in the text: `發(fā)布`, `发展（fā zhǎn）`. Counted as
/// words they would rank `fā` and `zhǎn` as keywords, so the cleaner removes them and records
/// each one (`pinyin-gloss`) as a data-quality finding.
///
/// A gloss is a bracket, round ASCII or full-width, right after a Han character (spaces between
/// allowed), holding nothing but pinyin syllables: lowercase letters with at least one tone mark
/// (`ā á ǎ à`, `ü`, or a combining tone mark), each space- or apostrophe-separated piece
/// splitting into valid syllables, and no more syllables than the Han characters just before the
/// bracket. So `英伟达(NVIDIA)`, `(Eddie Wu)` and `(fa zhan)` without tone marks stay as they are.
/// Removing scalars keeps every other character's source span: offsets stay exact.
enum PinyinGlosses {
    /// The most glosses reported one by one per document; the rest are summed up in one diagnostic.
    static let maxReported = 10

    /// Removes the glosses from the paragraphs and returns what was removed as diagnostics.
    static func remove(from paragraphs: inout [CleanParagraph], source: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var removed = 0
        var firstUnreported: Int32? = nil
        for p in paragraphs.indices {
            var glosses: [Range<Int>] = []
            let s = paragraphs[p].scalars
            // A gloss needs an opening bracket: most paragraphs have none.
            guard s.contains(where: { $0 == "(" || $0 == "（" }) else { continue }
            var i = 0
            while i < s.count {
                // The others are passed here, without a call each.
                guard mayStartGloss(s[i]) else { i += 1; continue }
                if let gloss = gloss(in: s, at: i) {
                    glosses.append(gloss.removed)
                    removed += 1
                    let offset = paragraphs[p].spans[gloss.bracket].start
                    if removed <= maxReported {
                        let text = String(String.UnicodeScalarView(s[gloss.bracket..<gloss.removed.upperBound]))
                        let word = String(String.UnicodeScalarView(s[max(0, gloss.removed.lowerBound - gloss.syllables)..<gloss.removed.lowerBound]))
                        diagnostics.append(Diagnostic(.warning, source: source, byteOffset: Int(offset), code: .pinyinGloss,
                            message: "removed the pinyin gloss '\(text)' after '\(word)'"))
                    } else if firstUnreported == nil {
                        firstUnreported = offset
                    }
                    i = gloss.removed.upperBound
                } else {
                    i += 1
                }
            }
            // Remove from the end so earlier ranges stay valid.
            for range in glosses.reversed() {
                paragraphs[p].scalars.removeSubrange(range)
                paragraphs[p].spans.removeSubrange(range)
                let lead = paragraphs[p].boldLeadLength
                if range.lowerBound < lead {
                    paragraphs[p].boldLeadLength = range.lowerBound + max(0, lead - range.upperBound)
                }
            }
        }
        if removed > maxReported, let offset = firstUnreported {
            diagnostics.append(Diagnostic(.warning, source: source, byteOffset: Int(offset), code: .pinyinGloss,
                message: "removed \(removed - maxReported) more pinyin gloss(es) (\(removed) in all)"))
        }
        return diagnostics
    }

    /// Only a space or an opening bracket starts a gloss.
    @inline(__always)
    static func mayStartGloss(_ c: Unicode.Scalar) -> Bool { c == "(" || c == "（" || c == " " }

    /// The gloss starting at `s[i]` (a space or opening bracket after a Han character): the
    /// scalars to remove (spaces before the bracket included), where the bracket is and how
    /// many syllables it holds.
    static func gloss(in s: [Unicode.Scalar], at i: Int) -> (removed: Range<Int>, bracket: Int, syllables: Int)? {
        // Cheap tests first: this runs at every character of every paragraph.
        guard mayStartGloss(s[i]), i > 0, isHan(s[i - 1]) else { return nil }
        var open = i
        while open < s.count, s[open] == " " { open += 1 }
        guard open < s.count else { return nil }
        let close: Unicode.Scalar
        switch s[open] {
        case "(": close = ")"
        case "（": close = "）"
        default: return nil
        }
        // The gloss is short: at most a few syllables.
        var end = open + 1
        while end < s.count, s[end] != close, end - open <= 60 { end += 1 }
        guard end < s.count, s[end] == close else { return nil }
        guard let syllables = syllableCount(s[(open + 1)..<end]) else { return nil }
        var han = 0
        var k = i - 1
        while k >= 0, isHan(s[k]) { han += 1; k -= 1 }
        guard syllables <= han else { return nil }
        return (i..<(end + 1), open, syllables)
    }

    /// The number of pinyin syllables in a bracket's content, or nil when it is not tone-marked pinyin.
    static func syllableCount<C: Collection>(_ content: C) -> Int? where C.Element == Unicode.Scalar {
        var pieces: [[UInt8]] = [[]]
        var marked = false
        for scalar in content {
            switch scalar {
            case " ", "'", "’", "-":
                pieces.append([])
            case "a"..."z":
                pieces[pieces.count - 1].append(UInt8(scalar.value))
            default:
                if let (base, isMark) = toneless[scalar] {
                    if let base { pieces[pieces.count - 1].append(base) }
                    marked = marked || isMark
                } else {
                    return nil
                }
            }
        }
        pieces.removeAll { $0.isEmpty }
        guard marked, !pieces.isEmpty else { return nil }
        var total = 0
        for piece in pieces {
            guard let n = split(piece) else { return nil }
            total += n
        }
        return total
    }

    /// The fewest syllables a toneless piece splits into (`fazhan` → 2), or nil.
    private static func split(_ piece: [UInt8]) -> Int? {
        var best = [Int?](repeating: nil, count: piece.count + 1)
        best[0] = 0
        for start in 0..<piece.count {
            guard let before = best[start] else { continue }
            for length in 1...min(6, piece.count - start) where syllables.contains(piece[start..<(start + length)].map { $0 }) {
                let end = start + length
                if best[end] == nil || best[end]! > before + 1 { best[end] = before + 1 }
            }
        }
        return best[piece.count]
    }

    private static func isHan(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isUnifiedIdeograph }

    /// Tone-marked letters and combining tone marks: the base letter (`v` for ü; nil for a
    /// combining mark) and whether the scalar marks pinyin.
    static let toneless: [Unicode.Scalar: (UInt8?, Bool)] = {
        var map: [Unicode.Scalar: (UInt8?, Bool)] = [:]
        let groups: [(String, Character)] = [("āáǎà", "a"), ("ēéěè", "e"), ("īíǐì", "i"), ("ōóǒò", "o"),
                                             ("ūúǔù", "u"), ("ǖǘǚǜü", "v"), ("ńňǹ", "n"), ("ḿ", "m")]
        for (marked, base) in groups {
            for scalar in marked.unicodeScalars { map[scalar] = (base.asciiValue!, true) }
        }
        for mark in [0x0300, 0x0301, 0x0304, 0x030C, 0x0308] { map[Unicode.Scalar(mark)!] = (nil, true) }
        return map
    }()

    /// Toneless pinyin syllables (ü written v): every initial with every final, a superset of
    /// the real syllables that is tight enough once a tone mark and the syllable count are required.
    private static let syllables: Set<[UInt8]> = {
        let initials = ["", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
                        "zh", "ch", "sh", "r", "z", "c", "s", "y", "w"]
        let finals = ["a", "o", "e", "i", "u", "v", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er",
                      "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "ua", "uo", "uai", "ui",
                      "uan", "un", "uang", "ve", "ue", "van", "vn"]
        var set: Set<[UInt8]> = []
        for initial in initials {
            for final in finals { set.insert(Array((initial + final).utf8)) }
        }
        for interjection in ["n", "ng", "m", "hm", "hng"] { set.insert(Array(interjection.utf8)) }
        return set
    }()
}
