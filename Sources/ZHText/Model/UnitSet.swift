/// A set of UTF-16 code units as a bitmap of 64K bits: a membership test is one shift, one
/// load and one mask. Scanners use it to skip, with one test, the positions where nothing
/// they look for can start.
struct UnitSet: Sendable {
    private var words = [UInt64](repeating: 0, count: 1 << 10)

    init() {}

    init<S: Sequence>(_ units: S) where S.Element == UInt16 {
        for unit in units { insert(unit) }
    }

    mutating func insert(_ unit: UInt16) {
        words[Int(unit >> 6)] |= 1 << UInt64(unit & 63)
    }

    /// (Through the buffer: the index is always in range, 1,024 words, and the array's check
    /// of it was a third of the test, which scanners run at every position.)
    @inline(__always)
    func contains(_ unit: UInt16) -> Bool {
        words.withUnsafeBufferPointer { Self.holds($0, unit) }
    }

    /// The bit of `unit` in `words`.
    @inline(__always)
    private static func holds(_ words: UnsafeBufferPointer<UInt64>, _ unit: UInt16) -> Bool {
        words[Int(unit >> 6)] & (1 << UInt64(unit & 63)) != 0
    }

    /// The first position from `start` on whose unit the set holds, or `units.count`: one loop
    /// over both buffers (a scanner testing unit by unit went through the array, the set and
    /// their checks at every position).
    func firstMember(in units: [UInt16], from start: Int) -> Int {
        words.withUnsafeBufferPointer { words in
            units.withUnsafeBufferPointer { u in
                var k = max(start, 0)
                while k < u.count {
                    if Self.holds(words, u[k]) { return k }
                    k += 1
                }
                return u.count
            }
        }
    }

    /// Whether the set holds `scalar` (a scalar beyond the BMP is no unit).
    @inline(__always)
    func contains(scalar: UInt32) -> Bool {
        scalar < 0x1_0000 && contains(UInt16(truncatingIfNeeded: scalar))
    }
}
