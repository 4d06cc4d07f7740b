import XCTest
@testable import ZHText

final class LoadTests: XCTestCase {
    func testRecognisesTheScrapedLayoutOfTheSample() throws {
        let raw = try DocumentLoader.load(Fixtures.sample)
        XCTAssertEqual(raw.format, .scraped)
        XCTAssertEqual(raw.timestamp, "2026-03-20 10:03:28")
        XCTAssertEqual(raw.title, "营收狂%!黄仁勋:这不是泡沫,而是三大核爆级AI转型同时爆发")
        XCTAssertTrue(raw.body.hasPrefix("\\u003cdiv"))
    }

    func testRecognisesHTMLAndPlainText() throws {
        XCTAssertEqual(try DocumentLoader.load(Fixtures.path("article.html")).format, .html)
        XCTAssertEqual(try DocumentLoader.load(Fixtures.path("plain.txt")).format, .text)
        // A timestamp line alone does not make the scraped layout: the body must be markup.
        let raw = DocumentLoader.recognise("2026-03-20 10:03:28\n标题\n正文没有标记。", source: "x.txt")
        XCTAssertEqual(raw.format, .text)
        // By content as well as by name: markup in a .txt file is HTML; a `<` in prose is not.
        XCTAssertEqual(DocumentLoader.recognise("<html><body><p>营收增长。</p></body></html>", source: "x.txt").format, .html)
        XCTAssertEqual(DocumentLoader.recognise("毛利率 < 70% 的季度。", source: "x.txt").format, .text)
        // Loaded from a file, the body's String is made from the decoded units when asked for.
        let plain = try DocumentLoader.load(Fixtures.path("plain.txt"))
        XCTAssertEqual(plain.body, try String(contentsOfFile: Fixtures.path("plain.txt"), encoding: .utf8))
    }

    func testFolderExpansionIsRecursiveSortedAndSkipsOtherFiles() throws {
        let files = try DocumentLoader.expand([Fixtures.path("corpus")])
        XCTAssertEqual(files.map { ($0 as NSString).lastPathComponent }, ["nvda_q2.txt", "nvda_q3.txt"])
        XCTAssertThrowsError(try DocumentLoader.expand([Fixtures.path("no-such-file.txt")])) { error in
            XCTAssertTrue("\(error)".contains("no-such-file.txt"))
        }
    }

    func testDecodesBOMsAndLegacyEncodingsToTheSameText() throws {
        let utf8 = try DocumentLoader.load(Fixtures.path("plain.txt"))
        for name in ["plain.bom.txt", "plain.utf16le.txt", "plain.gb18030.txt"] {
            let other = try DocumentLoader.load(Fixtures.path(name))
            XCTAssertEqual(other.body, utf8.body, name)
        }
        XCTAssertEqual(try DocumentLoader.load(Fixtures.path("plain.utf16le.txt")).encoding, "UTF-16LE")
        let big5 = try DocumentLoader.load(Fixtures.path("traditional.big5.txt"), options: DecodingOptions(encoding: "Big5"))
        XCTAssertEqual(big5.body, try DocumentLoader.load(Fixtures.path("traditional.txt")).body)
    }

    func testInvalidUTF8NamesTheFileAndByteOffset() throws {
        let path = Fixtures.path("invalid-utf8.txt")
        XCTAssertThrowsError(try DocumentLoader.load(path, options: DecodingOptions(encoding: "UTF-8"))) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("invalid-utf8.txt"), message)
            XCTAssertTrue(message.contains("byte 12"), message)   // 好的开始 is 12 bytes
        }
        let lenient = try DocumentLoader.load(path, options: DecodingOptions(encoding: "UTF-8", lenient: true))
        XCTAssertTrue(lenient.body.hasPrefix("好的开始\u{FFFD}"))
        XCTAssertTrue(lenient.body.hasSuffix("结束"))
        XCTAssertEqual(lenient.diagnostics.first?.code, .invalidBytes)
    }

    func testUTF8ValidatorAgreesWithFoundation() {
        let cases: [[UInt8]] = [
            Array("中文 ok 😀".utf8), [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE4, 0xB8], [0x41, 0xFF],
        ]
        for bytes in cases {
            let valid = String(bytes: bytes, encoding: .utf8) != nil
            XCTAssertEqual(TextDecoding.firstInvalidUTF8(bytes) == nil, valid, "\(bytes)")
        }
    }

    /// The size that decides whether a file is read in parts and that the export's
    /// `documents.bytes` column gives: that of the file a symbolic link leads to.
    func testFileSizeFollowsSymbolicLinks() throws {
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: Fixtures.sample)[.size] as? Int)
        XCTAssertGreaterThan(size, 1_000)
        try Fixtures.withLink(to: Fixtures.sample) { link in
            XCTAssertEqual(DocumentLoader.fileSize(link), size)
            XCTAssertNil(DocumentLoader.fileSize(link + ".missing"))
        }
        XCTAssertEqual(DocumentLoader.fileSize(Fixtures.sample), size)
        XCTAssertNil(DocumentLoader.fileSize("-"))
    }

    /// The decoder sizes its arrays by this count (eight bytes at a time): it must be exact,
    /// whatever the mix of sequence lengths and wherever a word of eight bytes cuts them.
    func testUTF16CountOfValidUTF8IsExact() throws {
        let pieces = ["a", "é", "中", "😀", "𠀀", " ", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}"]
        var rng = SystemRandomNumberGenerator()
        for length in 0..<40 {
            let text = (0..<length).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let bytes = Array(text.utf8)
            XCTAssertEqual(bytes.withUnsafeBytes { TextDecoding.utf16Count(validUTF8: $0) }, text.utf16.count, text)
        }
        let sample = try String(contentsOfFile: Fixtures.sample, encoding: .utf8)
        XCTAssertEqual(Array(sample.utf8).withUnsafeBytes { TextDecoding.utf16Count(validUTF8: $0) }, sample.utf16.count)
    }
}
