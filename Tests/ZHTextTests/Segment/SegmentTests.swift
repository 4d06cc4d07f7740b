import XCTest
@testable import ZHText

final class SegmentTests: XCTestCase {
    /// Found by the property test: a protected term (生成式ai) took away the cut at the end of
    /// ICU's Han segment, the search fell back to that segment's end, and the walk along the
    /// path went back to the start of the text and never ended (until memory ran out).
    func testAProtectedTermAcrossICUSegmentsNeverSendsThePathBack() {
        let units: [UInt16] = [65533, 33, 40644, 20161, 21195, 51, 54, 37, 55357, 56832, 103, 112, 117, 7, 35828, 173, 12289, 61,
                               21152, 36895, 35745, 31639, 32, 20108, 9675, 9675, 19968, 24180, 40, 36, 8212, 43, 40, 110, 118, 105,
                               100, 105, 97, 41, 32, 8205, 60, 36, 40644, 20161, 21195, 45, 45, 58, 120, 103, 114, 97, 99, 101, 32,
                               98, 108, 97, 99, 107, 119, 101, 108, 108, 51, 54, 40, 102, 257, 51, 54, 37, 32, 12289, 7, 55427, 56901,
                               769, 55360, 56331, 29983, 25104, 24335, 97, 105, 46, 48, 54, 13]
        let segmenter = Fixtures.pipeline.segmenter
        let tokens = segmenter.segment(units, in: 0..<units.count)
        XCTAssertEqual(TokenInvariants.violations(tokens, in: units, range: 0..<units.count, normalizer: segmenter.normalizer), [])
        XCTAssertTrue(tokens.contains { String(decoding: units[$0.range], as: UTF16.self) == "生成式ai" })
    }

