/// The promises the data model makes, as checks: "nothing lost" stated precisely.
///
/// Each function returns the violations it finds (empty when all hold). The property-based
/// tests and the fuzzer (`Fuzz/`) run them on generated and mutated input.
enum TokenInvariants {
    /// Checks tokens produced for `units[range]`:
    /// - every token is a non-empty range inside `range`, and tokens are in order without overlap;
    /// - token boundaries fall between characters, never inside a surrogate pair;
    /// - what lies between tokens is whitespace (characters that normalize to whitespace), so the
    ///   tokens plus the skipped whitespace reproduce the text exactly;
    /// - each token's `norm` is the normalization of exactly its original characters (as the
    ///   segmenter reads them: runs of spaces as one, symbols such as ℃ kept; `SegmentView`):
    ///   normalizing never moved a boundary (when a `normalizer` is given).
    static func violations(_ tokens: [Token], in units: [UInt16], range: Range<Int>,
                                  normalizer: TextNormalizer? = nil) -> [String] {
        var found: [String] = []
        var at = range.lowerBound
        func insidePair(_ k: Int) -> Bool {
            k > 0 && k < units.count && UTF16.isTrailSurrogate(units[k]) && UTF16.isLeadSurrogate(units[k - 1])
        }
        func checkGap(_ gap: Range<Int>) {
            guard !gap.isEmpty else { return }
            let text = String(decoding: units[gap], as: UTF16.self)
            let normalized = normalizer?.normalize(text) ?? text
            if !normalized.unicodeScalars.allSatisfy({ CharacterClass.isSpace($0.value) }) {
                found.append("non-whitespace \(debug(text)) skipped at \(gap)")
            }
        }
        for (i, token) in tokens.enumerated() {
            let r = token.range
            if r.isEmpty { found.append("token \(i) is empty at \(r)"); continue }
            if r.lowerBound < at { found.append("token \(i) at \(r) starts before the previous one ends (\(at))"); continue }
            if r.upperBound > range.upperBound { found.append("token \(i) at \(r) ends outside \(range)"); continue }
            if insidePair(r.lowerBound) || insidePair(r.upperBound) { found.append("token \(i) at \(r) cuts a surrogate pair") }
            checkGap(at..<r.lowerBound)
            if let normalizer {
                let original = String(decoding: units[r], as: UTF16.self)
                let expected = SegmentView.normalizedForm(original, normalizer: normalizer)
                if expected != token.norm {
                    found.append("token \(i) \(debug(original)) has norm \(debug(token.norm)), but its characters normalize to \(debug(expected))")
                }
            }
            at = r.upperBound
        }
        if at <= range.upperBound { checkGap(at..<range.upperBound) }
        return found
    }

    static func debug(_ s: String) -> String {
        "\"" + s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined() + "\""
    }
}

