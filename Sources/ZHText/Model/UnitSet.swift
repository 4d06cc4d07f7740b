/// A set of UTF-16 code units as a bitmap of 64K bits: a membership test is one shift, one
/// load and one mask. Scanners use it to skip, with one test, the positions where nothing
/// they look for can start.
struct UnitSet: Sendable {
    fileprivate var words = [UInt64](repeating: 0, count: 1 << 10)

    init() {}

    init<S: Sequence>(_ units: S) where S.Element == UInt16 {
        for unit in units { insert(unit) }
    }

    mutating func insert(_ unit: UInt16) {
        words[Int(unit >> 6)] |= 1 << UInt64(unit & 63)
    }

    /// Adds every unit of `other`.
    mutating func formUnion(_ other: UnitSet) {
        for k in words.indices { words[k] |= other.words[k] }
    }

    /// (Through the buffer: the index is always in range, 1,024 words, and the array's check
    /// of it was a third of the test, which scanners run at every position.)
    @inline(__always)
    func contains(_ unit: UInt16) -> Bool {
        words.withUnsafeBufferPointer { Self.holds($0, unit) }
    }

    /// The bit of `unit` in `words`.
    @inline(__always)
    fileprivate static func holds(_ words: UnsafeBufferPointer<UInt64>, _ unit: UInt16) -> Bool {
        words[Int(unit >> 6)] & (1 << UInt64(unit & 63)) != 0
    }

    /// Whether the set holds `scalar` (a scalar beyond the BMP is no unit).
    @inline(__always)
    func contains(scalar: UInt32) -> Bool {
        scalar < 0x1_0000 && contains(UInt16(truncatingIfNeeded: scalar))
    }
}

/// Where the phrases of a set may start, judged by the unit there and the next: their first
/// units, a bit for each (hashed) pair of a phrase's first two units, and the units of one-unit
/// phrases. In prose a phrase's first character is often common (会, 主, 我) but its first two
/// rarely stand together, so a scanner that steps with `next(in:from:)` passes over most of the
/// positions the first units alone would stop it at. Every position where a phrase of the set
/// starts is one `next` stops at.
struct PhraseStarts: Sendable {
    /// The first units of the phrases.
    private(set) var firstUnits = UnitSet()
    private var pairs = UnitSet()
    private var oneUnitPhrases = UnitSet()

    init() {}

    /// Adds a phrase.
    mutating func insert(_ phrase: [UInt16]) {
        guard let first = phrase.first else { return }
        firstUnits.insert(first)
        if phrase.count == 1 { oneUnitPhrases.insert(first) } else { pairs.insert(Self.pairKey(first, phrase[1])) }
    }

    /// Adds the phrases of `other`.
    mutating func formUnion(_ other: PhraseStarts) {
        firstUnits.formUnion(other.firstUnits)
        pairs.formUnion(other.pairs)
        oneUnitPhrases.formUnion(other.oneUnitPhrases)
    }

    /// The first position from `start` on where a phrase may start, or `units.count`.
    func next(in units: [UInt16], from start: Int) -> Int {
        units.withUnsafeBufferPointer { next(in: $0, from: start) }
    }

    /// `next(in:from:)` over units in memory.
    func next(in units: UnsafeBufferPointer<UInt16>, from start: Int) -> Int {
        Self.next(in: units, from: start, firstUnits: firstUnits, pairs: pairs, ones: oneUnitPhrases)
    }

    /// (The sets as arguments, borrowed: copies retained and released their arrays at every call.)
    private static func next(in u: UnsafeBufferPointer<UInt16>, from start: Int, firstUnits: UnitSet, pairs: UnitSet, ones: UnitSet) -> Int {
        firstUnits.words.withUnsafeBufferPointer { f in
            pairs.words.withUnsafeBufferPointer { p in
                ones.words.withUnsafeBufferPointer { o in
                    var k = max(start, 0)
                    while k < u.count {
                        if mayStart(u, at: k, f, p, o) { return k }
                        k += 1
                    }
                    return u.count
                }
            }
        }
    }

    /// Whether a phrase may start at `u[k]`: the test `next(in:from:)` makes at each position.
    @inline(__always)
    func mayStart(_ u: UnsafeBufferPointer<UInt16>, at k: Int) -> Bool {
        firstUnits.words.withUnsafeBufferPointer { f in
            pairs.words.withUnsafeBufferPointer { p in
                oneUnitPhrases.words.withUnsafeBufferPointer { o in Self.mayStart(u, at: k, f, p, o) }
            }
        }
    }

    /// The test of `mayStart(_:at:)` over the sets' words (`f`, `p`, `o`: the first units, the
    /// pairs, the one-unit phrases).
    @inline(__always)
    private static func mayStart(_ u: UnsafeBufferPointer<UInt16>, at k: Int, _ f: UnsafeBufferPointer<UInt64>,
                                 _ p: UnsafeBufferPointer<UInt64>, _ o: UnsafeBufferPointer<UInt64>) -> Bool {
        UnitSet.holds(f, u[k]) && (UnitSet.holds(o, u[k]) || (k &+ 1 < u.count && UnitSet.holds(p, pairKey(u[k], u[k &+ 1]))))
    }

    /// The 16 bits kept for a phrase that starts with `first`, `second` (a multiplicative hash).
    @inline(__always)
    private static func pairKey(_ first: UInt16, _ second: UInt16) -> UInt16 {
        UInt16(truncatingIfNeeded: ((UInt32(first) << 16 | UInt32(second)) &* 0x9E37_79B1) >> 16)
    }
}