    /// A copy (for another thread) splits as the segmenter it copies, names and domain terms
    /// included, also while both run at once: the new-word discovery checks its candidates'
    /// splits on several threads with copies.
    func testACopySplitsAsTheSegmenterItCopies() throws {
        let segmenter = Fixtures.pipeline.segmenter, copy = try segmenter.copy()
        XCTAssertFalse(copy === segmenter)
        // The sample and the transcripts in the wild, whose people the lexicon mostly lacks.
        let wild = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("wild")).filter { $0.hasSuffix(".txt") }.sorted()
        let texts = try [String(contentsOfFile: Fixtures.sample, encoding: .utf8)]
            + wild.map { try String(contentsOfFile: Fixtures.path("wild/" + $0), encoding: .utf8) }
        let lines = texts.flatMap { $0.split(separator: "\n").map { Array($0.utf16) } }
        XCTAssertGreaterThan(lines.count, 100)
        var original: [[Token]] = [], copied: [[Token]] = []
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            let tokens = lines.map { (k == 0 ? segmenter : copy).segment($0, in: 0..<$0.count) }
            if k == 0 { original = tokens } else { copied = tokens }
        }
        XCTAssertEqual(copied, original)
        // A segmenter over the same lexicon without the pipeline's options (its name model, among
        // others) splits these texts otherwise: the copy has them.
        let withoutOptions = try Segmenter(lexicon: segmenter.lexicon, mode: segmenter.mode, normalization: segmenter.normalizer.options)
        XCTAssertNotEqual(lines.map { withoutOptions.segment($0, in: 0..<$0.count) }, original)
    }

    func testDomainTermsComeOutWhole() {
        XCTAssertEqual(Fixtures.words("英伟达发布财报,芯片分析师看好"), ["英伟达", "发布", "财报", ",", "芯片", "分析师", "看好"])
        XCTAssertEqual(Fixtures.words("生成式AI和智能体AI都在加速计算平台上运行"),
                       ["生成式AI", "和", "智能体AI", "都", "在", "加速计算", "平台", "上", "运行"])
    }

    func testTermsWithSpacesAndLatinWordsStayWhole() {
        XCTAssertEqual(Fixtures.words("Grace Blackwell架构与Rubin CPX产品"), ["Grace Blackwell", "架构", "与", "Rubin CPX", "产品"])
        // A lexicon term never cuts a Latin word: "AI" is a term, but OpenAI and xAI are words of their own.
        XCTAssertEqual(Fixtures.words("OpenAI与xAI"), ["OpenAI", "与", "xAI"])
        XCTAssertEqual(Fixtures.words("GB300凭借NVLink拓扑"), ["GB300", "凭借", "NVLink", "拓扑"])
    }

    func testNumbersStayWhole() {
        XCTAssertEqual(Fixtures.words("营收增长12.6%,利润率23.4%"), ["营收", "增长", "12.6%", ",", "利润率", "23.4%"])
        XCTAssertEqual(Fixtures.words("二○○一年的1,024台"), ["二○○一年", "的", "1,024", "台"])
        XCTAssertEqual(Fixtures.words("2026年3月"), ["2026年", "3月"])
        // Digits lost upstream: the decimal that remains is still one number token.
        let tokens = Fixtures.pipeline.segmenter.segment("营收.06亿美元")
        XCTAssertEqual(tokens.first { $0.type == .number }?.norm, ".06")
    }

    func testTokenTypes() {
        let tokens = Fixtures.pipeline.segmenter.segment("英伟达GPU增长12.6%。$")
        XCTAssertEqual(tokens.map(\.type), [.word, .latin, .word, .number, .punctuation, .symbol])
    }

    func testFullWidthAndTraditionalAreNormalizedButOffsetsShowTheOriginal() {
        let text = "黃仁勳說ＧＰＵ需求增長３６％"
        let units = Array(text.utf16)
        let tokens = Fixtures.pipeline.segmenter.segment(units, in: 0..<units.count)
        let originals = tokens.map { String(decoding: units[$0.range], as: UTF16.self) }
        XCTAssertEqual(originals, ["黃仁勳", "說", "ＧＰＵ", "需求", "增長", "３６％"])
        XCTAssertEqual(tokens.map(\.norm), ["黄仁勋", "说", "gpu", "需求", "增长", "36%"])
    }

    func testTraditionalConversionCanBeSwitchedOff() throws {
        let options = PipelineOptions(normalization: NormalizationOptions(traditionalToSimplified: false))
        let pipeline = try Pipeline(options: options)
        XCTAssertEqual(pipeline.segmenter.segment("黃仁勳").map(\.norm).joined(), "黃仁勳")
    }

    /// Whether a token is all spaces (such tokens are not emitted) is settled inline for units
    /// above U+3000: the answer for every unit, alone and before others, is the per-unit
    /// test's, and an ideographic space (U+3000, the last space) between Han text is no token.
    func testSpaceTokensAreTheUnitsThePerUnitTestCallsSpaces() {
        for unit in UInt16.min...UInt16.max {
            let expected = CharacterClass.isSpace(UInt32(unit))
            XCTAssertEqual(Segmenter.isSpace([unit], 0, 1), expected, String(unit, radix: 16))
            XCTAssertEqual(Segmenter.isSpace([unit, 0x20], 0, 2), expected, String(unit, radix: 16))
            XCTAssertFalse(Segmenter.isSpace([unit, 0x4E2D], 0, 2), String(unit, radix: 16))
        }
        XCTAssertTrue(Segmenter.isSpace([0x4E2D], 1, 1), "an empty range")
        // The ideographic space is one (the highest), and a space no token covers.
        XCTAssertTrue(Segmenter.isSpace([0x3000, 0x20, 0x2000], 0, 3))
        let units = Array("数据\u{3000}中心 业务".utf16)
        let tokens = Fixtures.pipeline.segmenter.segment(units, in: 0..<units.count)
        XCTAssertFalse(tokens.isEmpty)
        for token in tokens {
            XCTAssertFalse(units[token.range].allSatisfy { CharacterClass.isSpace(UInt32($0)) }, "\(token.range)")
            XCTAssertFalse(token.range.contains(2), "U+3000 in \(token.range)")
        }
    }

    func testTokensAndWhitespaceReproduceTheText() {
        let doc = Fixtures.sampleDocument
        let tokens = Fixtures.sampleTokens.tokens
        var rebuilt = ""
        var at = 0
        for token in tokens {
            XCTAssertGreaterThanOrEqual(token.range.lowerBound, at, "tokens are in order and do not overlap")
            let gap = doc.string(at..<token.range.lowerBound)
            XCTAssertTrue(gap.allSatisfy { $0 == " " || $0 == "\n" }, "only whitespace between tokens: \(gap)")
            rebuilt += gap + doc.string(token.range)
            at = token.range.upperBound
        }
        rebuilt += doc.string(at..<doc.utf16.count)
        XCTAssertEqual(rebuilt, doc.text)
    }

    func testICUModeIsICUAlone() throws {
        let icu = try Pipeline(options: PipelineOptions(segmenter: .icu))
        let words = Fixtures.words("英伟达发布财报", pipeline: icu)
        XCTAssertNotEqual(words, ["英伟达", "发布", "财报"], "ICU alone does not know the domain")
        XCTAssertEqual(words.joined(), "英伟达发布财报")
    }

    func testUserDictionaryAddsAndRemovesTerms() throws {
        let options = PipelineOptions(dictionaries: DictionaryConfiguration(userDictionaries: [Fixtures.path("user-dict.tsv")]))
        let pipeline = try Pipeline(options: options)
        XCTAssertEqual(Fixtures.words("营收增长", pipeline: pipeline), ["营收增长"])
        XCTAssertFalse(Fixtures.words("英伟达发布财报", pipeline: pipeline).contains("发布"), "frequency 0 removes a term")
        XCTAssertEqual(Fixtures.words("营收增长"), ["营收", "增长"])
    }

    func testDictionaryErrorsNameFileAndLine() {
        let lexicon = Lexicon()
        XCTAssertThrowsError(try lexicon.load(text: "term\tfreq\n好\tmany\n", name: "bad.tsv", layer: .user)) { error in
            XCTAssertEqual("\(error)", "bad.tsv: line 2: frequency 'many' is not a number ≥ 0")
        }
    }

    /// The text between Han runs that `Segmenter.appendSettledSegments` splits without ICU is
    /// split as ICU splits it, ends and kinds: every string of up to two of the characters it
    /// settles (with digits, letters, and characters it must leave to ICU), every string of up
    /// to four of the characters whose breaks depend on their neighbours, and each settled
    /// character between such neighbours. What it settles is what ICU says, and what it leaves
    /// includes every case a rule joins differently.
    func testSettledSegmentsBetweenHanRunsAreICUs() throws {
        let icu = try ICUWordBreaker()
        let settled = (0...UInt16.max).filter { Segmenter.settledCharacter($0) }
        XCTAssertGreaterThan(settled.count, 60)
        let neighbours = Array("19aZ.,;:’·'%- _é\u{3000}\u{A0}\t\u{301}".utf16)
        var checked = 0, asked = 0
        func check(_ s: [UInt16]) {
            var fast: [(end: Int, kind: ICUWordBreaker.Kind)] = [(end: -1, kind: .none)]
            let done = s.withUnsafeBufferPointer { Segmenter.appendSettledSegments($0, 0..<s.count, to: &fast) }
            guard done else {
                XCTAssertEqual(fast.count, 1, "nothing appended when ICU is left to split \(String(decoding: s, as: UTF16.self))")
                asked += 1
                return
            }
            checked += 1
            let expected = icu.segments(s)
            let got = Array(fast.dropFirst())
            XCTAssertEqual(got.map(\.end), expected.map(\.end), "ends of \(String(decoding: s, as: UTF16.self))")
            XCTAssertEqual(got.map { "\($0.kind)" }, expected.map { "\($0.kind)" }, "kinds of \(String(decoding: s, as: UTF16.self))")
        }
        let all = settled + neighbours
        for a in all {
            check([a])
            for b in all { check([a, b]) }
        }
        for a in neighbours { for b in neighbours { for c in neighbours {
            check([a, b, c])
            for d in neighbours { check([a, b, c, d]) }
        } } }
        for x in settled { for a in neighbours { for b in neighbours { check([a, x, b]) } } }
        // What it is for: numbers, percentages, temperatures, dash runs (all settled here).
        for text in ["12.5%", "1,000", "3℃/9℃", "-5℃", "———", "──", "---", "GPU/CPU", "%、", "99.9%。", "NVIDIA's Blackwell", "e.g. ", "Q&A", "H20", "2025Q3", "A100/H100"] {
            var segments: [(end: Int, kind: ICUWordBreaker.Kind)] = []
            let units = Array(text.utf16)
            XCTAssertTrue(units.withUnsafeBufferPointer { Segmenter.appendSettledSegments($0, 0..<units.count, to: &segments) }, text)
        }
        XCTAssertGreaterThan(checked, 10_000)
        XCTAssertGreaterThan(asked, 1_000)
    }
}

