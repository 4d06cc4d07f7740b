/// Decodes the JSON-string escapes scrapers leave in text: `\uXXXX` (with surrogate pairs),
/// `\"`, `\\`, `\/`, `\n`, `\r`, `\t`, `\b`, `\f`.
///
/// Defined behaviour for damage: an invalid escape (`\x`) or a truncated one (`\u12` — fewer
/// than four hex digits, also at the end of the text) is kept as written; a `\u` escape for a
/// lone surrogate (a high one not followed by a low one, or a low one alone) becomes U+FFFD.
/// Both are reported, never silently changed.
enum JSONEscapes {
    /// Decoded UTF-16 units, where each came from, and the damage found.
    struct Decoded {
        var units: [UInt16]
        /// `origin[k]` is the offset in the input of the escape (or character) that produced
        /// `units[k]`; the last element is the input's length.
        var origin: [Int32]
        /// Input offsets of invalid or truncated escapes (kept as written).
        var invalid: [Int] = []
        /// Input offsets of lone-surrogate escapes (replaced by U+FFFD).
        var loneSurrogates: [Int] = []
    }

    public static func decode(_ text: String, source: String = "", diagnostics: inout [Diagnostic]) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return text }
        let decoded = decode(Array(text.utf16))
        diagnostics += self.diagnostics(decoded, source: source) { _ in -1 }
        return String(decoding: decoded.units, as: UTF16.self)
    }

    /// The warnings for what `decode` found; `byteOffset` maps an input offset to the file.
    static func diagnostics(_ decoded: Decoded, source: String, byteOffset: (Int) -> Int) -> [Diagnostic] {
        var result: [Diagnostic] = []
        if let first = decoded.invalid.first {
            result.append(Diagnostic(.warning, source: source, byteOffset: byteOffset(first), code: .invalidEscape,
                message: "\(decoded.invalid.count) invalid or truncated backslash escape(s) kept as written (the first one here)"))
        }
        if let first = decoded.loneSurrogates.first {
            result.append(Diagnostic(.warning, source: source, byteOffset: byteOffset(first), code: .loneSurrogate,
                message: "\(decoded.loneSurrogates.count) \\u escape(s) for a lone surrogate replaced by U+FFFD (the first one here)"))
        }
        return result
    }

    static func decode(_ units: [UInt16]) -> Decoded {
        var out = Decoded(units: [], origin: [])
        out.units.reserveCapacity(units.count)
        out.origin.reserveCapacity(units.count + 1)
        func hex4(_ at: Int) -> UInt16? {
            guard at + 4 <= units.count else { return nil }
            var value: UInt16 = 0
            for k in at..<at + 4 {
                let c = units[k]
                let digit: UInt16
                switch c {
                case 48...57: digit = c - 48
                case 65...70: digit = c - 55
                case 97...102: digit = c - 87
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
        func emit(_ unit: UInt16, from at: Int) {
            out.units.append(unit)
            out.origin.append(Int32(at))
        }
        var i = 0
        while i < units.count {
            let c = units[i]
            guard c == 0x5C else {
                // The run up to the next backslash, copied at once (an append per unit checked
                // the arrays' uniqueness each time).
                var end = i + 1
                while end < units.count, units[end] != 0x5C { end += 1 }
                out.units.append(contentsOf: units[i..<end])
                out.origin.append(contentsOf: (i..<end).lazy.map { Int32($0) })
                i = end
                continue
            }
            guard i + 1 < units.count else {
                // A backslash ending the text: a truncated escape.
                out.invalid.append(i)
                emit(c, from: i); i += 1
                continue
            }
            let next = units[i + 1]
            switch next {
            case 0x75: // u
                guard let value = hex4(i + 2) else {
                    out.invalid.append(i)
                    emit(c, from: i); i += 1
                    continue
                }
                if UTF16.isLeadSurrogate(value) {
                    if i + 12 <= units.count, units[i + 6] == 0x5C, units[i + 7] == 0x75,
                       let low = hex4(i + 8), UTF16.isTrailSurrogate(low) {
                        emit(value, from: i); emit(low, from: i); i += 12
                        continue
                    }
                    out.loneSurrogates.append(i)
                    emit(0xFFFD, from: i); i += 6
                    continue
                }
                if UTF16.isTrailSurrogate(value) {
                    out.loneSurrogates.append(i)
                    emit(0xFFFD, from: i); i += 6
                    continue
                }
                emit(value, from: i); i += 6
            case 0x22, 0x5C, 0x2F: emit(next, from: i); i += 2       // \" \\ \/
            case 0x6E: emit(0x0A, from: i); i += 2                    // \n
            case 0x72: emit(0x0D, from: i); i += 2                    // \r
            case 0x74: emit(0x09, from: i); i += 2                    // \t
            case 0x62: emit(0x08, from: i); i += 2                    // \b
            case 0x66: emit(0x0C, from: i); i += 2                    // \f
            default:
                out.invalid.append(i)
                emit(c, from: i); i += 1
            }
        }
        out.origin.append(Int32(units.count))
        return out
    }
}
