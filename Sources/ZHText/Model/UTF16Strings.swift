extension UTF16 {
    /// The scalar value of a surrogate pair (the caller has checked `lead` and `trail`).
    @inline(__always)
    static func scalarValue(lead: UInt16, trail: UInt16) -> UInt32 {
        0x10000 + ((UInt32(lead) - 0xD800) << 10) + (UInt32(trail) - 0xDC00)
    }
}

extension UTF16 {
    /// The scalar at `units[i]` as `String(decoding:as: UTF16.self)` reads it (an unpaired
    /// surrogate is one U+FFFD), and how many units it takes: `forEachScalar`'s step, for
    /// loops that read other units without decoding them.
    @inline(__always)
    static func repairedScalar(_ units: UnsafeBufferPointer<UInt16>, at i: Int) -> (scalar: Unicode.Scalar, width: Int) {
        let c = units[i]
        if isLeadSurrogate(c), i + 1 < units.count, isTrailSurrogate(units[i + 1]) {
            return (Unicode.Scalar(scalarValue(lead: c, trail: units[i + 1]))!, 2)
        }
        return (Unicode.Scalar(c) ?? "\u{FFFD}", 1)
    }

    /// How many of `units` are not trail surrogates: the number of Unicode scalars of valid
    /// UTF-16, counted eight units at a time (the loop by pointer, said to vectorize, took four
    /// instructions a unit).
    static func countNonTrailSurrogates(_ units: [UInt16]) -> Int {
        units.withUnsafeBufferPointer { $0.count - UnitBlocks.trailSurrogateCount($0) }
    }
}

extension Sequence where Element == UInt16 {
    /// Calls `body` with each Unicode scalar of these units, as `String(decoding:as: UTF16.self)`
    /// reads them (an unpaired surrogate is one U+FFFD), without making the String.
    func forEachScalar(_ body: (Unicode.Scalar) -> Void) {
        var parser = Unicode.UTF16.ForwardParser()
        var iterator = makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): body(Unicode.UTF16.decode(encoded))
            case .error: body("\u{FFFD}")
            case .emptyInput: return
            }
        }
    }
}