/// Regressions for the SIGHAN work: numbers, dashes, granularity, the closed (word-list) mode,
/// and domain terms in sentences from the fixtures.
final class SegmentRegressionTests: XCTestCase {
    func numbers(_ text: String, pipeline: Pipeline = Fixtures.pipeline) -> [String] {
        let units = Array(text.utf16)
        return pipeline.segmenter.segment(units, in: 0..<units.count).filter { $0.type == .number }
            .map { String(decoding: units[$0.range], as: UTF16.self) }
    }

    func testDomainTermsInFixtureSentencesStayWhole() {
        // Sentences of Tests/make_fixtures.py's corpus and Traditional fixture.
        let words = Fixtures.words("克雷斯表示,数据中心业务继续增长,Blackwell平台需求强劲,生成式AI推动加速计算。")
        for term in ["克雷斯", "数据中心", "Blackwell", "生成式AI", "加速计算"] { XCTAssertTrue(words.contains(term), "\(term) in \(words)") }
        // A phrase of two known words is counted as its words: the domain lexicon holds terms, not phrases.
        XCTAssertEqual(Array(words[words.firstIndex(of: "数据中心")!...].prefix(2)), ["数据中心", "业务"])
        XCTAssertEqual(Fixtures.words("英伟达第三财季营收570亿美元,环比增长22%。").prefix(5), ["英伟达", "第三财季", "营收", "570亿", "美元"])
        XCTAssertEqual(Fixtures.words("Rubin CPX将于明年出货,Grace Blackwell已经全面量产。").filter { $0.contains(" ") },
                       ["Rubin CPX", "Grace Blackwell"])
        XCTAssertEqual(Fixtures.words("黃仁勳表示，輝達的營收成長。").first, "黃仁勳")
        XCTAssertTrue(Fixtures.words("台積電的晶片供應充足。").contains("台積電"))
    }

