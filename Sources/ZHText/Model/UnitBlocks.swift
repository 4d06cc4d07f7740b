/// UTF-16 units read eight at a time, for scans that pass over most units without a second
/// look (colons, control characters, a plain line's end, two spaces in a row, middle dots):
/// one vector comparison answers for the eight, where a unit-by-unit loop took several
/// instructions for each.
///
/// (Every operand is a vector: the standard library's operators that take a scalar operand, and
/// its `any(_:)`, are generic loops over the lanes, slower than the scalar code.)
enum UnitBlocks {
    typealias Block = SIMD8<UInt16>

    /// How many units a block holds.
    static let width = 8

    /// The block of `units[i..<(i + 8)]` (the caller has checked that it is inside).
    @inline(__always)
    static func block(_ units: UnsafeBufferPointer<UInt16>, at i: Int) -> Block {
        UnsafeRawPointer(units.baseAddress.unsafelyUnwrapped).loadUnaligned(fromByteOffset: i &* 2, as: Block.self)
    }

    /// The units of `block` that are colons (`:`, `：`, `︰`; see `SpeakerLabelReader.isColon`).
    @inline(__always)
    static func colons(_ block: Block) -> SIMDMask<SIMD8<Int16>> {
        (block .== Block(repeating: 0x3A)) .| (block .== Block(repeating: 0xFF1A)) .| (block .== Block(repeating: 0xFE30))
    }

    /// Whether some unit of `block` is a colon or a trail surrogate (the second unit of a scalar).
    @inline(__always)
    static func holdsColonOrTrailSurrogate(_ block: Block) -> Bool {
        any(colons(block) .| ((block & Block(repeating: 0xFC00)) .== Block(repeating: 0xDC00)))
    }

    /// The position of the first colon in `units`, or nil.
    static func firstColon(in units: [UInt16]) -> Int? {
        firstIndex(in: units, blockHolds: { any(colons($0)) }, unitIs: SpeakerLabelReader.isColon)
    }

    /// The position of the first unit of `units` that `unitIs`, or nil: blocks are passed over
    /// while `blockHolds` says none of theirs is one (the two tests must agree).
    @inline(__always)
    private static func firstIndex(in units: [UInt16], blockHolds: (Block) -> Bool, unitIs: (UInt16) -> Bool) -> Int? {
        units.withUnsafeBufferPointer { u in
            var i = 0
            while i &+ width <= u.count, !blockHolds(block(u, at: i)) { i &+= width }
            while i < u.count {
                if unitIs(u[i]) { return i }
                i &+= 1
            }
            return nil
        }
    }

    /// The position of the first `unit` in `units`, or nil (a whole document is searched for a
    /// `<` before it is taken for HTML).
    static func firstIndex(of unit: UInt16, in units: [UInt16]) -> Int? {
        let target = Block(repeating: unit)
        return firstIndex(in: units, blockHolds: { any($0 .== target) }, unitIs: { $0 == unit })
    }

    /// How many units of `units` are trail surrogates (the second units of scalars): counted
    /// in eight lanes (a mask's lane is -1 where it holds), added up every 4,000 blocks, before
    /// a lane could overflow.
    static func trailSurrogateCount(_ units: UnsafeBufferPointer<UInt16>) -> Int {
        let mask = Block(repeating: 0xFC00), trail = Block(repeating: 0xDC00)
        return count(in: units, lanes: { ($0 & mask) .== trail }, unitIs: { $0 & 0xFC00 == 0xDC00 })
    }

    /// The number of line feeds (U+000A) in `units`, counted as `trailSurrogateCount` counts.
    static func lineFeedCount(_ units: UnsafeBufferPointer<UInt16>) -> Int {
        let lineFeed = Block(repeating: 0x0A)
        return count(in: units, lanes: { $0 .== lineFeed }, unitIs: { $0 == 0x0A })
    }

