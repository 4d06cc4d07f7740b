/// The terms that are never cut: every domain, vocabulary (speakers, companies, theme terms)
/// and user term the lexicon lists with a frequency above 0.
///
/// The segmenter first marks their occurrences, leftmost-longest (scanning left to right, at
/// each position the longest protected term that starts and ends on an allowed boundary; an
/// occurrence claims its characters, so of two overlapping protected terms the one that starts
/// first wins, and of two starting together the longer one), and only then finds the best path
/// through the rest: no word may cut into a marked occurrence (`苹果公司市值` with the terms
/// 苹果公司 and 市值 is `苹果公司 | 市值`, whatever the general lexicon says about 公司市值).
/// A user term (`--dict`) is moreover forced: it always comes out as it is. A domain or
/// vocabulary term may still be part of a longer general word that contains it whole, when the
/// lexicon's frequencies prefer that (人均收入 with the domain term 收入).
struct ProtectedTerms: Sendable {
    /// Bit per UTF-16 unit: whether some key starts with it (a table lookup rejects most positions).
    private var firstUnits = [UInt64](repeating: 0, count: 1 << 10)
    /// Keys by their first unit, longest first, and whether each is forced (a user term).
    private var byFirst: [UInt16: [(key: [UInt16], forced: Bool)]] = [:]
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func insert(_ key: [UInt16], forced: Bool) {
        guard let first = key.first else { return }
        var keys = byFirst[first, default: []]
        guard !keys.contains(where: { $0.key == key }) else { return }
        keys.append((key, forced))
        keys.sort { $0.key.count > $1.key.count }
        byFirst[first] = keys
        firstUnits[Int(first) >> 6] |= 1 << UInt64(first & 63)
        count += 1
    }

    @inline(__always)
    func mayStart(_ c: UInt16) -> Bool { firstUnits[Int(c) >> 6] & (1 << UInt64(c & 63)) != 0 }

    /// The end of the longest key that starts at `u[p]` and ends where `isBoundary` allows, and
    /// whether it is forced, or nil.
    @inline(__always)
    func longestMatch(_ u: UnsafeBufferPointer<UInt16>, at p: Int, isBoundary: (Int) -> Bool) -> (end: Int, forced: Bool)? {
        guard mayStart(u[p]), let keys = byFirst[u[p]] else { return nil }
        for (key, forced) in keys where p + key.count <= u.count && isBoundary(p + key.count) {
            var k = 1
            while k < key.count, u[p + k] == key[k] { k += 1 }
            if k == key.count { return (p + key.count, forced) }
        }
        return nil
    }

    /// Collapses runs of spaces and tabs in a normalized key to one space and trims them (so
    /// `Vera  Rubin` and `Vera Rubin` are one key).
    static func collapseSpaces(_ key: inout [UInt16]) {
        guard key.contains(where: { $0 == 0x20 || $0 == 0x09 }) else { return }
        var out: [UInt16] = []
        out.reserveCapacity(key.count)
        for u in key {
            if u == 0x20 || u == 0x09 {
                if let last = out.last, last != 0x20 { out.append(0x20) }
            } else {
                out.append(u)
            }
        }
        while out.last == 0x20 { out.removeLast() }
        key = out
    }

    /// A multi-word key with the spaces between Latin letters and digits removed
    /// (`gb300 nvl72` → `gb300nvl72`), or nil when it has no such space.
    static func spacelessVariant(_ key: [UInt16]) -> [UInt16]? {
        func isAlnum(_ c: UInt16) -> Bool { (c >= 48 && c <= 57) || NumberPattern.isASCIILetter(c) }
        var out: [UInt16] = []
        var changed = false
        for (k, u) in key.enumerated() {
            if u == 0x20, k > 0, k + 1 < key.count, isAlnum(key[k - 1]), isAlnum(key[k + 1]) {
                changed = true
                continue
            }
            out.append(u)
        }
        return changed ? out : nil
    }
}