    func testNumbersFollowTheCommonStandard() {
        XCTAssertEqual(numbers("营收467亿美元,增长1.3万台"), ["467亿", "1.3万"])       // 万/亿 belong to the number
        XCTAssertEqual(numbers("最低气温-5℃,1-5月"), ["-5", "1", "5月"])              // a sign, not a range
        XCTAssertEqual(numbers("1998年以来的10年"), ["1998年", "10"])                 // a year, then a duration
        XCTAssertEqual(numbers("２０００年１２月３１日"), ["２０００年", "１２月", "３１日"])
        XCTAssertEqual(numbers("二○○一年过去一年"), ["二○○一年"])
    }

    func testDashRunsAreOneToken() {
        XCTAssertEqual(Fixtures.words("共同创造美好的新世纪——二○○一年新年贺词").suffix(3), ["——", "二○○一年", "新年贺词"])
        XCTAssertEqual(Fixtures.words("a---b").filter { $0 == "-" }.count, 3, "hyphen-minus runs stay apart")
    }

    func testCompoundsOfFrequentWordsAreSplit() {
        // The PKU and MSR standards split these; jieba's lexicon lists them whole.
        XCTAssertEqual(Fixtures.words("国有企业的改革"), ["国有", "企业", "的", "改革"])
        // But a word is not split into single characters, however frequent they are.
        XCTAssertEqual(Fixtures.words("分析师看好"), ["分析师", "看好"])
    }

