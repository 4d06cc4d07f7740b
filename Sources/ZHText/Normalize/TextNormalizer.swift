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

/// Normalizes text one character at a time through ICU, caching the result per character.
///
/// Per-character mapping keeps an exact map back to the original offsets; it differs from
/// whole-string NFKC only for combining sequences, which Chinese text rarely has. One
/// instance is not thread-safe (its cache fills as it goes): give each worker its own.
public final class TextNormalizer {
    public let options: NormalizationOptions
    private var transliterator: OpaquePointer?
    /// For BMP characters: -2 not yet computed, -1 unchanged, otherwise an index into `replacements`.
    private var bmp = [Int32](repeating: -2, count: 0x10000)
    private var astral: [UInt32: Int32] = [:]
    private var replacements: [[UInt16]] = []

    public init(options: NormalizationOptions = .init()) {
        self.options = options
        if options.traditionalToSimplified {
            var error: Int32 = 0
            transliterator = zh_transliterator_open("Traditional-Simplified", &error)
        }
    }

    deinit { if let transliterator { zh_transliterator_close(transliterator) } }

    /// Normalizes a whole string (for dictionary entries and token forms).
    public func normalize(_ s: String) -> String {
        let units = Array(s.utf16)
        let view = normalize(units[...])
        return String(decoding: view.units, as: UTF16.self)
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
            var scalarValue = UInt32(u)
            var width = 1
            if UTF16.isLeadSurrogate(u), i + 1 < end, UTF16.isTrailSurrogate(units[i + 1]) {
                scalarValue = 0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(units[i + 1]) - 0xDC00)
                width = 2
            }
            let mapping = mappingIndex(scalarValue)
            let origin = Int32(i - base)
            if mapping == -1 {
                for k in 0..<width {
                    out.units.append(units[i + k])
                    out.origin.append(origin)
                    out.startsCharacter.append(k == 0)
                }
            } else {
                let replacement = replacements[Int(mapping)]
                for (k, r) in replacement.enumerated() {
                    out.units.append(r)
                    out.origin.append(origin)
                    out.startsCharacter.append(k == 0)
                }
            }
            i += width
        }
        out.origin.append(Int32(end - base))
        return out
    }

    private func mappingIndex(_ scalar: UInt32) -> Int32 {
        if scalar < 0x80 {
            // ASCII: only case folding can change it.
            if options.foldCase, scalar >= 65, scalar <= 90 { return cachedMapping(scalar) }
            return -1
        }
        return cachedMapping(scalar)
    }

    private func cachedMapping(_ scalar: UInt32) -> Int32 {
        if scalar < 0x10000 {
            let cached = bmp[Int(scalar)]
            if cached != -2 { return cached }
            let computed = compute(scalar)
            bmp[Int(scalar)] = computed
            return computed
        }
        if let cached = astral[scalar] { return cached }
        let computed = compute(scalar)
        astral[scalar] = computed
        return computed
    }

    private func compute(_ scalar: UInt32) -> Int32 {
        guard let s = Unicode.Scalar(scalar) else { return -1 }
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
        if units == original || units.isEmpty { return -1 }
        replacements.append(units)
        return Int32(replacements.count - 1)
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
