import Foundation
import XCTest
@testable import ZHText

/// Encodings, detection, binary and empty files, line ends, source offsets, corpus runs.
final class RobustLoadTests: XCTestCase {
    func malformed(_ name: String) -> String { Fixtures.path("malformed/" + name) }

    func bytes(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path)!) }

    /// The byte offset of the first occurrence of `needle` (UTF-8) in a file.
    func offset(of needle: String, in path: String) -> Int {
        let data = FileManager.default.contents(atPath: path)!
        return data.range(of: Data(needle.utf8))!.lowerBound
    }

    // MARK: Encodings

    func testDetectsGB18030AndBig5WithAStatedConfidence() throws {
        let gb = try DocumentLoader.load(malformed("detected.gb18030.txt"))
        XCTAssertEqual(gb.encoding, "GB18030")
        XCTAssertEqual(gb.decoding?.detection, .detected)
        XCTAssertGreaterThanOrEqual(gb.decoding?.confidence ?? 0, TextDecoding.lowConfidence)
        XCTAssertTrue(gb.body.hasPrefix("英伟达发布2026财年第三财季财报，营收570亿美元"))
        XCTAssertTrue(gb.diagnostics.isEmpty, "a confident guess is no warning: \(gb.diagnostics)")
        let big5 = try DocumentLoader.load(malformed("detected.big5.txt"))
        XCTAssertEqual(big5.encoding, "Big5")
        XCTAssertTrue(big5.body.hasPrefix("黃仁勳表示，輝達的營收成長"))
        // A short file is a weak signal: decoded all the same, with the confidence reported.
        let short = try DocumentLoader.load(Fixtures.path("plain.gb18030.txt"))
        XCTAssertEqual(short.body, try DocumentLoader.load(Fixtures.path("plain.txt")).body)
        let confidence = try XCTUnwrap(short.decoding?.confidence)
        XCTAssertEqual(short.diagnostics.map(\.code), confidence < TextDecoding.lowConfidence ? [.encodingUncertain] : [])
    }

    func testEncodingOverrideAcceptsAliasesAndRejectsUnknownNames() throws {
        let expected = try DocumentLoader.load(malformed("detected.gb18030.txt")).body
        for name in ["GBK", "gb2312", "CP936", "GB18030"] {
            let raw = try DocumentLoader.load(malformed("detected.gb18030.txt"), options: DecodingOptions(encoding: name))
            XCTAssertEqual(raw.body, expected, name)
            XCTAssertEqual(raw.decoding?.detection, .requested)
            XCTAssertEqual(raw.decoding?.confidence, 100)
        }
        XCTAssertThrowsError(try TextDecoding.validateEncodingName("klingon-8")) { error in
            XCTAssertTrue("\(error)".contains("unknown encoding 'klingon-8'"), "\(error)")
        }
        XCTAssertNoThrow(try TextDecoding.validateEncodingName("Big5-HKSCS"))
    }

    func testUTF16WithEitherByteOrderMarkOrNone() throws {
        let expected = try DocumentLoader.load(Fixtures.path("plain.txt")).body
        let be = try DocumentLoader.load(malformed("utf16be-bom.txt"))
        XCTAssertEqual(be.body, expected)
        XCTAssertEqual(be.encoding, "UTF-16BE")
        XCTAssertEqual(be.decoding?.detection, .byteOrderMark)
        let noBOM = try DocumentLoader.load(malformed("utf16le-nobom.txt"))
        XCTAssertEqual(noBOM.body, expected)
        XCTAssertEqual(noBOM.encoding, "UTF-16LE")
        XCTAssertEqual(noBOM.decoding?.detection, .detected)
    }

    func testInvalidLegacyBytesNameTheOffsetOrAreReplacedWithLenient() throws {
        let path = malformed("invalid.gb18030.txt")
        XCTAssertThrowsError(try DocumentLoader.load(path)) { error in
            let error = error as! LoadError
            XCTAssertEqual(error.byteOffset, 60, "the 0x81 byte the fixture inserts at 60")
            XCTAssertTrue("\(error)".hasPrefix(path + ": byte 60: "), "\(error)")
            XCTAssertTrue(error.message.contains("GB18030"), error.message)
        }
        let lenient = try DocumentLoader.load(path, options: DecodingOptions(lenient: true))
        XCTAssertEqual(lenient.encoding, "GB18030")
        XCTAssertEqual(lenient.decoding?.replacements, 1)
        XCTAssertEqual(lenient.decoding?.firstReplacementOffset, 60)
        XCTAssertEqual(lenient.body.filter { $0 == "\u{FFFD}" }.count, 1)
        let warning = try XCTUnwrap(lenient.diagnostics.first { $0.code == .invalidBytes })
        XCTAssertEqual(warning.byteOffset, 60)
        // UTF-8: three invalid bytes, three replacements, the first at byte 12.
        let utf8 = try DocumentLoader.load(Fixtures.path("invalid-utf8.txt"), options: DecodingOptions(encoding: "UTF-8", lenient: true))
        XCTAssertEqual(utf8.decoding?.replacements, 3)
        XCTAssertEqual(utf8.decoding?.firstReplacementOffset, 12)
        // Without --encoding too: valid multi-byte UTF-8 around the bad bytes says it is damaged
        // UTF-8, not a legacy encoding (ICU's weak guess of Big5 is not taken).
        XCTAssertThrowsError(try DocumentLoader.load(Fixtures.path("invalid-utf8.txt"))) { error in
            XCTAssertEqual((error as! LoadError).byteOffset, 12)
            XCTAssertTrue((error as! LoadError).message.hasPrefix("invalid UTF-8 byte sequence"), "\(error)")
        }
        let detected = try DocumentLoader.load(Fixtures.path("invalid-utf8.txt"), options: DecodingOptions(lenient: true))
        XCTAssertEqual(detected.encoding, "UTF-8")
        XCTAssertEqual(detected.body, "好的开始\u{FFFD}\u{FFFD}\u{FFFD}结束")
    }

    func testBinaryFilesAreRejectedWithAMessage() {
        let cases = [("document.pdf.txt", 0, "a PDF document"), ("nul-bytes.txt", 15, "NUL byte"),
                     ("control-bytes.txt", 0, "control characters")]
        for (name, offset, reason) in cases {
            for options in [DecodingOptions(), DecodingOptions(lenient: true)] {
                XCTAssertThrowsError(try DocumentLoader.load(malformed(name), options: options), name) { error in
                    let error = error as! LoadError
                    XCTAssertEqual(error.byteOffset, offset, name)
                    XCTAssertTrue(error.message.hasPrefix("binary file, not text ("), error.message)
                    XCTAssertTrue(error.message.contains(reason), error.message)
                }
            }
        }
    }

    func testEmptyAndBlankFilesLoadWithAWarning() throws {
        let empty = try Fixtures.pipeline.load(malformed("empty.txt"))
        XCTAssertEqual(empty.text, "")
        XCTAssertTrue(empty.paragraphs.isEmpty)
        XCTAssertEqual(empty.diagnostics.map(\.code), [.noText])
        XCTAssertEqual(empty.diagnostics.first?.message, "the file is empty")
        XCTAssertTrue(Fixtures.pipeline.tokenize(empty).tokens.isEmpty)
        for name in ["whitespace-only.txt", "markup-only.html"] {
            let blank = try Fixtures.pipeline.load(malformed(name))
            XCTAssertTrue(blank.paragraphs.isEmpty, name)
            XCTAssertEqual(blank.diagnostics.map(\.code), [.noText], name)
        }
    }

    // MARK: Line ends

    func testLFCRLFAndCRMixedInOneFile() throws {
        let doc = try Fixtures.pipeline.load(malformed("line-endings.txt"))
        XCTAssertEqual(doc.paragraphs.indices.map(doc.text(ofParagraph:)), ["第一行", "第二行", "第三行", "第四行", "第六行"])
        let units = Array(try DocumentLoader.load(malformed("line-endings.txt")).body.utf16)
        XCTAssertEqual(LineBreaks.lines(in: units).map { String(decoding: units[$0], as: UTF16.self) },
                       ["第一行", "第二行", "第三行", "第四行", "", "第六行"])
        let scraped = try Fixtures.pipeline.load(malformed("scraped-crlf.txt"))
        XCTAssertEqual(scraped.metadata.format, .scraped)
        XCTAssertEqual(scraped.metadata.title, "换行符")
        XCTAssertEqual(scraped.metadata.date, "2026-03-20 10:03:28")
        XCTAssertEqual(scraped.paragraphs.indices.map(scraped.text(ofParagraph:)), ["第一段", "第二段"])
    }

    // MARK: Back to the source

    func testParagraphsMapToTheirBytesInLegacyAndUTF16Files() throws {
        for (name, charset) in [("plain.txt", "UTF-8"), ("plain.gb18030.txt", "GB18030"), ("plain.utf16le.txt", "UTF-16LE"),
                                ("malformed/utf16be-bom.txt", "UTF-16BE")] {
            let path = Fixtures.path(name)
            let doc = try Fixtures.pipeline.load(path)
            let file = bytes(path)
            XCTAssertEqual(doc.paragraphs.count, 3)
            for p in doc.paragraphs.indices {
                let range = try XCTUnwrap(doc.sourceByteRange(ofParagraph: p))
                let decoded = try TextDecoding.decode(Array(file[range]), source: name, options: DecodingOptions(encoding: charset))
                XCTAssertEqual(decoded.text, doc.text(ofParagraph: p), "\(name) paragraph \(p)")
            }
            XCTAssertTrue(doc.invariantViolations().isEmpty, "\(doc.invariantViolations())")
        }
        // The second line starts after the first one and its CRLF: 8 characters × 3 bytes + 2.
        let plain = try Fixtures.pipeline.load(Fixtures.path("plain.txt"))
        XCTAssertEqual(plain.sourceByteRange(ofParagraph: 1)?.lowerBound, 26)
    }

    func testEverySampleTokenMapsToItsBytesInTheScrapedFile() throws {
        let doc = Fixtures.sampleDocument
        let file = bytes(Fixtures.sample)
        var literal = 0, escaped = 0
        for token in Fixtures.sampleTokens.tokens {
            let range = try XCTUnwrap(doc.sourceByteRange(token.range))
            let source = String(decoding: file[range], as: UTF8.self)
            let text = doc.string(token.range)
            if source == text {
                literal += 1
            } else {
                // Decoded from escapes or references: decoding the source gives the token back.
                var ignored: [Diagnostic] = []
                let unescaped = JSONEscapes.decode(source, diagnostics: &ignored)
                let cleaned = Cleaner.clean(DocumentLoader.recognise(unescaped, source: "t.html")).text
                XCTAssertEqual(cleaned, text, "token \(text) maps to \(source)")
                escaped += 1
            }
        }
        XCTAssertGreaterThan(literal, 2_000, "most of the sample's Chinese is written literally")
        XCTAssertGreaterThan(escaped, 0, "some characters (&#34;) come from references")
        XCTAssertTrue(doc.invariantViolations().isEmpty, "\(doc.invariantViolations())")
        XCTAssertTrue(Fixtures.sampleTokens.invariantViolations(normalizer: Fixtures.pipeline.segmenter.normalizer).isEmpty)
    }

    // MARK: Corpus runs

    func testACorpusRunReportsEveryBadFileAndKeepsTheRest() throws {
        var seen: [String] = []
        let corpus = Fixtures.pipeline.loadCorpus([Fixtures.path("malformed"), "/no/such/folder", Fixtures.path("plain.txt")]) {
            if case .failure(let error) = $0 { seen.append((error.source as NSString).lastPathComponent) }
        }
        let failed = corpus.report.failures.map { ($0.source as NSString).lastPathComponent }
        XCTAssertEqual(failed, ["control-bytes.txt", "document.pdf.txt", "invalid.gb18030.txt", "nul-bytes.txt", "folder"])
        XCTAssertEqual(seen, failed, "each failure is reported as it happens")
        XCTAssertTrue(corpus.failed)
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("malformed")).count
        XCTAssertEqual(corpus.documents.count, files - 4 + 1, "every other file is loaded")
        XCTAssertEqual(corpus.documents.last?.metadata.source, Fixtures.path("plain.txt"))
        // The data-quality table: one row per file, failures with their reason and offset.
        let table = corpus.report.table
        XCTAssertEqual(table.rows.count, files + 2)
        let source = table.columnIndex("source")!, status = table.columnIndex("status")!
        let offset = table.columnIndex("byte_offset")!, message = table.columnIndex("message")!
        let nul = try XCTUnwrap(table.rows.first { $0[source].plainText.hasSuffix("nul-bytes.txt") })
        XCTAssertEqual(nul[status], .text("failed"))
        XCTAssertEqual(nul[offset], .integer(15))
        XCTAssertTrue(nul[message].plainText.contains("binary file"))
        let gb = try XCTUnwrap(table.rows.first { $0[source].plainText.hasSuffix("detected.gb18030.txt") })
        XCTAssertEqual(gb[status], .text("ok"))
        XCTAssertEqual(gb[table.columnIndex("encoding")!], .text("GB18030"))
        XCTAssertEqual(gb[table.columnIndex("detection")!], .text("detected"))
    }

    // MARK: SIGHAN's legacy-encoded files

    /// `../shared/data/sighan2005` beside the repository (as in CI), or nil.
    static var sighan: String? {
        let root = URL(fileURLWithPath: Fixtures.repositoryRoot)
        let candidates = [root.appendingPathComponent("../shared/data/sighan2005").standardized.path, "/work/shared/data/sighan2005"]
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/legacy-encodings") }
    }

    func testSIGHANLegacyFilesSegmentExactlyLikeTheirUTF8Twins() throws {
        guard let sighan = Self.sighan else {
            throw XCTSkip("SIGHAN 2005 data not found at ../shared/data/sighan2005 beside the repository")
        }
        for (legacy, twin, encoding) in [("pku_test.gb2312.txt", "pku_test.utf8", "GB18030"), ("as_test.big5.txt", "as_test.utf8", "Big5")] {
            let legacyPath = sighan + "/legacy-encodings/" + legacy
            let decoded = try TextDecoding.decode(bytes(legacyPath), source: legacyPath)
            XCTAssertEqual(decoded.encoding, encoding, legacy)
            XCTAssertEqual(decoded.report.detection, .detected)
            XCTAssertGreaterThanOrEqual(decoded.confidence, TextDecoding.lowConfidence, legacy)
            XCTAssertTrue(decoded.diagnostics.isEmpty, "\(decoded.diagnostics)")
            let utf8 = try TextDecoding.decode(bytes(sighan + "/testing/" + twin), source: twin)
            XCTAssertEqual(decoded.text.count, utf8.text.count, legacy)
            XCTAssertTrue(decoded.text == utf8.text, "\(legacy) decodes to exactly the text of \(twin)")
            // Segmented line by line, as `zhtext segment` does: the same tokens.
            let a = Array(decoded.text.utf16), b = Array(utf8.text.utf16)
            let linesA = LineBreaks.lines(in: a), linesB = LineBreaks.lines(in: b)
            XCTAssertEqual(linesA.count, linesB.count)
            var tokens = 0
            for (la, lb) in zip(linesA, linesB) {
                let ta = Fixtures.pipeline.segmenter.segment(a, in: la), tb = Fixtures.pipeline.segmenter.segment(b, in: lb)
                XCTAssertEqual(ta.map(\.range), tb.map(\.range), "\(legacy) line at \(la)")
                XCTAssertEqual(ta.map(\.norm), tb.map(\.norm))
                tokens += ta.count
            }
            XCTAssertGreaterThan(tokens, 50_000, legacy)
            // Each line maps back to the start of its line in the legacy file (after its CRLF).
            let raw = bytes(legacyPath)
            for line in linesA.prefix(200) where line.lowerBound > 0 {
                let at = Int(decoded.byteOffsets[line.lowerBound])
                XCTAssertEqual(Array(raw[(at - 2)..<at]), [0x0D, 0x0A], "\(legacy) line at byte \(at)")
            }
        }
    }
}
