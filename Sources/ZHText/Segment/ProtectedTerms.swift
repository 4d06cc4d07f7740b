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
    /// Where keys may start, by their first unit and their first two (`PhraseStarts`): most
    /// positions whose unit starts some key are followed by a unit that no key has second,
    /// and these are rejected without a look at the keys.
    private var starts = PhraseStarts()
    /// Keys while they are being inserted.
    private var pending: [[UInt16]: Bool] = [:]
    // The keys, compiled: flat arrays (no hashing or reference counting while segmenting).
    /// For each first unit, its group of keys: `groupStart[slot]..<groupStart[slot + 1]` in the
    /// key arrays, longest first; `slotOf[unit]` is 0 for none.
    private var slotOf: [Int32] = []
    private var groupStart: [Int32] = [0, 0]
    private var keyStart: [Int32] = []
    private var keyLength: [Int32] = []
    private var keyForced: [Bool] = []
    private var keyUnits: [UInt16] = []

    var count: Int { keyLength.count }
    var isEmpty: Bool { keyLength.isEmpty }

    /// Adds a key (call `compile()` after the last).
    mutating func insert(_ key: [UInt16], forced: Bool) {
        guard !key.isEmpty else { return }
        pending[key] = (pending[key] ?? false) || forced
    }

    /// Lays out the inserted keys for `longestMatch`.
    mutating func compile() {
        let byFirst = Dictionary(grouping: pending.keys, by: { $0[0] })
        slotOf = [Int32](repeating: 0, count: 1 << 16)
        groupStart = [0, 0]   // slot 0: no keys
        keyStart = []; keyLength = []; keyForced = []; keyUnits = []
        starts = PhraseStarts()
        for first in byFirst.keys.sorted() {
            let keys = byFirst[first]!.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
            slotOf[Int(first)] = Int32(groupStart.count - 1)
            for key in keys {
                keyStart.append(Int32(keyUnits.count))
                keyLength.append(Int32(key.count))
                keyForced.append(pending[key]!)
                keyUnits += key
            }
            groupStart.append(Int32(keyLength.count))
            for key in keys { starts.insert(key) }
        }
        pending = [:]
    }

    /// The first position from `start` on where a key may start (judged by its first two
    /// units, see `PhraseStarts`), or `u.count`: every match `longestMatch` finds starts at one.
    func nextPossibleStart(in u: UnsafeBufferPointer<UInt16>, from start: Int) -> Int {
        starts.next(in: u, from: start)
    }

    /// The end of the longest key that starts at `u[p]` and ends where `isBoundary` allows, and
    /// whether it is forced, or nil.
    @inline(__always)
    func longestMatch(_ u: UnsafeBufferPointer<UInt16>, at p: Int, isBoundary: (Int) -> Bool) -> (end: Int, forced: Bool)? {
        guard starts.mayStart(u, at: p) else { return nil }
        let slot = Int(slotOf[Int(u[p])])
        guard slot > 0 else { return nil }
        var k = Int(groupStart[slot])
        let groupEnd = Int(groupStart[slot + 1])
        while k < groupEnd {
            let length = Int(keyLength[k]), start = Int(keyStart[k])
            if p + length <= u.count {
                var i = 1
                while i < length, u[p + i] == keyUnits[start + i] { i += 1 }
                if i == length, isBoundary(p + length) { return (p + length, keyForced[k]) }
            }
            k += 1
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
