import Foundation
import XCTest
@testable import ZHText

/// The library's text writers that the commands print through: the JSON object of a JSON Lines
/// line, `clean`'s text and JSON Lines, `summary`'s text, the data-quality file and the
/// export's closing summary.
final class TextWriterTests: XCTestCase {
    func testAJSONObjectKeepsTheFieldOrderAndEscapesOnlyWhatJSONRequires() throws {
        let line = TableWriter.jsonObject([("term", .text("英伟达 \"AI\"\n")), ("count", .integer(2)), ("share", .real(0.25)),
                                           ("p", .real(.nan)), ("turn", .null)])
        XCTAssertEqual(line, #"{"term":"英伟达 \"AI\"\n","count":2,"share":0.25,"p":null,"turn":null}"#)
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(parsed["term"] as? String, "英伟达 \"AI\"\n")
        // A table row is the same object with the columns' names (the export's .jsonl lines).
        let columns: [Table.Column] = [.init("term", .text), .init("count", .integer)]
        XCTAssertEqual(TableWriter.jsonObject(columns: columns, row: [.text("推理"), .integer(7)]),
                       TableWriter.jsonObject([("term", .text("推理")), ("count", .integer(7))]))
        XCTAssertEqual(TableWriter.jsonObject([]), "{}")
    }

    /// Each JSON line is one paragraph: its text, its code point offsets into the cleaned text
    /// and the byte range of the file it was cleaned from, which hold the same characters.
    func testCleanedTextJSONLinesMapEachParagraphBackToTheTextAndTheFile() throws {
        let path = Fixtures.path("transcripts/plain.txt")
        let document = try Fixtures.pipeline.load(path)
        let lines = CleanedTextWriter.render(document, as: .jsonl).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.last, "", "every line ends in a line break")
        let objects = try lines.dropLast().map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertEqual(objects.count, document.paragraphs.count)
        let scalars = Array(document.text.unicodeScalars)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        for (i, object) in objects.enumerated() {
            let text = try XCTUnwrap(object["text"] as? String)
            XCTAssertEqual(object["paragraph"] as? Int, i)
            XCTAssertEqual(object["document"] as? String, document.metadata.name)
            let start = try XCTUnwrap(object["start"] as? Int), end = try XCTUnwrap(object["end"] as? Int)
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[start..<end])), text)
            let sourceStart = try XCTUnwrap(object["source_start"] as? Int), sourceEnd = try XCTUnwrap(object["source_end"] as? Int)
            XCTAssertEqual(String(decoding: bytes[sourceStart..<sourceEnd], as: UTF8.self), text)
        }
        // Structure: the CEO's answer in the Q&A, and null where a paragraph has no speaker.
        let answer = try XCTUnwrap(objects.first { ($0["text"] as? String)?.hasPrefix("黄仁勋：Rubin") == true })
        XCTAssertEqual(answer["speaker"] as? String, "黄仁勋")
        XCTAssertEqual(answer["section"] as? String, "qa")
        XCTAssertEqual(answer["mode"] as? String, "direct")
        XCTAssertTrue(objects[0]["speaker"] is NSNull, "the title has no speaker")
        // The text form: a header line naming the source, then one paragraph a line.
        let text = CleanedTextWriter.render(document, as: .text)
        XCTAssertTrue(text.hasPrefix("# \(document.metadata.source)\n"), text)
        XCTAssertTrue(text.hasSuffix("\n" + document.text(ofParagraph: document.paragraphs.count - 1) + "\n"))
    }

    func testTheSummaryOfATranscriptHasItsCountsTalkTimeAndKeywords() throws {
        let tokens = Fixtures.pipeline.tokenize(Fixtures.transcript("plain.txt"))
        let text = SummaryWriter.document(tokens, pipeline: Fixtures.pipeline, top: 5)
        let summary = DocumentSummary(tokens)
        XCTAssertTrue(text.hasPrefix(SummaryWriter.header(summary)), text)
        XCTAssertTrue(text.contains("Paragraphs: \(tokens.document.paragraphs.count)\n"), text)
        XCTAssertTrue(text.contains("\nTalk time (share: of the section's Han characters; seconds at 250 Han characters a minute)\n"), text)
        XCTAssertTrue(text.contains("黄仁勋"), text)
        XCTAssertTrue(text.contains("\nTop 5 keywords\n"), text)
        XCTAssertFalse(text.contains("Themes"), "no theme tagger given")
        // The bundled sample is named by its file, not by its path in the build folder.
        let sample = SummaryWriter.header(DocumentSummary(Fixtures.sampleTokens), bundledSample: true)
        XCTAssertTrue(sample.contains("Source:     bundled sample (\((Fixtures.sample as NSString).lastPathComponent)) [scraped, UTF-8]\n"), sample)
        var corpus = Fixtures.pipeline.termFrequencies()
        corpus.add(tokens)
        XCTAssertTrue(SummaryWriter.corpus(documents: 2, frequencies: corpus, top: 3)
            .hasPrefix("Corpus: 2 documents, \(corpus.totalTokens) word tokens\nrank"))
    }

    /// The summary's character counts are those of `Document.text`'s scalars (line breaks left
    /// out), read from the units; its token counts by type are those of the tokens.
    func testTheSummaryCountsCharactersAndTokenTypesAsTheTextHasThem() {
        let astral = Fixtures.pipeline.document(text: "𠀀𠀁是扩展B区的字。\n\nGPU 需求 2025 年增长 50%!\n第三行")
        for tokens in [Fixtures.sampleTokens, Fixtures.pipeline.tokenize(Fixtures.transcript("plain.txt")),
                       Fixtures.pipeline.tokenize(astral)] {
            let summary = DocumentSummary(tokens)
            let scalars = tokens.document.text.unicodeScalars.filter { $0 != "\n" }
            XCTAssertEqual(summary.characters, scalars.count)
            XCTAssertEqual(summary.hanCharacters, scalars.filter { CharacterClass.isHan($0.value) }.count)
            var byType: [TokenType: Int] = [:]
            for token in tokens.tokens { byType[token.type, default: 0] += 1 }
            XCTAssertEqual(summary.tokensByType, byType)
        }
        XCTAssertEqual(DocumentSummary(Fixtures.pipeline.tokenize(astral)).hanCharacters, 16, "two characters beyond the BMP count once each")
        XCTAssertEqual(TokenType.allCases.map(\.caseIndex), Array(TokenType.allCases.indices))
    }

    /// A data-quality entry counts a document's characters as its text's scalars (a surrogate
    /// pair once), at every length around the vectorized loop's width.
    func testADataQualityEntryCountsTheTextsScalars() {
        let astral = Fixtures.pipeline.document(text: "𠀀𠀁是扩展B区的字。\n\nGPU 需求 2025 年增长 50%!😀")
        for document in [Fixtures.sampleDocument, astral] {
            XCTAssertEqual(DataQualityReport.entry(for: document).characters, document.text.unicodeScalars.count)
        }
        // A lone trail surrogate (which decoding never leaves) is not counted either.
        let all = Array(repeating: Array("a😀营".utf16) + [0xDC00], count: 40).flatMap { $0 }
        for n in 0...all.count {
            let units = Array(all[..<n])
            XCTAssertEqual(UTF16.countNonTrailSurrogates(units), units.filter { !UTF16.isTrailSurrogate($0) }.count, "\(n) units")
        }
    }

    func testTheDataQualityFileIsJSONOrCSVByItsName() throws {
        var report = DataQualityReport()
        report.add(Fixtures.transcript("plain.txt"))
        XCTAssertNil(report.failureSummary)
        report.add(failure: LoadError(source: "/no/such/call.txt", message: "no such file or folder"))
        XCTAssertEqual(report.failureSummary, "1 of 2 files failed")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-quality-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("quality.JSON").path, csv = folder.appendingPathComponent("quality.txt").path
        try report.write(toFile: json)
        try report.write(toFile: csv)
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["status"] as? String }, ["ok", "failed"])
        XCTAssertEqual(try String(contentsOfFile: csv, encoding: .utf8), TableWriter.render(report.table, as: .csv))
        XCTAssertThrowsError(try report.write(toFile: folder.appendingPathComponent("no/such/folder.csv").path))
    }

    func testTheEvaluationTextGivesRatesToFourDecimalsAndTimesAsTheyAre() throws {
        let score = try SegmentationEvaluation.score(gold: SegmentationEvaluation.words(inSegmentedText: "英伟达 发布 财报"),
                                                     test: SegmentationEvaluation.words(inSegmentedText: "英伟达 发布财报"))
        XCTAssertEqual(score.text(extra: [("segment_seconds", .real(0.0123)), ("chars_per_second", .real(488))]), """
            gold_words        3
            test_words        2
            correct           1
            precision         0.5000
            recall            0.3333
            f1                0.4000
            segment_seconds   0.0123
            chars_per_second  488

            """)
    }

    func testTableSelectingKeepsTheNamedColumnsInTheirOrder() {
        let table = Table(name: "t", columns: [.init("a", .text), .init("b", .integer), .init("c", .real)],
                          rows: [[.text("x"), .integer(1), .real(0.5)]])
        let selected = table.selecting(["c", "a", "missing"])
        XCTAssertEqual(selected.columns.map(\.name), ["c", "a"])
        XCTAssertEqual(selected.rows.map { $0.map(\.plainText) }, [["0.5", "x"]])
        XCTAssertEqual(selected.name, "t")
    }
}
