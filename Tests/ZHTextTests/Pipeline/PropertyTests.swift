import Foundation
import PropertyBased
import Testing
@testable import ZHText

/// "Nothing lost", checked on generated input: Chinese and Latin text mixed with every kind of
/// whitespace, line end, invisible and control character, emoji, full-width and Traditional
/// forms, and (for the cleaner) broken markup and escapes.
///
/// Serialized: the pipeline (ICU iterator, normalizer cache) is not thread-safe.
@Suite(.serialized)
struct PropertyTests {
    /// Its own pipeline (the lexicon is shared with the other tests' through the cache).
    static let pipeline = try! Pipeline()

    static let textPieces = [
        "英伟达", "发布", "财报", "黄仁勋", "说", "的", "了", "生成式AI", "加速计算", "數據", "臺積電", "黃仁勳", "〇", "二○○一年",
        "𠀋", "𰹅", "GPU", "OpenAI", "AI", "Grace Blackwell", "NVLink 72", "ｇｐｕ", "ＡＩ", "x", "12.6%", "1,024", "36", "３６％", ".06",
        "，", "。", "、", "！", "(", ")", "“", "”", "…", "—", "--", "\"", "'", ":", "：",
        " ", "  ", "\t", "\n", "\r\n", "\r", "\u{3000}", "\u{A0}", "\u{2028}", "\u{205F}", "\u{202F}",
        "\u{200B}", "\u{200C}", "\u{200D}", "\u{FEFF}", "\u{00AD}", "\u{7}", "\u{1B}", "\u{202E}", "\u{85}", "\u{0}",
        "😀", "👨‍👩‍👧", "❤️", "e\u{301}", "\u{301}", "ﬁ", "㎏", "①", "$", "+", "=", "@", "&", "<", "\\", "\u{FFFD}",
        // Pinyin glosses the cleaner removes, and brackets it keeps.
        "發(fā)", "（fā zhǎn）", " (kā fēi)", "(fa\u{304})", "(NVIDIA)", "(Eddie Wu)", "(fā",
    ]
    static let markupPieces = [
        "<p>", "</p>", "<br>", "<br/>", "<strong>", "</strong>", "<b>", "问:", "黄仁勋：", "<div class=\"a\">", "</div>",
        "<li>", "<h2>", "</h2>", "<td>", "<!--", "-->", "<!--IMG_0-->", "<!--NO_READ_BEGIN-->", "<!--NO_READ_END-->",
        "<style>", "</style>", "<script>", "<title>", "</title>", "<span title=\"x", "<span title='y'>", "</span>", "<p class=",
        "&amp;", "&lt;", "&#x4E2D;", "&#25991;", "&nbsp;", "&bogus;", "&#0;", "<![CDATA[", "]]>", "<", ">", "\"", "'",
        "\\u003c", "\\u003e", "\\u4e2d", "\\ud840\\udc0b", "\\ud800", "\\udc00", "\\u12", "\\n", "\\\"", "\\/", "\\x",
        "(文/记者,编辑/某某)",
    ]

    /// Any Unicode scalar (surrogate code points become U+FFFD, as they would in a String).
    static let anyScalar = Gen<UInt32>.value(in: 0...0x10FFFF).map { String(Unicode.Scalar($0) ?? "\u{FFFD}") }

    /// Text: mostly pieces of real text, sometimes any scalar.
    static let text = zip(Gen.int(in: 0...9), Gen<String?>.element(of: textPieces), anyScalar)
        .map { $0.0 < 9 ? $0.1! : $0.2 }
        .array(of: 0...60)
        .map { $0.joined() }

    /// Markup: text pieces and broken HTML and escapes.
    static let markup = zip(Gen.int(in: 0...9), Gen<String?>.element(of: textPieces), Gen<String?>.element(of: markupPieces))
        .map { $0.0 < 5 ? $0.1! : $0.2! }
        .array(of: 0...60)
        .map { $0.joined() }

    static let bytes = Gen<UInt8>.value(in: 0...255).array(of: 0...200)

    // MARK: Segmenter

