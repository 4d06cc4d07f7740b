import CICU

/// Which normalizations apply before segmentation and counting.
public struct NormalizationOptions: Sendable, Hashable {
    /// NFKC: full-width Latin letters, digits and punctuation become their ASCII forms.
    public var nfkc: Bool
    /// Traditional characters become Simplified (ICU's `Traditional-Simplified`).
    public var traditionalToSimplified: Bool
    /// Latin case folding, so `GPU` and `gpu` count as one term.
    public var foldCase: Bool

    /// Options of the `zhtext` commands (all on) unless given.
    public init(nfkc: Bool = true, traditionalToSimplified: Bool = true, foldCase: Bool = true) {
        self.nfkc = nfkc
        self.traditionalToSimplified = traditionalToSimplified
        self.foldCase = foldCase
    }
}

/// A normalized copy of some text that remembers where each unit came from.
///
/// Segmentation runs on `units`; `origin` maps each boundary back to the original text, so
/// tokens are always ranges of the original characters.
public struct NormalizedText: Sendable {
    /// The normalized UTF-16 code units.
    public var units: [UInt16] = []
    /// `origin[k]` is the offset in the original text of the character that produced
    /// `units[k]`; `origin[units.count]` is the original length.
    public var origin: [Int32] {
        get { storedOrigin ?? (0...units.count).map { Int32($0) } }
        set { storedOrigin = newValue }
    }
    /// `startsCharacter[k]` is false for the second and later units one original character
    /// produced (a boundary there falls inside that character).
    public var startsCharacter: [Bool] {
        get { storedStarts ?? [Bool](repeating: true, count: units.count) }
        set { storedStarts = newValue }
    }
    /// `origin`; nil stands for `origin[k] == k` for every k (each unit from the original unit
    /// at its own offset: nearly every paragraph of Chinese text, which `TextNormalizer` then
    /// makes one array fewer for). An identity may also be stored: nil saves, it does not mean.
    private(set) var storedOrigin: [Int32]?
    /// `startsCharacter`; nil stands for every unit starting a character.
    private(set) var storedStarts: [Bool]?

    /// `origin` and `startsCharacter` given, or nil for the identity and all true.
    init(units: [UInt16], origin: [Int32]?, startsCharacter: [Bool]?) {
        self.units = units
        storedOrigin = origin
        storedStarts = startsCharacter
    }

    /// `origin[k]`, without making the array.
    @inline(__always)
    func origin(at k: Int) -> Int32 {
        if let storedOrigin { return storedOrigin[k] }
        return Int32(truncatingIfNeeded: k)
    }

    /// `startsCharacter[k]`, without making the array.
    @inline(__always)
    func startsCharacter(at k: Int) -> Bool {
        if let storedStarts { return storedStarts[k] }
        return true
    }
}

/// Paragraphs of one document normalized once, with the options used: the structure stage
/// makes them, the segmenter reuses them when its options are the same.
struct NormalizedParagraphs: Sendable {
    let options: NormalizationOptions
    /// The range of the document's text each paragraph's text was normalized from.
    let ranges: [Range<Int>]
    let texts: [NormalizedText]
    /// Whether the structure stage changed a paragraph's text after normalizing it (its middle
    /// dots folded, `NameNormalizer.normalizeParagraphs`), so that it is not the segmenter's;
    /// empty when it changed none.
    let notReusable: [Bool]