    func testWordListFrequenciesAndNumberShapes() throws {
        let list = try XCTUnwrap(WordList.read(path: Fixtures.path("training-words.txt"), normalizer: TextNormalizer()))
        XCTAssertEqual(list.normalizedWords.count, 36)
        let frequency = Dictionary(uniqueKeysWithValues: list.estimatedFrequencies().map { ($0.word, $0.frequency) })
        XCTAssertEqual(frequency["世纪"]!, 2, accuracy: 1e-12)            // in 新世纪 本世纪 世纪末: √(1+3)
        XCTAssertEqual(frequency["年"]!, 5.0.squareRoot(), accuracy: 1e-12)   // in 新年 1998年 1997年 1999年
        XCTAssertEqual(frequency["图片"]!, 1, accuracy: 1e-12)            // in no other word
        XCTAssertEqual(frequency["发展"]!, 1, accuracy: 1e-12, "the Traditional 發展 is normalized")
        // D张图 has one word only: not a shape.
        XCTAssertEqual(list.numberShapes().descriptions, ["D年", "D日", "D月"])
        XCTAssertNil(try WordList.read(path: Fixtures.path("user-dict.tsv"), normalizer: TextNormalizer()), "a TSV lexicon is not a plain list")
    }

    func testClosedModeUsesOnlyTheWordList() throws {
        let configuration = DictionaryConfiguration(replacementLexicon: Fixtures.path("training-words.txt"), useDomainLexicon: false)
        let closed = try Pipeline(options: PipelineOptions(dictionaries: configuration))
        XCTAssertEqual(Fixtures.words("２００３年１月５日，中国人民迎来新年。", pipeline: closed),
                       ["２００３年", "１月", "５日", "，", "中国", "人民", "迎来", "新年", "。"])
        XCTAssertEqual(Fixtures.words("附图片２张", pipeline: closed), ["附", "图片", "２", "张"])
        // The list has four-digit years only: a two-digit number and 年 is a duration, two words.
        XCTAssertEqual(Fixtures.words("在１０年", pipeline: closed), ["在", "１０", "年"])
        XCTAssertEqual(Fixtures.words("在新世纪", pipeline: closed), ["在", "新世纪"])
        // Neither the domain lexicon nor ICU's dictionary: unknown Han text falls apart into characters.
        XCTAssertEqual(Fixtures.words("英伟达发布", pipeline: closed), ["英", "伟", "达", "发", "布"])
        XCTAssertEqual(Fixtures.words("GPU出货", pipeline: closed), ["GPU", "出", "货"])
    }
}

final class TokenTypeTests: XCTestCase {
    /// The type read from UTF-16 units is the type the token's characters' Unicode general
    /// categories give, as a String of the token would have them: every ASCII character, CJK
    /// and full-width punctuation, symbols, emoji beyond the BMP, and lone surrogates (U+FFFD).
    func testTokenTypesFromUnitsFollowTheGeneralCategories() {
        func reference(_ units: [UInt16]) -> TokenType {
            var han = false, letter = false, digit = false, punct = false, symbol = false, other = false
            for scalar in String(decoding: units, as: UTF16.self).unicodeScalars {
                if CharacterClass.isHan(scalar.value) { han = true; continue }
                switch scalar.properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: letter = true
                case .decimalNumber, .letterNumber, .otherNumber: digit = true
                case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                     .initialPunctuation, .finalPunctuation, .otherPunctuation: punct = true
                case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: symbol = true
                default: other = true
                }
            }
            if han { return .word }
            if letter && digit && !symbol { return .code }
            if letter { return (symbol || other) ? .word : .latin }
            if digit { return (punct || symbol) && !other ? .number : (other ? .word : .number) }
            if punct && !symbol { return .punctuation }
            if symbol || punct { return .symbol }
            return .word
        }
        var tokens: [[UInt16]] = (0..<128).map { [UInt16($0)] }
        tokens += ["，", "。", "“", "》", "——", "％", "＄", "ＡＢＣ", "１２３", "Ⅷ", "①", "€5", "3.5%", "-5", "A100", "H20芯片",
                   "Blackwell", "𠀀", "👨‍👩", "🚀x", "é", "½", "·", "\u{3000}", "a\u{0301}"].map { Array($0.utf16) }
        tokens += [[0xD800], [0xDC00, 0x41], [0x41, 0xD83D], [0xD83D, 0xDE80, 0xDE80]]
        for units in tokens {
            XCTAssertEqual(CharacterClass.tokenType(of: units[...]), reference(units), "\(units.map { String($0, radix: 16) })")
        }
    }
}

