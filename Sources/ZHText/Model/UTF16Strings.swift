extension UTF16 {
    /// The scalar value of a surrogate pair (the caller has checked `lead` and `trail`).
    @inline(__always)
    static func scalarValue(lead: UInt16, trail: UInt16) -> UInt32 {
        0x10000 + ((UInt32(lead) - 0xD800) << 10) + (UInt32(trail) - 0xDC00)
    }
}

/// UTF-16 to UTF-8, transcoded here: the standard library's generic
/// `String(decoding:as: UTF16.self)` costs thousands of instructions for a short word, and
/// tokens, terms and documents are made from UTF-16 all the time. A lone surrogate becomes
/// U+FFFD, as `String(decoding:as:)` makes it.
enum UTF8Transcoding {
    /// Writes `units` as UTF-8 at `out` (room for `3 * units.count` bytes) and returns the count.
    static func encode(_ units: UnsafeBufferPointer<UInt16>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let count = units.count
        var o = 0, i = 0
        while i < count {
            let u = UInt32(units[i])
            if u < 0x80 {
                out[o] = UInt8(u)
                o += 1
            } else if u < 0x800 {
                out[o] = UInt8(0xC0 | (u >> 6))
                out[o + 1] = UInt8(0x80 | (u & 0x3F))
                o += 2
            } else if u & 0xF800 != 0xD800 {
                out[o] = UInt8(0xE0 | (u >> 12))
                out[o + 1] = UInt8(0x80 | ((u >> 6) & 0x3F))
                out[o + 2] = UInt8(0x80 | (u & 0x3F))
                o += 3
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

    /// Appends `units` as UTF-8 to `bytes`.
    static func append(_ units: UnsafeBufferPointer<UInt16>, to bytes: inout [UInt8]) {
        guard !units.isEmpty else { return }
        let old = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 3 * units.count))
        let written = bytes.withUnsafeMutableBufferPointer { encode(units, into: $0.baseAddress! + old) }
        bytes.removeLast(3 * units.count - written)
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

extension String {
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