    /// The normalized text of `range` (a part of paragraph `paragraph`, as a body range is), as
    /// `TextNormalizer.normalize` would make it: per-character normalization makes a part of a
    /// paragraph's text the text of that part. Nil when `range` does not start and end on
    /// characters of it.
    func text(of range: Range<Int>, inParagraph paragraph: Int) -> NormalizedText? {
        guard paragraph < texts.count, ranges[paragraph].lowerBound <= range.lowerBound,
              range.upperBound <= ranges[paragraph].upperBound,
              notReusable.isEmpty || !notReusable[paragraph] else { return nil }
        let whole = texts[paragraph]
        if range == ranges[paragraph] { return whole }
        let lower = Int32(range.lowerBound - ranges[paragraph].lowerBound)
        let upper = Int32(range.upperBound - ranges[paragraph].lowerBound)
        guard let origin = whole.storedOrigin else {
            // The identity: the part's units are those at its own offsets (and their origins,
            // counted from the part's start, the identity again).
            guard Int(lower) == whole.units.count || whole.startsCharacter(at: Int(lower)) else { return nil }
            return NormalizedText(units: Array(whole.units[Int(lower)..<Int(upper)]), origin: nil,
                                  startsCharacter: whole.storedStarts.map { Array($0[Int(lower)..<Int(upper)]) })
        }
        // `origin` rises with the units: the first unit from each end's character.
        guard let start = origin.firstIndex(where: { $0 >= lower }), origin[start] == lower,
              start == whole.units.count || whole.startsCharacter(at: start),
              let end = origin[start...].firstIndex(where: { $0 >= upper }), origin[end] == upper else { return nil }
        return NormalizedText(units: Array(whole.units[start..<end]),
                              origin: origin[start...end].map { $0 - lower },
                              startsCharacter: whole.storedStarts.map { Array($0[start..<end]) })
    }
}

/// Normalizes text one character at a time, with an exact map back to the original offsets.
///
/// Per-character mapping differs from whole-string NFKC only for combining sequences, which
/// Chinese text rarely has. Characters are looked up in a `NormalizationTable` shared by every
/// normalizer with the same options (computed once with ICU and cached on disk); the few
/// beyond its range go through ICU and are remembered per instance. One instance is therefore
/// not thread-safe: give each worker its own.
public final class TextNormalizer {
    /// What this normalizer folds.
    public let options: NormalizationOptions
    private let table: NormalizationTable
    private var astral: [UInt32: [UInt16]] = [:]
    private var icu: ICUNormalization?
    private let scratch = NormalizationScratch()

    /// A normalizer with `options`.
    ///
    /// ```swift
    /// let normalized = TextNormalizer().normalize("臺積電ＡＩ")   // traditional to simplified, full width to half
    /// ```
    public init(options: NormalizationOptions = .init()) {
        self.options = options
        table = NormalizationTable.shared(for: options)
    }

    /// Normalizes a whole string (for dictionary entries and token forms).
    public func normalize(_ s: String) -> String {
        let units = Array(s.utf16)
        let view = normalize(units[...])
        return String(utf16CodeUnits: view.units[...])
    }

    /// Normalizes `units`, mapping each output unit back to its source offset (relative to `units.startIndex`).
    public func normalize(_ units: ArraySlice<UInt16>) -> NormalizedText {
        units.withUnsafeBufferPointer { normalize($0) }
    }

    private func normalize(_ source: UnsafeBufferPointer<UInt16>) -> NormalizedText {
        // One pass into this normalizer's scratch buffers when the text gets no longer (nearly
        // always: most characters map to one unit, full-width punctuation to its ASCII form);
        // else a pass for the length first. The result's arrays are copies of the buffers
        // (arrays made with uninitialized capacity looked their type's metadata up at run time
        // on every call, which cost more than the copies).
        var buffers = scratch.buffers(for: source.count)
        // Most paragraphs map unit for unit: their units alone are written (no origins, no
        // character starts, no check of either afterwards).
        let same = writeUnitForUnit(source, buffers.units)
        if same == source.count {
            return NormalizedText(units: Array(UnsafeBufferPointer(rebasing: buffers.units[..<same])), origin: nil, startsCharacter: nil)
        }
        var length = write(source, buffers.units, buffers.origin, buffers.starts, from: same)
        if length == nil {
            buffers = scratch.buffers(for: normalizedLength(source))
            length = write(source, buffers.units, buffers.origin, buffers.starts)
        }
        guard let length else { preconditionFailure("the normalized length was counted") }
        let origin = UnsafeBufferPointer(rebasing: buffers.origin[...length])
        let starts = UnsafeBufferPointer(rebasing: buffers.starts[..<length])
        return NormalizedText(units: Array(UnsafeBufferPointer(rebasing: buffers.units[..<length])),
                              origin: Self.isIdentity(origin) ? nil : Array(origin),
                              startsCharacter: starts.contains(false) ? Array(starts) : nil)
    }