    /// The checker itself finds what it is meant to find.
    @Test func invariantCheckerCatchesBrokenTokens() {
        let units = Array("英伟达 发布".utf16)
        let norm = Self.pipeline.segmenter.normalizer
        let good = [Token(range: 0..<3, norm: "英伟达", type: .word), Token(range: 4..<6, norm: "发布", type: .word)]
        #expect(TokenInvariants.violations(good, in: units, range: 0..<6, normalizer: norm).isEmpty)
        let cases: [[Token]] = [
            [Token(range: 0..<2, norm: "英伟", type: .word), Token(range: 4..<6, norm: "发布", type: .word)],   // 达 lost
            [Token(range: 0..<3, norm: "英伟达", type: .word), Token(range: 2..<6, norm: "达 发布", type: .word)], // overlap
            [Token(range: 0..<3, norm: "英伟达", type: .word), Token(range: 4..<7, norm: "发布", type: .word)],   // out of bounds
            [Token(range: 0..<3, norm: "英伟", type: .word), Token(range: 4..<6, norm: "发布", type: .word)],     // wrong norm
        ]
        for tokens in cases {
            #expect(!TokenInvariants.violations(tokens, in: units, range: 0..<6, normalizer: norm).isEmpty, "\(tokens)")
        }
        let pair = Array("𠀋".utf16)
        #expect(!TokenInvariants.violations([Token(range: 0..<1, norm: "x", type: .word), Token(range: 1..<2, norm: "y", type: .word)],
                                             in: pair, range: 0..<2).isEmpty, "a cut surrogate pair")
    }

    @Test func tokensAreOrderedInBoundsAndWithWhitespaceReproduceTheText() async {
        await propertyCheck(count: 300, input: Self.text) { text in
            let units = Array(text.utf16)
            let tokens = Self.pipeline.segmenter.segment(units, in: 0..<units.count)
            var rebuilt: [UInt16] = []
            var at = 0
            for token in tokens {
                #expect(token.range.lowerBound >= at, "offsets increase")
                #expect(token.range.lowerBound < token.range.upperBound && token.range.upperBound <= units.count, "within bounds")
                guard token.range.lowerBound >= at, token.range.upperBound <= units.count else { return }
                rebuilt += units[at..<token.range.lowerBound] + units[token.range]
                at = token.range.upperBound
            }
            rebuilt += units[at...]
            #expect(rebuilt == units, "tokens plus the skipped text reproduce the text")
            let violations = TokenInvariants.violations(tokens, in: units, range: 0..<units.count,
                                                        normalizer: Self.pipeline.segmenter.normalizer)
            #expect(violations.isEmpty, "\(violations) in \(TokenInvariants.debug(text))")
        }
    }

    /// Segmenting the original text and segmenting its normalized form give the same
    /// boundaries, mapped back to the original: normalization relabels characters, it never
    /// moves a token boundary. (Characters that normalize to several, like … to ..., may gain
    /// boundaries inside in the normalized text; they are left out here.)
    @Test func normalizationNeverMovesTokenBoundaries() async {
        let normalizer = Self.pipeline.segmenter.normalizer
        let oneToOne = Self.textPieces.filter { piece in
            piece.unicodeScalars.allSatisfy { normalizer.normalize(String($0)).unicodeScalars.count == 1 }
        }
        let generator = Gen<String?>.element(of: oneToOne).map { $0! }.array(of: 0...40).map { $0.joined() }
        await propertyCheck(count: 200, input: generator) { text in
            let units = Array(text.utf16)
            // A capitalised or camel-case name, a space and a number are one code as written
            // (`RTX 5090`, `iPhone 16`, not `grew 30`); case folding loses what tells them apart.
            // (Checked on the NFKC form, not case-folded: `GPU\u{202F}①` is `GPU 1` there.)
            if text.precomposedStringWithCompatibilityMapping.range(of: "[A-Za-z][ \u{3000}\u{A0}]+[0-9]",
                                                                     options: .regularExpression) != nil { return }
            // Likewise a full-width comma between digits is a separator as written (`3，5`), which
            // NFKC turns into a thousands separator (`3,5`).
            // (Checked with every other character in its NFKC form: `，①` is `，1` there.)
            let commasKept = text.unicodeScalars.map { $0 == "，" ? "，" : String($0).precomposedStringWithCompatibilityMapping }.joined()
            if commasKept.range(of: "，[\\p{Cf}\\p{Mn}]*[0-9A-Za-z]", options: .regularExpression) != nil { return }
            let view = normalizer.normalize(units[...])
            let original = Self.pipeline.segmenter.segment(units, in: 0..<units.count)
            let normalized = Self.pipeline.segmenter.segment(view.units, in: 0..<view.units.count)
            let mapped = normalized.map { Int(view.origin[$0.range.lowerBound])..<Int(view.origin[$0.range.upperBound]) }
            #expect(original.map(\.range) == mapped, "boundaries moved in \(TokenInvariants.debug(text))")
            #expect(original.map(\.norm) == normalized.map(\.norm))
        }
    }

    // MARK: Cleaner

    @Test func cleanedDocumentsKeepTheirInvariantsAndMapBackToTheSource() async {
        await propertyCheck(count: 300, input: zip(Self.markup, Gen<String?>.element(of: ["a.html", "a.txt", "scraped"]))) { input in
            let (body, kind) = (input.0, input.1!)
            let file = kind == "scraped" ? "2026-03-20 10:03:28\r\n标题\n<p>" + body : body
            let bytes = Array(file.utf8)
            let raw = DocumentLoader.recognise(DecodedText(utf8: bytes), source: kind == "scraped" ? "s.txt" : kind)
            let document = Self.pipeline.structure.analyze(Cleaner.clean(raw))
            let violations = document.invariantViolations()
            #expect(violations.isEmpty, "\(violations) in \(TokenInvariants.debug(file))")
            let tokens = Self.pipeline.tokenize(document)
            let tokenViolations = tokens.invariantViolations(normalizer: Self.pipeline.segmenter.normalizer)
            #expect(tokenViolations.isEmpty, "\(tokenViolations) in \(TokenInvariants.debug(file))")
            // Every character maps to the bytes it was written as, or to the escape, reference or
            // whitespace run it was decoded from.
            guard let map = document.sourceMap else { Issue.record("no source map"); return }
            var k = 0
            for scalar in document.text.unicodeScalars {
                let source = Array(bytes[Int(map.starts[k])..<Int(map.ends[k])])
                let literal = String(decoding: source, as: UTF8.self)
                let ok = literal == String(scalar) || source.first == UInt8(ascii: "&") || source.first == UInt8(ascii: "\\")
                    || scalar == " " || scalar == "\n"
                #expect(ok, "\(TokenInvariants.debug(String(scalar))) maps to \(TokenInvariants.debug(literal)) in \(TokenInvariants.debug(file))")
                if !ok { return }
                k += scalar.utf16.count
            }
        }
    }

    // MARK: Loader

    @Test func decodingMapsEveryUnitBackToItsBytes() async {
        await propertyCheck(count: 300, input: Self.bytes) { bytes in
            let lenient = DecodedText(utf8: bytes)
            #expect(lenient.invariantViolations(byteCount: bytes.count).isEmpty)
            #expect(lenient.text == String(decoding: bytes, as: UTF8.self), "same replacements as Swift's decoder")
            do {
                let strict = try TextDecoding.decode(bytes, source: "b")
                #expect(strict.invariantViolations(byteCount: bytes.count).isEmpty, "\(strict.invariantViolations(byteCount: bytes.count))")
            } catch let error as LoadError {
                #expect(error.byteOffset.map { (0...bytes.count).contains($0) } ?? true)
                #expect(error.source == "b")
            } catch {
                Issue.record("not a LoadError: \(error)")
            }
        }
    }

    /// Decoding for units alone (the blocks `zhtext segment` streams) checks UTF-8 as it decodes,
    /// with no String: the same units, offsets, text and first error as decoding that makes one.
    @Test func decodingForUnitsAloneMatchesDecodingWithText() async {
        func expectSame(_ bytes: [UInt8]) {
            let withText = TextDecoding.utf8(bytes, byteShift: 0, source: "b")
            let unitsOnly = TextDecoding.utf8(bytes, byteShift: 0, source: "b", unitsOnly: true)
            #expect(unitsOnly.decoded.units == withText.decoded.units, "\(bytes)")
            #expect(unitsOnly.decoded.byteOffsets == withText.decoded.byteOffsets, "\(bytes)")
            #expect(unitsOnly.decoded.text == withText.decoded.text, "\(bytes)")
            #expect(unitsOnly.error?.byteOffset == withText.error?.byteOffset, "\(bytes)")
        }
        // The edges of each lead byte's range: overlong forms, surrogates, beyond U+10FFFF,
        // cut sequences, and full-width punctuation (EF BC 8C: ，) and 4-byte characters.
        for bad in [[0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
                    [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE4, 0xB8], [0xE4],
                    [0x80], [0xEF, 0xBC, 0x8C], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xF0, 0x90, 0x80, 0x80],
                    [0xF4, 0x8F, 0xBF, 0xBF], [0xE4, 0xB8, 0x41], [0xEF, 0xC0, 0x80]] as [[UInt8]] {
            expectSame(Array("营收".utf8) + bad + Array("增长".utf8))
            expectSame(Array("营收".utf8) + bad)
        }
        let input = zip(Self.text, Self.bytes.map { Array($0.prefix(3)) }, Gen.int(in: 0...3))
        await propertyCheck(count: 300, input: input) { input in
            var bytes = Array(input.0.utf8)
            // Sometimes bytes of any kind in the middle.
            if input.2 == 0 { bytes.insert(contentsOf: input.1, at: bytes.count / 2) }
            expectSame(bytes)
        }
    }

    @Test func legacyEncodingsRoundTripWithExactByteOffsets() async {
        let pieces = ["英伟达", "發布", "财报", "的", "GPU", "12.6%", "，", "。", " ", "\n", "A", "黄仁勋"]
        let generator = zip(Gen<String?>.element(of: pieces).map { $0! }.array(of: 1...30),
                            Gen<String?>.element(of: ["GB18030", "UTF-16LE", "UTF-16BE", "UTF-8"]))
        await propertyCheck(count: 100, input: generator) { input in
            let (parts, charset) = (input.0, input.1!)
            let text = parts.joined()
            guard let bytes = try? TextDecoding.encode(text, charset: charset) else { Issue.record("cannot encode"); return }
            let decoded = try TextDecoding.decode(bytes, source: "x", options: DecodingOptions(encoding: charset))
            #expect(decoded.text == text)
            // The offset of each character is the length of everything encoded before it.
            var offset = 0
            var unit = 0
            for scalar in text.unicodeScalars {
                #expect(Int(decoded.byteOffsets[unit]) == offset, "\(charset): offset of \(scalar)")
                offset += try TextDecoding.encode(String(scalar), charset: charset).count
                unit += scalar.utf16.count
            }
            #expect(Int(decoded.byteOffsets[unit]) == bytes.count)
        }
    }

    @Test func jsonEscapesRoundTrip() async {
        await propertyCheck(count: 200, input: Self.text) { text in
            // Escape as a scraper does: non-ASCII as \uXXXX (pairs for astral characters).
            var escaped = ""
            for unit in text.utf16 {
                switch unit {
                case 0x5C: escaped += "\\\\"
                case 0x22: escaped += "\\\""
                case 0x0A: escaped += "\\n"
                case 0x20...0x7E: escaped.unicodeScalars.append(Unicode.Scalar(unit)!)
                default: escaped += String(format: "\\u%04x", unit)
                }
            }
            let decoded = JSONEscapes.decode(Array(escaped.utf16))
            #expect(String(decoding: decoded.units, as: UTF16.self) == text)
            #expect(decoded.invalid.isEmpty && decoded.loneSurrogates.isEmpty)
            #expect(zip(decoded.origin, decoded.origin.dropFirst()).allSatisfy { $0 <= $1 }, "origins increase")
        }
    }

    @Test func linesSplitOnEveryKindOfLineEnd() async {
        let generator = Gen<String?>.element(of: ["甲", "乙", "a", " ", "\n", "\r\n", "\r"]).map { $0! }.array(of: 0...30).map { $0.joined() }
        await propertyCheck(count: 200, input: generator) { text in
            let units = Array(text.utf16)
            let lines = LineBreaks.lines(in: units)
            for line in lines { #expect(!units[line].contains(0x0A) && !units[line].contains(0x0D)) }
            let expected = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            var parts = expected.components(separatedBy: "\n")
            if parts.last == "" { parts.removeLast() }
            #expect(lines.map { String(decoding: units[$0], as: UTF16.self) } == parts)
        }
    }
}
