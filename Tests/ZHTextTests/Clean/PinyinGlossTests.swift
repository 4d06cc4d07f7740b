import XCTest
@testable import ZHText

/// Pinyin readings that scraped pages leave in brackets after Han characters.
final class PinyinGlossTests: XCTestCase {
    /// A scraped-portal article (JSON-escaped HTML, as the news exports are) with glosses.
    let scraped = """
    2026-05-20 09:30:00
    小米集团发布财报
    \\u003cp\\u003e小米集团今日發(fā)布第一季度业绩，卢伟冰表示，公司将继续推进高端化战略（zhàn lüè）。\\u003c/p\\u003e\\u003cp\\u003e英伟达(NVIDIA)与阿里巴巴CEO吴泳铭(Eddie Wu)也提到了算力。\\u003c/p\\u003e
    """

    func testGlossesAreRemovedAndEnglishInBracketsKept() throws {
        let document = Fixtures.pipeline.document(text: scraped, source: "xiaomi.txt")
        XCTAssertEqual(document.text, "小米集团今日發布第一季度业绩，卢伟冰表示，公司将继续推进高端化战略。\n英伟达(NVIDIA)与阿里巴巴CEO吴泳铭(Eddie Wu)也提到了算力。")
        let words = Fixtures.pipeline.tokenize(document).tokens.map(\.norm)
        for syllable in ["fā", "zhàn", "lüè", "fa"] { XCTAssertFalse(words.contains(syllable), syllable) }
        XCTAssertTrue(words.contains("发布"), "\(words)")
        XCTAssertTrue(words.contains("nvidia"))
        XCTAssertEqual(document.invariantViolations(), [])
    }

    func testEachGlossIsAQualityFindingAtItsByte() throws {
        let document = Fixtures.pipeline.document(text: scraped, source: "xiaomi.txt")
        let findings = QualityChecker().check(document).filter { $0.check == .pinyinGloss }
        XCTAssertEqual(findings.count, 2)
        XCTAssertEqual(findings.map(\.severity), [.info, .info])
        let bytes = Array(scraped.utf8)
        for (finding, gloss) in zip(findings, ["(fā)", "（zhàn lüè）"]) {
            let offset = try XCTUnwrap(finding.byteOffset)
            XCTAssertEqual(String(decoding: bytes[offset..<(offset + gloss.utf8.count)], as: UTF8.self), gloss)
            XCTAssertTrue(finding.detail.contains(gloss), finding.detail)
        }
    }

    func testSourceMapSkipsTheRemovedGloss() throws {
        let text = "公司发展（fā zhǎn）迅速"
        let document = Fixtures.pipeline.document(text: text, source: "t.txt")
        XCTAssertEqual(document.text, "公司发展迅速")
        let bytes = Array(text.utf8)
        // 迅速 maps to its own bytes, after the gloss.
        let range = try XCTUnwrap(document.sourceMap?.byteRange(of: 4..<6))
        XCTAssertEqual(String(decoding: bytes[range], as: UTF8.self), "迅速")
        let before = try XCTUnwrap(document.sourceMap?.byteRange(of: 2..<4))
        XCTAssertEqual(String(decoding: bytes[before], as: UTF8.self), "发展")
    }

    func testWhatIsNotAGloss() {
        for kept in ["发展(fa zhan)",          // no tone mark: could be anything
                     "简历(résumé)",           // more syllables than the Han characters before it
                     "宝可梦(Pokémon)",        // not pinyin syllables
                     "他说(Fā)",               // capitals: a name, not a reading
                     "GPU(fā)"] {              // not after a Han character
            let document = Fixtures.pipeline.document(text: kept, source: "t.txt")
            XCTAssertEqual(document.text, kept)
        }
        XCTAssertEqual(PinyinGlosses.syllableCount("fāzhǎn".unicodeScalars), 2)
        XCTAssertEqual(PinyinGlosses.syllableCount("lǜ".unicodeScalars), 1)
        XCTAssertEqual(PinyinGlosses.syllableCount("fa\u{304} zhan\u{30C}".unicodeScalars), 2)
        XCTAssertNil(PinyinGlosses.syllableCount("eddie wu".unicodeScalars))
        XCTAssertNil(PinyinGlosses.syllableCount("café!".unicodeScalars))
    }
}
