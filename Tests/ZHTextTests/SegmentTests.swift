import XCTest
@testable import ZHText

final class SegmentTests: XCTestCase {
    func testDomainTermsComeOutWhole() {
        XCTAssertEqual(Fixtures.words("英伟达发布财报,芯片分析师看好"), ["英伟达", "发布", "财报", ",", "芯片", "分析师", "看好"])
        XCTAssertEqual(Fixtures.words("生成式AI和智能体AI都在加速计算平台上运行"),
                       ["生成式AI", "和", "智能体AI", "都", "在", "加速计算", "平台", "上", "运行"])
    }

    func testTermsWithSpacesAndLatinWordsStayWhole() {
        XCTAssertEqual(Fixtures.words("Grace Blackwell架构与Rubin CPX产品"), ["Grace Blackwell", "架构", "与", "Rubin CPX", "产品"])
        // A lexicon term never cuts a Latin word: "AI" is a term, but OpenAI and xAI are words of their own.
        XCTAssertEqual(Fixtures.words("OpenAI与xAI"), ["OpenAI", "与", "xAI"])
        XCTAssertEqual(Fixtures.words("GB300凭借NVLink 72拓扑"), ["GB300", "凭借", "NVLink 72", "拓扑"])
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
}