    /// Whether `origin[k] == k` for every k.
    private static func isIdentity(_ origin: UnsafeBufferPointer<Int32>) -> Bool {
        for k in origin.indices where origin[k] != Int32(truncatingIfNeeded: k) { return false }
        return true
    }

    /// The number of units `source` normalizes to.
    private func normalizedLength(_ source: UnsafeBufferPointer<UInt16>) -> Int {
        let lookup = table.lookup
        var length = 0
        var i = 0
        while i < source.count {
            if let r = lookup.replacement(of: source[i]) {
                length += r.count
            } else if let scalar = Self.pairScalar(source, i) {
                length += astralReplacement(scalar)?.count ?? 2
                i += 1
            } else {
                length += 1
            }
            i += 1
        }
        return length
    }

    /// The scalar of the surrogate pair at `i`, if one starts there.
    @inline(__always)
    private static func pairScalar(_ source: UnsafeBufferPointer<UInt16>, _ i: Int) -> UInt32? {
        let u = source[i]
        guard UTF16.isLeadSurrogate(u), i + 1 < source.count, UTF16.isTrailSurrogate(source[i + 1]) else { return nil }
        return UTF16.scalarValue(lead: u, trail: source[i + 1])
    }

    /// Writes the normalized units of `source` into `units` (room for as many) for as long as
    /// each unit normalizes to one unit, and no surrogate comes (a pair's second unit has its
    /// first's origin), and returns how many it wrote: up to there, unit k comes from source
    /// unit k and starts a character.
    private func writeUnitForUnit(_ source: UnsafeBufferPointer<UInt16>, _ units: UnsafeMutableBufferPointer<UInt16>) -> Int {
        let lookup = table.lookup
        var i = 0
        while i < source.count {
            let u = source[i]
            if let r = lookup.replacement(of: u) {
                guard r.count == 1 else { return i }
                units[i] = lookup.units[r.lowerBound]
            } else {
                guard !UTF16.isSurrogate(u) else { return i }
                units[i] = u
            }
            i += 1
        }
        return i
    }

    /// Writes the normalized units of `source` with their origins, `origin` ending with the
    /// source's length, and returns how many units it wrote; nil when they would not fit in
    /// `units` (`origin` has room for one more). `from`: how many units `writeUnitForUnit`
    /// wrote already (their origins and starts are filled in here).
    private func write(_ source: UnsafeBufferPointer<UInt16>, _ units: UnsafeMutableBufferPointer<UInt16>,
                       _ origin: UnsafeMutableBufferPointer<Int32>, _ starts: UnsafeMutableBufferPointer<Bool>,
                       from same: Int = 0) -> Int? {
        let lookup = table.lookup
        let room = units.count
        for k in 0..<same { origin[k] = Int32(k); starts[k] = true }
        var k = same
        var i = same
        while i < source.count {
            let u = source[i]
            if let r = lookup.replacement(of: u) {
                guard k + r.count <= room else { return nil }
                for j in r {
                    units[k] = lookup.units[j]; origin[k] = Int32(i); starts[k] = j == r.lowerBound; k += 1
                }
            } else if let scalar = Self.pairScalar(source, i) {
                let replacement = astralReplacement(scalar) ?? [u, source[i + 1]]
                guard k + replacement.count <= room else { return nil }
                for (j, r) in replacement.enumerated() {
                    units[k] = r; origin[k] = Int32(i); starts[k] = j == 0; k += 1
                }
                i += 1
            } else {
                // Unchanged (a lone surrogate too, as it is).
                guard k < room else { return nil }
                units[k] = u; origin[k] = Int32(i); starts[k] = true; k += 1
            }
            i += 1
        }
        origin[k] = Int32(source.count)
        return k
    }

