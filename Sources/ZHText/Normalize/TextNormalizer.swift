import CICU

/// Which normalizations apply before segmentation and counting.
public struct NormalizationOptions: Sendable, Equatable {
    /// NFKC: full-width Latin letters, digits and punctuation become their ASCII forms.
    public var nfkc: Bool
    /// Traditional characters become Simplified (ICU's `Traditional-Simplified`).
    public var traditionalToSimplified: Bool
    /// Latin case folding, so `GPU` and `gpu` count as one term.
    public var foldCase: Bool

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
public struct NormalizedText {
    /// The normalized UTF-16 code units.
    public var units: [UInt16] = []
    /// `origin[k]` is the offset in the original text of the character that produced
    /// `units[k]`; `origin[units.count]` is the original length.
    public var origin: [Int32] = []
    /// `startsCharacter[k]` is false for the second and later units one original character
    /// produced (a boundary there falls inside that character).
    public var startsCharacter: [Bool] = []
}

/// Normalizes text one character at a time, with an exact map back to the original offsets.
///
/// Per-character mapping differs from whole-string NFKC only for combining sequences, which
/// Chinese text rarely has. Characters are looked up in a `NormalizationTable` shared by every
/// normalizer with the same options (computed once with ICU and cached on disk); the few
/// beyond its range go through ICU and are remembered per instance. One instance is therefore
/// not thread-safe: give each worker its own.
public final class TextNormalizer {
    public let options: NormalizationOptions
    private let table: NormalizationTable
    private var astral: [UInt32: [UInt16]] = [:]
    private var icu: ICUNormalization?

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
        var out = NormalizedText()
        out.units.reserveCapacity(units.count)
        out.origin.reserveCapacity(units.count + 1)
        out.startsCharacter.reserveCapacity(units.count)
        let base = units.startIndex
        var i = base
        let end = units.endIndex
        while i < end {
            let u = units[i]
            let origin = Int32(i - base)
            if !UTF16.isLeadSurrogate(u) || i + 1 == end || !UTF16.isTrailSurrogate(units[i + 1]) {
                let m = table.mapping[Int(u)]
                if m < 0 {
                    out.units.append(u)
                    out.origin.append(origin)
                    out.startsCharacter.append(true)
                } else {
                    var first = true
                    for k in Int(table.offsets[Int(m)])..<Int(table.offsets[Int(m) + 1]) {
                        out.units.append(table.units[k])
                        out.origin.append(origin)
                        out.startsCharacter.append(first)
                        first = false
                    }
                }
                i += 1
                continue
            }
            let scalar = 0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(units[i + 1]) - 0xDC00)
            if let replacement = astralReplacement(scalar) {
                for (k, r) in replacement.enumerated() {
                    out.units.append(r)
                    out.origin.append(origin)
                    out.startsCharacter.append(k == 0)
                }
            } else {
                out.units.append(u)
                out.units.append(units[i + 1])
                out.origin.append(origin)
                out.origin.append(origin)
                out.startsCharacter.append(true)
                out.startsCharacter.append(false)
            }
            i += 2
        }
        out.origin.append(Int32(end - base))
        return out
    }

    /// Normalizes UTF-8 text (valid, as dictionary files are checked to be) into `out`, with no
    /// map back to the original: what lexicon keys need.
    func normalizeKey(utf8 bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt16]) {
        out.removeAll(keepingCapacity: true)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = UInt32(bytes[i])
            var scalar: UInt32
            switch b {
            case ..<0x80: scalar = b; i += 1
            case ..<0xE0 where i + 1 < n:
                scalar = (b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); i += 2
            case ..<0xF0 where i + 2 < n:
                scalar = (b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); i += 3
            default:
                guard i + 3 < n else { i = n; continue }
                scalar = (b & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                    | UInt32(bytes[i + 3] & 0x3F)
                i += 4
            }
            if scalar < 0x10000 {
                let m = table.mapping[Int(scalar)]
                if m < 0 {
                    out.append(UInt16(scalar))
                } else {
                    out.append(contentsOf: table.units[Int(table.offsets[Int(m)])..<Int(table.offsets[Int(m) + 1])])
                }
            } else if let replacement = astralReplacement(scalar) {
                out.append(contentsOf: replacement)
            } else {
                out.append(UInt16(0xD800 + ((scalar - 0x10000) >> 10)))
                out.append(UInt16(0xDC00 + ((scalar - 0x10000) & 0x3FF)))
            }
        }
    }

    /// The normalized form of a character beyond the BMP, or nil if it is unchanged.
    private func astralReplacement(_ scalar: UInt32) -> [UInt16]? {
        if scalar < NormalizationTable.astralLimit { return table.astralReplacement(scalar).map(Array.init) }
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
