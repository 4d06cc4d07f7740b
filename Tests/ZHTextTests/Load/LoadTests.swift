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

    /// The HTML test on the decoded units (which makes no String of the whole text) gives the
    /// String test's answer: on every fixture, and on texts whose first `<` or first tag stands
    /// just before, at or after the 2,000th character, amid characters of one unit, of two
    /// (surrogate pairs, CRLF, a letter and its accent), of three, and emoji sequences.
    func testTheHTMLTestOnUnitsGivesTheStringTestsAnswer() throws {
        var texts: [String] = []
        let root = Fixtures.path("")
        for name in try FileManager.default.subpathsOfDirectory(atPath: root).sorted() {
            let path = (root as NSString).appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) { texts.append(text) }
        }
        let fillers = ["营", "a", "。", "“营”——…", "\u{A0}", "\u{212A}", "\r\n", "e\u{301}", "\u{1F600}", "\u{1F44D}\u{1F3FD}", "\u{1F1E8}\u{1F1F3}",
                       "\u{1F468}\u{200D}\u{1F469}", "\u{1100}\u{1161}", "o\u{308}\u{301}", "\u{0915}\u{094D}\u{0937}", "\u{302A}"]
        for filler in fillers {
            for mix in ["", "营收"] {
                for at in [0, 1990, 1999, 2000, 2001, 4100] {
                    let lead = String(repeating: filler + mix, count: at)
                    for sign in ["<p>", "a < b", "<DIV class=x>"] {
                        texts.append(lead + sign + "正文。")
                        texts.append("<b>" + lead + sign + "正文。")
                        texts.append("  \n" + lead + sign)
                    }
                }
            }
        }
        // A tag whose `>` is the 2,000th character and unit 4,064 (where the first String of a
        // prefix ends), an accent after it: with the accent, `>́` is one character, no tag.
        let edge = String(repeating: "营", count: 965) + String(repeating: "o\u{308}\u{301}", count: 1032) + "<p>"
        texts += [edge + "\u{301}正文", edge + "正文"]
        // The same `>` at unit 4,063, a skin tone after it (two units, one cut off by the prefix).
        let edgeBeforePair = String(repeating: "营", count: 965) + "e\u{301}" + String(repeating: "o\u{308}\u{301}", count: 1031) + "<p>"
        texts += [edgeBeforePair + "\u{1F3FD}正文", edgeBeforePair + "\u{1F600}正文"]
        texts += ["", "<", "<!DOCTYPE html><p>", "\u{3000}<html>", "\u{A0}\n<HTML>", "\u{2028}<html>", "“毛利率” < 70%", "毛利率 < 70%", String(repeating: "营", count: 5000) + "<p>"]
        for text in texts {
            // The test on a String of the whole text, as it was made before.
            let onTheString = text.contains("<") && DocumentLoader.looksLikeHTML(head: text.prefix(DocumentLoader.htmlSignWindow))
            XCTAssertEqual(DocumentLoader.looksLikeHTML(units: Array(text.utf16)), onTheString,
                           "\(text.prefix(12)) (\(text.utf16.count) units)")
        }
    }

    /// A grapheme boundary falls between any two of the characters the HTML test counts as
    /// certain character starts (each of them against a sample of them, both ways round).
    func testCertainCharacterStartsAreBoundaries() {
        let simple = (0...0xFFFF).map(UInt16.init).filter(DocumentLoader.isSimpleCharacter)
        XCTAssertEqual(simple.count, 1 + 95 + 95 + 24 + 47 + 140 + 624 + 864 + 42 + 6592 + 20992 + 10 + 60 + 94)
        let samples: [UInt16] = [0x0A, 0x20, 0x41, 0x7E, 0xA0, 0xFF, 0x2014, 0x201C, 0x2026, 0x2030, 0x2103, 0x212A, 0x2162,
                                 0x21D2, 0x2460, 0x25CB, 0x2764, 0x3000, 0x3029, 0x3400, 0x4E00, 0x9FFF, 0xFE30, 0xFE50, 0xFF01, 0xFF5E]
        for a in simple {
            for b in samples {
                XCTAssertEqual(String(decoding: [a, b], as: UTF16.self).count, 2, "U+\(String(a, radix: 16)) U+\(String(b, radix: 16))")
                XCTAssertEqual(String(decoding: [b, a], as: UTF16.self).count, 2, "U+\(String(b, radix: 16)) U+\(String(a, radix: 16))")
            }
        }
    }

    func testFolderExpansionIsRecursiveSortedAndSkipsOtherFiles() throws {
        let files = try DocumentLoader.expand([Fixtures.path("corpus")])
        XCTAssertEqual(files.map { ($0 as NSString).lastPathComponent }, ["nvda_q2.txt", "nvda_q3.txt"])
        XCTAssertThrowsError(try DocumentLoader.expand([Fixtures.path("no-such-file.txt")])) { error in
            XCTAssertTrue("\(error)".contains("no-such-file.txt"))
        }
    }

    /// The folder walk reads entry types from the listing itself; it must find what Foundation's
    /// enumerator did, checking each entry after it (the walk it replaced, below): files
    /// through links, not links to folders nor broken ones, nothing hidden, every level, a
    /// FIFO too (the run reports it as unreadable). A folder given through a link is read as
    /// the folder itself (the enumerator listed nothing behind a link).
    func testFolderWalkFindsWhatFoundationsEnumeratorFound() throws {
        let fm = FileManager.default
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("zhtext-walk-\(UUID().uuidString)")
        defer { try? fm.removeItem(atPath: base) }
        let root = (base as NSString).appendingPathComponent("calls"), other = (base as NSString).appendingPathComponent("other")
        for folder in ["calls/q2/deep", "calls/.hidden", "calls/empty", "other"] {
            try fm.createDirectory(atPath: (base as NSString).appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["calls/a.txt", "calls/b.html", "calls/notes.md", "calls/.draft.txt", "calls/.hidden/h.txt",
                     "calls/q2/nvda.txt", "calls/q2/deep/TSMC.TXT", "calls/q2/deep/x", "other/o.txt"] {
            try "英伟达".write(toFile: (base as NSString).appendingPathComponent(file), atomically: false, encoding: .utf8)
        }
        try fm.createSymbolicLink(atPath: (root as NSString).appendingPathComponent("linked-folder"), withDestinationPath: other)
        try fm.createSymbolicLink(atPath: (root as NSString).appendingPathComponent("q2/linked.txt"),
                                  withDestinationPath: (other as NSString).appendingPathComponent("o.txt"))
        try fm.createSymbolicLink(atPath: (root as NSString).appendingPathComponent("broken.txt"), withDestinationPath: "/no/such/file")
        XCTAssertEqual(mkfifo((root as NSString).appendingPathComponent("q2/pipe.txt"), 0o600), 0)

        /// The walk the loader made before: Foundation's enumerator, and a look at each entry.
        func enumerated(_ path: String) -> [String] {
            var found: [String] = []
            let walker = try! XCTUnwrap(fm.enumerator(atPath: path))
            while let relative = walker.nextObject() as? String {
                if (relative as NSString).lastPathComponent.hasPrefix(".") {
                    walker.skipDescendants()
                    continue
                }
                var isFolder: ObjCBool = false
                let full = (path as NSString).appendingPathComponent(relative)
                guard fm.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                found.append(relative)
            }
            return found.sorted()
        }
        var walked: [String] = []
        XCTAssertTrue(DocumentLoader.walkFolder(root) { walked.append($0) })
        XCTAssertEqual(walked.sorted(), enumerated(root))
        XCTAssertEqual(walked.sorted(), ["a.txt", "b.html", "notes.md", "q2/deep/TSMC.TXT", "q2/deep/x", "q2/linked.txt", "q2/nvda.txt", "q2/pipe.txt"])
        XCTAssertEqual(try DocumentLoader.expand([root]).map { String($0.dropFirst(root.count + 1)) },
                       ["a.txt", "b.html", "q2/deep/TSMC.TXT", "q2/linked.txt", "q2/nvda.txt", "q2/pipe.txt"])
        let link = (base as NSString).appendingPathComponent("calls-link")
        try fm.createSymbolicLink(atPath: link, withDestinationPath: root)
        XCTAssertEqual(try DocumentLoader.expand([link]).map { String($0.dropFirst(link.count + 1)) },
                       try DocumentLoader.expand([root]).map { String($0.dropFirst(root.count + 1)) })
        XCTAssertFalse(DocumentLoader.walkFolder((base as NSString).appendingPathComponent("no-such-folder")) { _ in })
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

    /// The decoder takes eight three-byte sequences at once where they fill a block, else the
    /// ones that begin it: what breaks a block (ASCII, two- and four-byte sequences, the lead
    /// bytes E0 and ED, a byte that is not UTF-8), at every position in and around the blocks,
    /// decodes as it does alone, each unit with its bytes' offset, and an invalid byte is still
    /// found where it is.
    func testDecodingThreeByteSequencesInBlocksIsExact() throws {
        let prose = Array("数据中心，生成式人工智能。".utf8)       // three bytes each, common leads (E4–E9, EF)
        let valid = ["a", "\n", "é", "\u{800}", "\u{D7FF}", "😀", "中"].map { Array($0.utf8) }
        let invalid: [[UInt8]] = [[0x80], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xFF]]
        // Units only (no String made: the decoder's own check) and with the String.
        var unitsOnly = DecodingOptions(encoding: "UTF-8")
        unitsOnly.unitsOnly = true
        for length in [0, 7, 8, 9, 10, 11, 16, 24, 33] {
            let base = (0..<length).flatMap { k in prose[(3 * k) % prose.count..<(3 * k) % prose.count + 3] }
            for at in 0...length {
                for piece in valid {
                    let bytes = Array(base[..<(3 * at)]) + piece + Array(base[(3 * at)...])
                    let decoded = try TextDecoding.decode(bytes, source: "t.txt", options: unitsOnly)
                    XCTAssertEqual(decoded.units, try TextDecoding.decode(bytes, source: "t.txt", options: DecodingOptions(encoding: "UTF-8")).units)
                    let text = String(decoding: bytes, as: UTF8.self)
                    XCTAssertEqual(decoded.units, Array(text.utf16), "\(length) \(at) \(piece)")
                    var offsets: [Int32] = [], offset = 0
                    for scalar in text.unicodeScalars {
                        offsets += Array(repeating: Int32(offset), count: UTF16.width(scalar))
                        offset += UTF8.width(scalar)
                    }
                    XCTAssertEqual(decoded.byteOffsets, offsets + [Int32(bytes.count)], "\(length) \(at) \(piece)")
                }
                for piece in invalid {
                    let bytes = Array(base[..<(3 * at)]) + piece + Array(base[(3 * at)...])
                    for options in [unitsOnly, DecodingOptions(encoding: "UTF-8")] {
                        XCTAssertThrowsError(try TextDecoding.decode(bytes, source: "t.txt", options: options)) {
                            XCTAssertTrue("\($0)".contains("byte \(3 * at)"), "\($0) \(length) \(at) \(piece)")
                        }
                    }
                }
            }
        }
    }

    /// The first NUL byte (binary, or UTF-16 without a byte-order mark) is found wherever it is.
    func testTheFirstNULByteIsFound() {
        let text = Array("数据中心 GPU\n".utf8)
        XCTAssertNil(TextDecoding.firstNUL([]))
        XCTAssertNil(TextDecoding.firstNUL(text + text))
        for at in 0..<(2 * text.count) {
            var bytes = text + text
            bytes[at] = 0
            if at + 5 < bytes.count { bytes[at + 5] = 0 }
            XCTAssertEqual(TextDecoding.firstNUL(bytes), at)
        }
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