final class ProtectedTermsTests: XCTestCase {
    /// The longest key at a position, by brute force, as `longestMatch` must find it.
    private func expected(_ keys: [[UInt16]: Bool], _ u: [UInt16], _ p: Int, boundary: (Int) -> Bool) -> (Int, Bool)? {
        keys.filter { key, _ in p + key.count <= u.count && Array(u[p..<(p + key.count)]) == key && boundary(p + key.count) }
            .max { $0.key.count != $1.key.count ? $0.key.count < $1.key.count : $0.key.lexicographicallyPrecedes($1.key) }
            .map { (p + $0.key.count, $0.value) }
    }

    func testTheLongestKeyIsFoundWhateverFollowsItsFirstUnit() {
        var terms = ProtectedTerms()
        let keys: [String: Bool] = ["苹果公司": false, "苹果": true, "卡": false, "市值": false, "AB": true]
        for (key, forced) in keys { terms.insert(Array(key.utf16), forced: forced) }
        terms.compile()
        func match(_ text: String, at p: Int) -> (Int, Bool)? {
            let u = Array(text.utf16)
            return u.withUnsafeBufferPointer { buffer in
                terms.longestMatch(buffer, at: p, isBoundary: { _ in true }).map { ($0.end, $0.forced) }
            }
        }
        XCTAssertEqual(match("苹果公司市值", at: 0)?.0, 4)
        XCTAssertEqual(match("苹果公司市值", at: 4)?.0, 6)
        XCTAssertEqual(match("苹果派", at: 0)?.0, 2)
        XCTAssertEqual(match("苹果派", at: 0)?.1, true)
        XCTAssertEqual(match("卡车", at: 0)?.0, 1)       // a one-unit key, whatever comes next
        XCTAssertEqual(match("卡", at: 0)?.0, 1)
        XCTAssertNil(match("苹", at: 0))                  // the text ends after the first unit
        XCTAssertNil(match("苹方", at: 0))
        XCTAssertNil(match("市场", at: 0))
    }

    /// Random keys and texts over a few characters (so that keys share first and second units,
    /// and the pair filter's hash collides), against the brute-force answer.
    func testLongestMatchAgreesWithBruteForce() {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt16] = Array("苹果公司市值卡AB".utf16)
        for _ in 0..<200 {
            var keys: [[UInt16]: Bool] = [:]
            for _ in 0..<Int.random(in: 1...12, using: &rng) {
                let key = (0..<Int.random(in: 1...4, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
                keys[key] = (keys[key] ?? false) || Bool.random(using: &rng)
            }
            var terms = ProtectedTerms()
            for (key, forced) in keys { terms.insert(key, forced: forced) }
            terms.compile()
            let text = (0..<Int.random(in: 1...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let cuts = text.indices.map { _ in Bool.random(using: &rng) } + [true]
            text.withUnsafeBufferPointer { buffer in
                for p in text.indices {
                    let found = terms.longestMatch(buffer, at: p, isBoundary: { cuts[$0] })
                    let want = expected(keys, text, p, boundary: { cuts[$0] })
                    XCTAssertEqual(found?.end, want?.0, "keys \(keys) text \(text) at \(p)")
                    XCTAssertEqual(found?.forced, want?.1, "keys \(keys) text \(text) at \(p)")
                }
            }
        }
    }
}