    /// Normalizes UTF-8 text (valid, as dictionary files are checked to be) into `out`, with no
    /// map back to the original: what lexicon keys need.
    func normalizeKey(utf8 bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt16]) {
        normalizeKey(UTF8Scalars(bytes: bytes), into: &out)
    }

    /// `normalizeKey(utf8:into:)` of the String that `String(utf16CodeUnits:)` makes of `units`
    /// (a lone surrogate is U+FFFD there), with no String made.
    func normalizeKey(utf16 units: UnsafeBufferPointer<UInt16>, into out: inout [UInt16]) {
        normalizeKey(UTF16Scalars(units: units), into: &out)
    }

    /// `out`: the normalized forms of the scalars `scalars` gives. (Generic, so that each
    /// decoder's `next` is inlined into the loop: as a closure it was a call per scalar.)
    @inline(__always)
    private func normalizeKey<Scalars: KeyScalars>(_ scalars: Scalars, into out: inout [UInt16]) {
        var scalars = scalars
        out.removeAll(keepingCapacity: true)
        let lookup = table.lookup
        while let scalar = scalars.next() { appendKey(of: scalar, lookup, to: &out) }
    }

    /// Appends the normalized form of `scalar` (`lookup`: `table.lookup`).
    @inline(__always)
    private func appendKey(of scalar: UInt32, _ lookup: NormalizationTable.Lookup, to out: inout [UInt16]) {
        if scalar < 0x10000 {
            if let r = lookup.replacement(of: UInt16(scalar)) {
                out.append(contentsOf: lookup.units[r])
            } else {
                out.append(UInt16(scalar))
            }
        } else if let replacement = astralReplacement(scalar) {
            out.append(contentsOf: replacement)
        } else {
            out.append(UInt16(0xD800 + ((scalar - 0x10000) >> 10)))
            out.append(UInt16(0xDC00 + ((scalar - 0x10000) & 0x3FF)))
        }
    }

    /// The normalized form of a character beyond the BMP, or nil if it is unchanged.
    private func astralReplacement(_ scalar: UInt32) -> [UInt16]? {
        if scalar < NormalizationTable.astralLimit { return table.astralReplacement(scalar) }
        if let cached = astral[scalar] { return cached.isEmpty ? nil : cached }
        if icu == nil { icu = ICUNormalization(options: options) }
        let replacement = icu!.normalize(scalar) ?? []
        astral[scalar] = replacement
        return replacement.isEmpty ? nil : replacement
    }
}

/// The normalization of one character through ICU: NFKC, Traditional→Simplified, case folding.
final class ICUNormalization {
    let options: NormalizationOptions
    private var transliterator: OpaquePointer?

    init(options: NormalizationOptions) {
        self.options = options
        if options.traditionalToSimplified {
            var error: Int32 = 0
            transliterator = zh_transliterator_open("Traditional-Simplified", &error)
        }
    }

    deinit { if let transliterator { zh_transliterator_close(transliterator) } }

    /// The normalized units of `scalar`, or nil if it is unchanged.
    func normalize(_ scalar: UInt32) -> [UInt16]? {
        guard let s = Unicode.Scalar(scalar) else { return nil }
        // ASCII: only case folding can change it.
        if scalar < 0x80 && !(options.foldCase && scalar >= 65 && scalar <= 90) { return nil }
        let original = Array(String(s).utf16)
        var units = original
        if options.nfkc { units = icu(units, zh_nfkc) }
        if options.traditionalToSimplified, let transliterator {
            var buffer = units + [UInt16](repeating: 0, count: 16)
            var error: Int32 = 0
            let length = zh_transliterate(transliterator, &buffer, Int32(units.count), Int32(buffer.count), &error)
            if error <= 0, length >= 0, Int(length) <= buffer.count { units = Array(buffer[0..<Int(length)]) }
        }
        if options.foldCase { units = icu(units, zh_fold_case) }
        // NFKC maps a few characters to nothing (e.g. U+FEFF); keep them as they are so that
        // every original character still has a unit.
        if units == original || units.isEmpty { return nil }
        return units
    }