/// UTF-16 to UTF-8, and valid UTF-8 back to UTF-16, transcoded here: the standard library's
/// generic `String(decoding:as: UTF16.self)` costs thousands of instructions for a short word,
/// and tokens, terms and documents are made from UTF-16 all the time. A lone surrogate becomes
/// U+FFFD, as `String(decoding:as:)` makes it.
enum UTF8Transcoding {
    /// The UTF-16 of the sequence at byte `i` of valid UTF-8 (a String's, or bytes the standard
    /// library has validated): its unit, the trail surrogate after it (0 for a scalar in the
    /// BMP), and the sequence's length in bytes. The decoder of whole files and
    /// `String.appendUTF16(to:)` both read UTF-8 through it.
    @inline(__always)
    static func decodeValid(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (unit: UInt16, trail: UInt16, length: Int) {
        let c = UInt32(b[i])
        if c < 0x80 { return (UInt16(c), 0, 1) }
        if c < 0xE0 { return (UInt16((c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)), 0, 2) }
        if c < 0xF0 { return (threeByteUnit(b, at: i), 0, 3) }
        let scalar = (c & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F)
        return (UInt16(0xD800 + ((scalar - 0x10000) >> 10)), UInt16(0xDC00 + ((scalar - 0x10000) & 0x3FF)), 4)
    }

    /// The unit of the valid three-byte sequence at byte `i`.
    @inline(__always)
    static func threeByteUnit(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt16 {
        UInt16(b[i] & 0x0F) << 12 | UInt16(b[i &+ 1] & 0x3F) << 6 | UInt16(b[i &+ 2] & 0x3F)
    }

    /// Writes `units` as UTF-8 at `out` (room for `3 * units.count` bytes) and returns the count.
    /// (Inlined: `segment` writes every token through it, most of them a few Han characters, which
    /// are tested for first.)
    @inline(__always)
    static func encode(_ units: UnsafeBufferPointer<UInt16>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let count = units.count
        var o = 0, i = 0
        while i < count {
            let u = UInt32(units[i])
            if u >= 0x800, u & 0xF800 != 0xD800 {
                out[o] = UInt8(0xE0 | (u >> 12))
                out[o + 1] = UInt8(0x80 | ((u >> 6) & 0x3F))
                out[o + 2] = UInt8(0x80 | (u & 0x3F))
                o += 3
            } else if u < 0x80 {
                out[o] = UInt8(u)
                o += 1
            } else if u < 0x800 {
                out[o] = UInt8(0xC0 | (u >> 6))
                out[o + 1] = UInt8(0x80 | (u & 0x3F))
                o += 2
            } else if u < 0xDC00, i + 1 < count, units[i + 1] & 0xFC00 == 0xDC00 {
                let scalar = UTF16.scalarValue(lead: UInt16(u), trail: units[i + 1])
                out[o] = UInt8(0xF0 | (scalar >> 18))
                out[o + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
                out[o + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                out[o + 3] = UInt8(0x80 | (scalar & 0x3F))
                o += 4
                i += 1
            } else {
                // A lone surrogate: U+FFFD.
                out[o] = 0xEF
                out[o + 1] = 0xBF
                out[o + 2] = 0xBD
                o += 3
            }
            i += 1
        }
        return o
    }
}

extension String {
    /// A string from UTF-16 code units (see `UTF8Transcoding`).
    init(utf16CodeUnits units: UnsafeBufferPointer<UInt16>) {
        guard !units.isEmpty else { self = ""; return }
        self.init(unsafeUninitializedCapacity: units.count * 3) { out in
            UTF8Transcoding.encode(units, into: out.baseAddress!)
        }
    }

    /// A string from a slice of UTF-16 code units (see `init(utf16CodeUnits:)`).
    init(utf16CodeUnits units: ArraySlice<UInt16>) {
        self = units.withUnsafeBufferPointer { String(utf16CodeUnits: $0) }
    }

    /// A string of the scalars of `values` (a value that is none left out), written as UTF-8
    /// at once: a `String.UnicodeScalarView` made and converted cost some 5,500 instructions
    /// for an n-gram of new-word candidates.
    init<Values: Collection>(scalarValues values: Values) where Values.Element == UInt32 {
        guard !values.isEmpty else { self = ""; return }
        self.init(unsafeUninitializedCapacity: 4 * values.count) { out in
            var o = 0
            for value in values {
                guard let scalar = Unicode.Scalar(value), let bytes = UTF8.encode(scalar) else { continue }
                for byte in bytes {
                    out[o] = byte
                    o += 1
                }
            }
            return o
        }
    }
}

extension String {
    /// Appends the string's UTF-16 code units (those of `utf16`) to `units`, decoded from its
    /// UTF-8 (`UTF8Transcoding.decodeValid`): appending the `utf16` view, which is not
    /// contiguous, cost some 450 instructions for a two-character word (the standard library's
    /// `transcode` about as much).
    func appendUTF16(to units: inout [UInt16]) {
        var s = self
        s.withUTF8 { b in
            var i = 0
            while i < b.count {
                let (unit, trail, length) = UTF8Transcoding.decodeValid(b, at: i)
                units.append(unit)
                if trail != 0 { units.append(trail) }
                i += length
            }
        }
    }
}

/// Trimming without Foundation: `trimmingCharacters(in:)` bridges to `NSString`, which on Linux
/// costs some 10,000 instructions a call (reading the dictionaries spent a quarter of start-up
/// there). The same scalars are trimmed.
extension Substring {
    /// The text without the leading and trailing scalars `isTrimmed` accepts.
    func trimming(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        guard let first = unicodeScalars.firstIndex(where: { !isTrimmed($0) }),
              let last = unicodeScalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(Substring(unicodeScalars[first...last]))
    }

    /// `trimmingCharacters(in: .whitespaces)`.
    func trimmingWhitespace() -> String { trimming(where: Unicode.Scalar.isWhitespace) }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`.
    func trimmingWhitespaceAndNewlines() -> String { trimming(where: Unicode.Scalar.isWhitespaceOrNewline) }
}

extension Substring {
    /// The parts between each `separator` (an ASCII character such as `\n` or `\t`), empty parts
    /// kept. Split on the UTF-8 bytes: a split by Characters keeps a CRLF line break whole (it is
    /// one Character), so a file saved with CRLF line ends would be one line; it also costs more.
    func split(atASCII separator: Unicode.Scalar) -> [Substring] {
        precondition(separator.isASCII, "an ASCII separator")
        return utf8.split(separator: UInt8(separator.value), omittingEmptySubsequences: false).map { Substring($0) }
    }
}

extension String {
    /// See `Substring.split(atASCII:)`.
    func split(atASCII separator: Unicode.Scalar) -> [Substring] { self[...].split(atASCII: separator) }

    /// See `Substring.trimming(where:)`.
    func trimming(where isTrimmed: (Unicode.Scalar) -> Bool) -> String { self[...].trimming(where: isTrimmed) }

    /// `trimmingCharacters(in: .whitespaces)`.
    func trimmingWhitespace() -> String { self[...].trimmingWhitespace() }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`.
    func trimmingWhitespaceAndNewlines() -> String { self[...].trimmingWhitespaceAndNewlines() }
}

extension Unicode.Scalar {
    /// A member of Foundation's `CharacterSet.whitespaces` (CoreFoundation's list: tab, space,
    /// U+00A0, U+1680, U+2000–U+200B, U+202F, U+205F, U+3000).
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// A member of Foundation's `CharacterSet.whitespacesAndNewlines`: `isWhitespace`, and
    /// U+000A–U+000D, U+0085, U+2028, U+2029.
    static func isWhitespaceOrNewline(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return isWhitespace(s)
        }
    }
}

/// String order (`<`) for sorting many terms: the same order as `<`, much faster for most terms.
///
/// Swift's `<` orders strings by the code points of their NFC forms, checking each string's
/// normalization on the way, which made sorting a document's terms cost more than counting
/// them. Text made only of code points below U+0300, CJK ideographs (U+3400–U+9FFF) and
/// full-width forms (U+FF00–U+FFEF) is already NFC (none of these combine), and for NFC text
/// the code point order is the order of the UTF-8 bytes: such strings are compared by their
/// first 16 bytes, held as two integers, and anything else is left to `<`.
enum CodePointOrder {
    /// One item to sort: its primary key, its string's first 16 UTF-8 bytes (big-endian, zero
    /// padded) and length (-1: not known to be NFC), and its position.
    private struct Item<Primary> {
        var primary: Primary
        var high: UInt64
        var low: UInt64
        var length: Int
        var index: Int
    }

    /// The positions of `primaries` (and their `strings`) sorted by descending primary, ties in
    /// string order: the order of `sorted { $0.p != $1.p ? $0.p > $1.p : $0.s < $1.s }`.
    static func descending<Primary: Comparable>(_ primaries: [Primary], thenBy strings: [String]) -> [Int] {
        precondition(primaries.count == strings.count)
        var items = strings.indices.map { k -> Item<Primary> in
            var item = Item(primary: primaries[k], high: 0, low: 0, length: -1, index: k)
            var s = strings[k]
            s.withUTF8 { bytes in
                guard isComposedAlready(bytes) else { return }
                item.length = bytes.count
                for j in 0..<min(bytes.count, 16) {
                    if j < 8 { item.high |= UInt64(bytes[j]) << (56 - 8 * UInt64(j)) } else { item.low |= UInt64(bytes[j]) << (120 - 8 * UInt64(j)) }
                }
            }
            return item
        }
        items.sort { a, b in
            if a.primary != b.primary { return a.primary > b.primary }
            if a.length >= 0 && b.length >= 0 {
                if a.high != b.high { return a.high < b.high }
                if a.low != b.low { return a.low < b.low }
                // Equal first 16 bytes: the shorter string first when both are no longer (zero padding is what the shorter lacks).
                if a.length <= 16 && b.length <= 16 { return a.length < b.length }
                return less(strings[a.index], strings[b.index])
            }
            return strings[a.index] < strings[b.index]
        }
        return items.map(\.index)
    }

    /// `a < b`, comparing bytes when both strings are known to be NFC.
    static func less(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        let fast = a.withUTF8 { x in
            b.withUTF8 { y -> Bool? in
                guard isComposedAlready(x), isComposedAlready(y) else { return nil }
                let n = min(x.count, y.count)
                for k in 0..<n where x[k] != y[k] { return x[k] < y[k] }
                return x.count < y.count
            }
        }
        return fast ?? (a < b)
    }

    /// Whether UTF-8 `bytes` hold only code points that can neither combine nor be combined
    /// with: below U+0300, U+3400–U+9FFF or U+FF00–U+FFEF.
    static func isComposedAlready(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        let count = bytes.count
        while k < count {
            let lead = bytes[k]
            if lead < 0x80 {
                k += 1
            } else if lead >= 0xC2 && lead <= 0xCB {   // U+0080–U+02FF
                k += 2
            } else if lead >= 0xE4 && lead <= 0xE9 {   // U+4000–U+9FFF
                k += 3
            } else if lead == 0xE3 && k + 1 < count && bytes[k + 1] >= 0x90 {   // U+3400–U+3FFF
                k += 3
            } else if lead == 0xEF && k + 2 < count && ((0xBC...0xBE).contains(bytes[k + 1]) || (bytes[k + 1] == 0xBF && bytes[k + 2] < 0xB0)) {   // U+FF00–U+FFEF
                k += 3
            } else {
                return false
            }
        }
        return true
    }
}

/// A few Characters of one scalar each, matched by scalar: what `"、,，".contains(ch)` answers,
/// without a Character comparison (hundreds of instructions each, for every Character of a
/// text). `equivalents`: the other scalars canonically equal to one of them (U+037E GREEK
/// QUESTION MARK is `;`), which the Character comparison also matches; a Character of several
/// scalars equals none of them (a decomposition never makes one scalar of two).
struct ScalarCharacters: Sendable {
    private let scalars: [UInt32]

    init(_ characters: String, equivalents: [Unicode.Scalar] = []) {
        precondition(characters.allSatisfy { $0.unicodeScalars.count == 1 }, "single-scalar Characters")
        scalars = characters.unicodeScalars.map(\.value) + equivalents.map(\.value)
    }

    @inline(__always)
    func contains(_ ch: Character) -> Bool {
        let units = ch.unicodeScalars
        guard let first = units.first, units.index(after: units.startIndex) == units.endIndex else { return false }
        return contains(scalar: first)
    }

    /// Whether `scalar` is one of them or an equivalent: a Character that starts with it may be
    /// one (if nothing joins it), and no other Character is.
    @inline(__always)
    func contains(scalar: Unicode.Scalar) -> Bool { scalars.contains(scalar.value) }
}
