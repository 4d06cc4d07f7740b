import Foundation
import XCTest
@testable import ZHText

/// Each kind of malformed document has defined behaviour: what text comes out, and which
/// warning (with its byte offset in the file) says what was repaired or dropped.
final class MalformedInputTests: XCTestCase {
    func load(_ name: String) throws -> Document { try Fixtures.pipeline.load(Fixtures.path("malformed/" + name)) }

    func paragraphs(_ doc: Document) -> [String] { doc.paragraphs.indices.map(doc.text(ofParagraph:)) }

    func offset(of needle: String, in name: String) -> Int {
        let data = FileManager.default.contents(atPath: Fixtures.path("malformed/" + name))!
        return data.range(of: Data(needle.utf8))!.lowerBound
    }

    func diagnostic(_ doc: Document, _ code: DiagnosticCode) -> Diagnostic? { doc.diagnostics.first { $0.code == code } }

    func testTruncatedAndInvalidEscapesAndLoneSurrogates() throws {
        let doc = try load("escapes.txt")
        XCTAssertEqual(paragraphs(doc), ["截断\\u4e与无效\\x转义", "孤立\u{FFFD}高位与\u{FFFD}低位", "结尾\\"])
        let invalid = try XCTUnwrap(diagnostic(doc, .invalidEscape))
        XCTAssertTrue(invalid.message.hasPrefix("3 invalid or truncated"), invalid.message)
        XCTAssertEqual(invalid.byteOffset, offset(of: "\\u4e", in: "escapes.txt"))
        let lone = try XCTUnwrap(diagnostic(doc, .loneSurrogate))
        XCTAssertTrue(lone.message.hasPrefix("2 "), lone.message)
        XCTAssertEqual(lone.byteOffset, offset(of: "\\ud800", in: "escapes.txt"))
        // The replacement characters map to the escapes they replace.
        let replacement = Array(doc.utf16).firstIndex(of: 0xFFFD)!
        XCTAssertEqual(doc.sourceByteRange(replacement..<(replacement + 1)), offset(of: "\\ud800", in: "escapes.txt")..<(offset(of: "\\ud800", in: "escapes.txt") + 6))
    }

    func testUnterminatedTagsAreDroppedAndAStrayLessThanIsText() throws {
        let doc = try load("unterminated-tag.html")
        XCTAssertEqual(paragraphs(doc), ["第一段 x<y 与 z", "被截断的文件"])
        XCTAssertEqual(diagnostic(doc, .unterminatedTag)?.byteOffset, offset(of: "<span", in: "unterminated-tag.html"))
        XCTAssertEqual(diagnostic(doc, .unbalancedQuote)?.byteOffset, offset(of: "\"color", in: "unterminated-tag.html"))
    }

    func testAnUnbalancedQuoteIsIgnoredAndTheTagEndsAtItsBracket() throws {
        let doc = try load("unbalanced-quote.html")
        XCTAssertEqual(paragraphs(doc), ["引号之后的正文", "第二段"])
        XCTAssertEqual(doc.diagnostics.map(\.code), [.unbalancedQuote])
        XCTAssertEqual(doc.diagnostics[0].byteOffset, 9)
    }

    func testUnterminatedStyleTitleAndCDATA() throws {
        let style = try load("unterminated-style.html")
        XCTAssertEqual(paragraphs(style), ["样式之前"])
        XCTAssertEqual(diagnostic(style, .unterminatedStyle)?.byteOffset, offset(of: "<style>", in: "unterminated-style.html"))
        let title = try load("unterminated-title.html")
        XCTAssertEqual(paragraphs(title), ["正文一", "标题没有结束", "正文二", "数据段"])
        XCTAssertEqual(Set(title.diagnostics.map(\.code)), [.unterminatedTitle, .unterminatedCDATA])
        // The comment case: damaged.txt (CleanTests) ends in an unterminated comment.
        let damaged = try Fixtures.pipeline.load(Fixtures.path("damaged.txt"))
        XCTAssertNotNil(diagnostic(damaged, .unterminatedComment)?.byteOffset)
        XCTAssertGreaterThan(try XCTUnwrap(diagnostic(damaged, .unterminatedComment)?.byteOffset), 0)
    }

    func testControlAndZeroWidthCharactersAreDroppedAndDoNotSplitWords() throws {
        let doc = try load("invisible.txt")
        XCTAssertEqual(paragraphs(doc), ["英伟达发布财报。营收增长 12%", "第二行"])
        let words = Fixtures.pipeline.tokenize(doc).tokens.map { doc.string($0.range) }
        XCTAssertEqual(Array(words.prefix(3)), ["英伟达", "发布", "财报"])
        // Dropped characters leave a gap in the source map, nothing else.
        XCTAssertEqual(doc.sourceByteRange(0..<1), 0..<3)
        XCTAssertEqual(doc.sourceByteRange(1..<2), 6..<9, "伟 comes after 英 and a 3-byte U+200B")
        // U+200D stays inside an emoji sequence.
        let family = Fixtures.pipeline.document(text: "一家\u{200B}人👨‍👩‍👧。", source: "t.txt")
        XCTAssertEqual(family.text, "一家人👨‍👩‍👧。")
    }

    func testHugeLinesWithoutALineBreak() throws {
        // 120,000 characters on one line: one paragraph, every token accounted for.
        let sentence = "英伟达发布财报，营收增长12.6%。"
        let text = String(repeating: sentence, count: 6_000)
        let doc = Fixtures.pipeline.document(text: text, source: "huge.txt")
        XCTAssertEqual(doc.paragraphs.count, 1)
        XCTAssertEqual(doc.text, text)
        let tokens = Fixtures.pipeline.tokenize(doc)
        XCTAssertEqual(tokens.tokens.count, 6_000 * Fixtures.words(sentence).count)
        XCTAssertTrue(tokens.invariantViolations().isEmpty)
        // A megabyte of broken markup on one line is read in one pass: unclosed quotes, tags,
        // titles and stray brackets, each thousands of times.
        let broken = String(repeating: "<span title=\"x 文本 <title>标题 a<y 字 <b class='q>", count: 20_000)
        let html = Fixtures.pipeline.document(text: "<p>" + broken, source: "huge.html")
        XCTAssertEqual(html.paragraphs.count, 1)
        // The unterminated <span …> is dropped up to the next "<"; <title> never closes; a<y is text.
        XCTAssertTrue(html.text.hasPrefix("标题 a<y 字 标题 a<y 字"), String(html.text.prefix(40)))
        XCTAssertEqual(Set(html.diagnostics.map(\.code)), [.unterminatedTag, .unbalancedQuote, .unterminatedTitle])
        XCTAssertTrue(html.invariantViolations().isEmpty)
    }

    func testFormulaLikeTextIsKeptAsText() throws {
        let doc = try load("formulas.txt")
        XCTAssertEqual(paragraphs(doc).first, "=HYPERLINK(\"http://example.com\",\"点击\")")
    }
}