    private typealias ICUStringFunction = (UnsafePointer<UInt16>?, Int32, UnsafeMutablePointer<UInt16>?, Int32, UnsafeMutablePointer<Int32>?) -> Int32

    private func icu(_ units: [UInt16], _ function: ICUStringFunction) -> [UInt16] {
        var capacity = units.count * 4 + 8
        while true {
            var out = [UInt16](repeating: 0, count: capacity)
            var error: Int32 = 0
            let length = function(units, Int32(units.count), &out, Int32(capacity), &error)
            if error > 0 || length < 0 { return units }
            if Int(length) > capacity { capacity = Int(length); continue }
            return Array(out[0..<Int(length)])
        }
    }
}

/// Buffers a normalizer writes into before copying its result out, kept from one call to the
/// next (a normalizer serves one thread).
private final class NormalizationScratch {
    private var capacity = 0
    private var units = UnsafeMutablePointer<UInt16>.allocate(capacity: 1)
    private var origin = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private var starts = UnsafeMutablePointer<Bool>.allocate(capacity: 1)

    /// Buffers of `length` units (`origin` one more).
    func buffers(for length: Int) -> (units: UnsafeMutableBufferPointer<UInt16>, origin: UnsafeMutableBufferPointer<Int32>,
                                      starts: UnsafeMutableBufferPointer<Bool>) {
        if length > capacity {
            units.deallocate(); origin.deallocate(); starts.deallocate()
            capacity = max(length, capacity * 2)
            units = .allocate(capacity: capacity)
            origin = .allocate(capacity: capacity + 1)
            starts = .allocate(capacity: capacity)
        }
        return (UnsafeMutableBufferPointer(start: units, count: length), UnsafeMutableBufferPointer(start: origin, count: length + 1),
                UnsafeMutableBufferPointer(start: starts, count: length))
    }

    deinit { units.deallocate(); origin.deallocate(); starts.deallocate() }
}

/// The scalars of a text, one after another, for `TextNormalizer.normalizeKey`.
private protocol KeyScalars {
    /// The next scalar, or nil at the end.
    mutating func next() -> UInt32?
}

/// The scalars of valid UTF-8 (a sequence cut off at the end ends the text).
private struct UTF8Scalars: KeyScalars {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    @inline(__always)
    mutating func next() -> UInt32? {
        let n = bytes.count
        guard i < n else { return nil }
        let b = UInt32(bytes[i])
        let scalar: UInt32
        switch b {
        case ..<0x80:
            scalar = b; i += 1
        case ..<0xE0 where i + 1 < n:
            scalar = (b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); i += 2
        case ..<0xF0 where i + 2 < n:
            scalar = (b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); i += 3
        default:
            guard i + 3 < n else { i = n; return nil }
            scalar = (b & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                | UInt32(bytes[i + 3] & 0x3F)
            i += 4
        }
        return scalar
    }
}

/// The scalars of UTF-16 units, a lone surrogate half read as U+FFFD (as `String(utf16CodeUnits:)`
/// repairs it).
private struct UTF16Scalars: KeyScalars {
    let units: UnsafeBufferPointer<UInt16>
    var i = 0

    @inline(__always)
    mutating func next() -> UInt32? {
        guard i < units.count else { return nil }
        let (scalar, width) = UTF16.repairedScalar(units, at: i)
        i += width
        return scalar.value
    }
}