    /// The number of units of `units` that `unitIs`, eight at a time where `lanes` marks them
    /// in a block (the two tests must agree): see `trailSurrogateCount`.
    @inline(__always)
    private static func count(in units: UnsafeBufferPointer<UInt16>, lanes test: (Block) -> SIMDMask<SIMD8<Int16>>,
                              unitIs: (UInt16) -> Bool) -> Int {
        var i = 0, found = 0
        while i &+ width <= units.count {
            var lanes = SIMD8<Int16>()
            var blocks = 0
            while blocks < 4000, i &+ width <= units.count {
                lanes &-= unsafeBitCast(test(block(units, at: i)), to: SIMD8<Int16>.self)
                i &+= width
                blocks &+= 1
            }
            for lane in 0..<width { found &+= Int(lanes[lane]) }
        }
        while i < units.count {
            if unitIs(units[i]) { found &+= 1 }
            i &+= 1
        }
        return found
    }

    /// Whether some unit of `block` is a C0 control character other than a line break (the
    /// lines of a text file end in them), or DEL.
    @inline(__always)
    static func holdsControl(_ block: Block) -> Bool {
        any(((block .< Block(repeating: 0x20)) .& (block .!= Block(repeating: 0x0A)) .& (block .!= Block(repeating: 0x0D)))
            .| (block .== Block(repeating: 0x7F)))
    }

    /// The units of `block` that are spaces or tabs (`SegmentView.isHorizontalSpace`).
    @inline(__always)
    static func horizontalSpaces(_ block: Block) -> SIMDMask<SIMD8<Int16>> {
        (block .== Block(repeating: 0x20)) .| (block .== Block(repeating: 0x09))
    }

    /// The units of `block` that are middle dots other than `·` (which `NameNormalizer` folds
    /// into `·`: `NameNormalizer.isMiddleDot`).
    @inline(__always)
    static func dotsToFold(_ block: Block) -> SIMDMask<SIMD8<Int16>> {
        (block .== Block(repeating: 0x30FB)) .| (block .== Block(repeating: 0x2022)) .| (block .== Block(repeating: 0x2027))
            .| (block .== Block(repeating: 0xFF65)) .| (block .== Block(repeating: 0x2219))
    }

    /// Whether every unit of `block` is ordinary (`HTMLCleaner.isOrdinary`: no line break,
    /// space, invisible character or half of a surrogate pair among them).
    @inline(__always)
    static func isOrdinary(_ block: Block) -> Bool {
        // Each range as one unsigned comparison of the unit less the range's start.
        let ascii = (block &- Block(repeating: 0x21)) .< Block(repeating: 0x7F - 0x21)
        let bmp = (block &- Block(repeating: 0x3001)) .< Block(repeating: 0xD800 - 0x3001)
        let high = ((block &- Block(repeating: 0xE000)) .< Block(repeating: 0xFFF9 - 0xE000)) .& (block .!= Block(repeating: 0xFEFF))
        let punctuation = ((block &- Block(repeating: 0x2010)) .< Block(repeating: 0x205F - 0x2010))
            .& ((block &- Block(repeating: 0x2028)) .>= Block(repeating: 0x2030 - 0x2028))
        return all(ascii .| bmp .| high .| punctuation)
    }

    /// Whether every unit of `block` is a CJK Unified Ideograph of the main block (U+4E00–9FFF:
    /// a Han character of one unit, as most of Chinese text is).
    @inline(__always)
    static func isCommonHan(_ block: Block) -> Bool {
        all((block &- Block(repeating: 0x4E00)) .< Block(repeating: 0xA000 - 0x4E00))
    }

    /// Whether every lane of `mask` is set (read from its bits).
    @inline(__always)
    static func all(_ mask: SIMDMask<SIMD8<Int16>>) -> Bool {
        let lanes = unsafeBitCast(mask, to: (UInt64, UInt64).self)
        return lanes.0 & lanes.1 == UInt64.max
    }

    /// Whether any lane of `mask` is set (read from its bits).
    @inline(__always)
    static func any(_ mask: SIMDMask<SIMD8<Int16>>) -> Bool {
        let lanes = unsafeBitCast(mask, to: (UInt64, UInt64).self)
        return lanes.0 | lanes.1 != 0
    }
}