extension Document {
    /// Checks the cleaned document's structure:
    /// - `text` is the paragraphs joined by single `\n`, in order, each non-empty, with no line
    ///   break, leading or trailing space, control or zero-width character inside;
    /// - a paragraph's label range starts it and lies inside it, as does its bold lead;
    /// - the source map (if any) has one entry per unit, each a byte range inside the file, in
    ///   the file's order and without overlap (both halves of a surrogate pair share theirs).
    public func invariantViolations() -> [String] {
        var found: [String] = []
        var expectedStart = 0
        for (i, p) in paragraphs.enumerated() {
            let r = p.range
            if r.lowerBound != expectedStart { found.append("paragraph \(i) starts at \(r.lowerBound), expected \(expectedStart)") }
            if r.isEmpty || r.upperBound > utf16.count { found.append("paragraph \(i) range \(r) is empty or outside the text"); break }
            let body = string(r)
            if body.first == " " || body.last == " " { found.append("paragraph \(i) has a leading or trailing space") }
            for scalar in body.unicodeScalars {
                let v = scalar.value
                if v < 0x20 || (0x7F..<0xA0).contains(v) || v == 0x200B || v == 0xFEFF || v == 0x2028 || v == 0x2029 {
                    found.append("paragraph \(i) contains U+\(String(v, radix: 16, uppercase: true))")
                    break
                }
            }
            if let label = p.labelRange, label.lowerBound != r.lowerBound || label.upperBound > r.upperBound {
                found.append("paragraph \(i) label range \(label) is not a start of \(r)")
            }
            if let bold = p.boldLead, bold.lowerBound != r.lowerBound || bold.upperBound > r.upperBound {
                found.append("paragraph \(i) bold lead \(bold) is not a start of \(r)")
            }
            if r.upperBound < utf16.count, utf16[r.upperBound] != 0x0A {
                found.append("paragraph \(i) is not followed by a line break")
            }
            expectedStart = r.upperBound + 1
        }
        let textEnd = paragraphs.last?.range.upperBound ?? 0
        if textEnd != utf16.count { found.append("text runs on after the last paragraph (\(textEnd) of \(utf16.count))") }
        if let map = sourceMap {
            if map.count != utf16.count { found.append("source map has \(map.count) entries for \(utf16.count) units") }
            let size = metadata.decoding?.byteCount ?? Int.max
            var previousEnd: Int32 = 0
            for k in 0..<min(map.count, utf16.count) {
                let start = map.starts[k], end = map.ends[k]
                if start > end || start < 0 || Int(end) > size {
                    found.append("unit \(k) maps to bytes \(start)..<\(end), outside 0..<\(size)")
                    break
                }
                let pairSecond = k > 0 && UTF16.isTrailSurrogate(utf16[k]) && UTF16.isLeadSurrogate(utf16[k - 1])
                if pairSecond {
                    if start != map.starts[k - 1] || end != map.ends[k - 1] { found.append("unit \(k) maps apart from its surrogate pair"); break }
                } else if start < previousEnd {
                    found.append("unit \(k) maps to bytes \(start)..<\(end), before the previous unit's end \(previousEnd)")
                    break
                }
                previousEnd = end
            }
        }
        return found
    }
}

extension TokenizedDocument {
    /// Checks every paragraph's tokens (label and body) with `TokenInvariants`, and that each
    /// token's paragraph index is right.
    public func invariantViolations(normalizer: TextNormalizer? = nil) -> [String] {
        var found: [String] = []
        guard tokens.count == paragraphIndex.count, tokens.count == inLabel.count else {
            return ["\(tokens.count) tokens but \(paragraphIndex.count) paragraph indexes and \(inLabel.count) label flags"]
        }
        var k = 0
        for (p, paragraph) in document.paragraphs.enumerated() {
            for (range, label) in [(paragraph.labelRange, true), (paragraph.bodyRange, false)] {
                guard let range else { continue }
                var part: [Token] = []
                while k < tokens.count, paragraphIndex[k] == p, inLabel[k] == label {
                    part.append(tokens[k])
                    k += 1
                }
                found += TokenInvariants.violations(part, in: document.utf16, range: range, normalizer: normalizer)
                    .map { "paragraph \(p)\(label ? " label" : ""): \($0)" }
            }
        }
        if k != tokens.count { found.append("\(tokens.count - k) tokens are not in their paragraph's order") }
        return found
    }
}

extension DecodedText {
    /// Checks the map back to the bytes: one offset per UTF-16 unit plus the end, never
    /// decreasing, inside `0...byteCount`, ending at `byteCount`.
    public func invariantViolations(byteCount: Int) -> [String] {
        let units = text.utf16.count
        guard byteOffsets.count == units + 1 else { return ["\(byteOffsets.count) byte offsets for \(units) units"] }
        var previous: Int32 = 0
        for (k, offset) in byteOffsets.enumerated() {
            if offset < previous || Int(offset) > byteCount { return ["byte offset \(offset) of unit \(k) out of order or outside 0...\(byteCount)"] }
            previous = offset
        }
        if Int(byteOffsets.last!) != byteCount { return ["the offsets end at \(byteOffsets.last!), not at the file's size \(byteCount)"] }
        if report.byteCount != byteCount { return ["the report says \(report.byteCount) bytes, not \(byteCount)"] }
        return []
    }
}
