/// Decodes the JSON-string escapes scrapers leave in text: `\uXXXX` (with surrogate pairs),
/// `\"`, `\\`, `\/`, `\n`, `\r`, `\t`, `\b`, `\f`.
///
/// Invalid or truncated escapes are kept as written and reported: the text is never silently
/// changed. A lone surrogate becomes U+FFFD, also reported.
public enum JSONEscapes {
    public static func decode(_ text: String, source: String = "", diagnostics: inout [Diagnostic]) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return text }
        let units = Array(text.utf16)
        var out: [UInt16] = []
        out.reserveCapacity(units.count)
        var i = 0
        var invalid = 0, lone = 0
        var firstInvalid = -1
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
        while i < units.count {
            let c = units[i]
            guard c == 0x5C, i + 1 < units.count else { out.append(c); i += 1; continue }
            let next = units[i + 1]
            switch next {
            case 0x75: // u
                guard let value = hex4(i + 2) else {
                    invalid += 1
                    if firstInvalid < 0 { firstInvalid = i }
                    out.append(c); i += 1
                    continue
                }
                if UTF16.isLeadSurrogate(value) {
                    if i + 12 <= units.count, units[i + 6] == 0x5C, units[i + 7] == 0x75,
                       let low = hex4(i + 8), UTF16.isTrailSurrogate(low) {
                        out.append(value); out.append(low); i += 12
                        continue
                    }
                    lone += 1; out.append(0xFFFD); i += 6
                    continue
                }
                if UTF16.isTrailSurrogate(value) { lone += 1; out.append(0xFFFD); i += 6; continue }
                out.append(value); i += 6
            case 0x22, 0x5C, 0x2F: out.append(next); i += 2       // \" \\ \/
            case 0x6E: out.append(0x0A); i += 2                    // \n
            case 0x72: out.append(0x0D); i += 2                    // \r
            case 0x74: out.append(0x09); i += 2                    // \t
            case 0x62: out.append(0x08); i += 2                    // \b
            case 0x66: out.append(0x0C); i += 2                    // \f
            default:
                invalid += 1
                if firstInvalid < 0 { firstInvalid = i }
                out.append(c); i += 1
            }
        }
        if invalid > 0 {
            diagnostics.append(Diagnostic(.warning, source: source, code: "invalid-escape",
                message: "\(invalid) invalid or truncated backslash escape(s) kept as written (first at character \(firstInvalid) of the body)"))
        }
        if lone > 0 {
            diagnostics.append(Diagnostic(.warning, source: source, code: "lone-surrogate",
                message: "\(lone) \\u escape(s) for a lone surrogate replaced by U+FFFD"))
        }
        return String(utf16CodeUnits: out[...])
    }
}
