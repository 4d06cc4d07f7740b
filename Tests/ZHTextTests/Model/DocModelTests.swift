import Foundation
import XCTest
@testable import ZHText

/// The library's document model as a user meets it: token views with their text, offsets and
/// context, the jieba-simple `words(in:)`, the one counting rule and the paragraph lookup.
final class DocModelTests: XCTestCase {
    let pipeline = Fixtures.pipeline

    // MARK: Token views

    /// Every view of the bundled sample gives the token's own characters, at its UTF-16 and
    /// code-point offsets, in the paragraph and with the speaker its paragraph has.
    func testTokenViewsOfTheSampleLeadBackToTheirText() {
        let doc = Fixtures.sampleTokens
        XCTAssertEqual(doc.count, doc.tokens.count)
        let text = doc.document.text
        let scalars = Array(text.unicodeScalars)
        for token in doc {
            let units = Array(text.utf16)[token.utf16Range]
            XCTAssertEqual(token.text, String(decoding: units, as: UTF16.self))
            var fromScalars = String.UnicodeScalarView()
            fromScalars.append(contentsOf: scalars[token.characterRange])
            XCTAssertEqual(String(fromScalars), token.text, "code-point offsets of token \(token.index)")
            XCTAssertTrue(doc.document.paragraphs[token.paragraph].range.contains(token.utf16Range.lowerBound))
            XCTAssertEqual(token.speaker, doc.document.paragraphs[token.paragraph].speaker)
            XCTAssertNotNil(token.sourceByteRange, "a file's token maps back to its bytes")
        }
        // Huang's answers in the Q&A: his words carry his name and the section.
        let answers = doc.filter { $0.speaker == "黄仁勋" && $0.section == .qa && $0.isCounted }
        XCTAssertFalse(answers.isEmpty)
    }

    /// Code-point offsets differ from UTF-16 ones after a character outside the BMP (𠮷 is two
    /// UTF-16 units, one code point), as Python's `str` indexes them.
    func testCharacterOffsetsCountCodePoints() throws {
        let doc = pipeline.tokenize(text: "𠮷野家的营收增长了三成。")
        let revenue = try XCTUnwrap(doc.first { $0.text == "营收" })
        XCTAssertEqual(revenue.utf16Range.lowerBound - revenue.characterRange.lowerBound, 1)
        let python = Array(doc.document.text.unicodeScalars)[revenue.characterRange].map(String.init).joined()
        XCTAssertEqual(python, "营收")
    }

    /// A labelled turn: the label's tokens are the speaker's but not counted; the body's are.
    func testLabelAndBodyTokensOfATurn() throws {
        let doc = pipeline.tokenize(pipeline.document(text: """
            台积电公布第三季度财报,营收同比增长。
            以下为问答环节:
            Q：先进封装产能何时缓解？
            魏哲家：明年会有明显改善。
            """))
        let turn = try XCTUnwrap(doc.document.paragraphs.firstIndex { $0.label == "魏哲家" })
        let tokens = doc.filter { $0.paragraph == turn }
        let label = tokens.filter(\.isInLabel)
        XCTAssertEqual(label.map(\.text).joined(), "魏哲家：")
        XCTAssertTrue(label.allSatisfy { !$0.isCounted })
        let body = tokens.filter { !$0.isInLabel }
        XCTAssertEqual(body.first?.text, "明年")
        XCTAssertTrue(tokens.allSatisfy { $0.speaker == "魏哲家" && $0.section == .qa }, "\(tokens.map { ($0.text, $0.speaker, $0.section) })")
        XCTAssertEqual(body.filter(\.isCounted).map(\.text), body.filter { $0.type.isLexical && !pipeline.stopwords.contains($0.norm) }.map(\.text))
    }

    // MARK: words(in:)

    /// The jieba-simple entry point keeps names and terms whole and loses no character but
    /// whitespace.
    func testWordsOfASentence() {
        let text = "英伟达首席执行官黄仁勋表示，Blackwell的需求非常强劲。\r\n台积电董事长魏哲家说 CoWoS 产能仍然紧张"
        let words = pipeline.words(in: text)
        for whole in ["英伟达", "黄仁勋", "Blackwell", "台积电", "魏哲家", "CoWoS"] {
            XCTAssertTrue(words.contains(whole), "\(whole) in \(words)")
        }
        XCTAssertEqual(words.joined(), text.filter { !$0.isWhitespace })
        XCTAssertTrue(pipeline.words(in: "").isEmpty)
    }

    // MARK: The counting rule

    func testCountingRule() {
        let rule = pipeline.countingRule
        let de = Token(range: 0..<1, norm: "的", type: .word)
        let revenue = Token(range: 0..<2, norm: "营收", type: .word)
        let number = Token(range: 0..<4, norm: "12.6", type: .number)
        XCTAssertEqual(rule.role(de, inLabel: false), .stopword)
        XCTAssertEqual(rule.role(revenue, inLabel: false), .counted)
        XCTAssertEqual(rule.role(revenue, inLabel: true), .excluded)
        XCTAssertEqual(rule.role(number, inLabel: false), .excluded)
        let keeping = CountingRule(stopwords: rule.stopwords, keepStopwords: true)
        XCTAssertEqual(keeping.role(de, inLabel: false), .counted)
    }

    /// The views' `isCounted` is what term frequencies count, and the counter's total is every
    /// counted or stopword token.
    func testCountedViewsAreWhatFrequenciesCount() {
        let doc = Fixtures.sampleTokens
        var frequencies = pipeline.termFrequencies()
        frequencies.add(doc)
        XCTAssertEqual(frequencies.entries.values.map(\.count).reduce(0, +), doc.filter(\.isCounted).count)
        XCTAssertEqual(frequencies.totalTokens, doc.filter { doc.countingRule.role($0.token, inLabel: $0.isInLabel) != .excluded }.count)
        XCTAssertEqual(frequencies.entries["英伟达"]?.count, doc.filter { $0.isCounted && $0.norm == "英伟达" }.count)
    }

    // MARK: Which paragraph holds an offset

    func testParagraphIndexAgreesWithALinearSearch() {
        let document = Fixtures.sampleDocument
        for offset in stride(from: 0, through: document.utf16.count, by: 7) {
            XCTAssertEqual(document.paragraphIndex(at: offset), document.paragraphs.lastIndex { $0.range.lowerBound <= offset })
        }
        for (p, paragraph) in document.paragraphs.enumerated() {
            XCTAssertEqual(document.paragraphIndex(at: paragraph.range.lowerBound), p)
            XCTAssertEqual(document.paragraphIndex(at: paragraph.range.upperBound), p, "the newline after a paragraph")
        }
        XCTAssertNil(Document(metadata: .init(source: "-", format: .text), text: "", paragraphs: []).paragraphIndex(at: 0))
    }
}
