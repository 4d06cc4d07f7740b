/// HTML character references: named (the ones Chinese news pages use, plus HTML's basics)
/// and numeric (`&#39;`, `&#x27;`).
enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}", "zwj": "\u{200D}",
        "ndash": "–", "mdash": "—", "hellip": "…", "middot": "·", "bull": "•",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "sbquo": "‚", "bdquo": "„",
        "laquo": "«", "raquo": "»", "lsaquo": "‹", "rsaquo": "›",
        "copy": "©", "reg": "®", "trade": "™", "deg": "°", "plusmn": "±", "times": "×", "divide": "÷",
        "yen": "¥", "cent": "¢", "pound": "£", "euro": "€", "sect": "§", "para": "¶",
        "permil": "‰", "prime": "′", "Prime": "″", "micro": "µ", "frac12": "½", "frac14": "¼", "frac34": "¾",
        "sup2": "²", "sup3": "³", "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "harr": "↔",
        "le": "≤", "ge": "≥", "ne": "≠", "asymp": "≈", "infin": "∞", "minus": "−",
        "iexcl": "¡", "iquest": "¿", "shy": "\u{00AD}",
    ]

    /// Decodes the reference starting at `scalars[start]` (an `&`). Returns the replacement and
    /// the index after the reference, or nil when it is not a reference (the `&` stays literal).
    static func decode(_ scalars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var i = start + 1
        guard i < scalars.count else { return nil }
        if scalars[i] == "#" {
            i += 1
            var hex = false
            if i < scalars.count, scalars[i] == "x" || scalars[i] == "X" { hex = true; i += 1 }
            var value: UInt32 = 0
            let digitsStart = i
            while i < scalars.count, i - digitsStart < 8 {
                let v = scalars[i].value
                let digit: UInt32
                switch v {
                case 48...57: digit = v - 48
                case 65...70 where hex: digit = v - 55
                case 97...102 where hex: digit = v - 87
                default: digit = 99
                }
                if digit == 99 { break }
                value = value * (hex ? 16 : 10) + digit
                i += 1
            }
            guard i > digitsStart else { return nil }
            if i < scalars.count, scalars[i] == ";" { i += 1 }
            // Windows-1252 remaps (&#150; is what pages mean by an en dash) are not applied:
            // C1 controls and invalid values become U+FFFD, as HTML5 says for the invalid ones.
            guard let scalar = Unicode.Scalar(value), value != 0 else { return ("\u{FFFD}", i) }
            return (String(scalar), i)
        }
        var name = ""
        while i < scalars.count, i - start <= 10, scalars[i].properties.isAlphabetic || ("0"..."9").contains(scalars[i]) {
            name.unicodeScalars.append(scalars[i])
            i += 1
        }
        guard i < scalars.count, scalars[i] == ";", let value = named[name] else { return nil }
        return (value, i + 1)
    }
}
