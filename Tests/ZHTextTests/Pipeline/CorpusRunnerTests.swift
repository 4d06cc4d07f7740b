import Foundation
import XCTest
@testable import ZHText

/// Corpus runs: parallel and single-threaded runs must agree, and a file read in parts must
/// give exactly what reading it whole gives.
final class CorpusRunnerTests: XCTestCase {
    static let directory: String = {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("zhtext-runner-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
        super.tearDown()
    }

    /// A long plain-text file made of the sample's paragraphs and the fixtures' lines: a BOM,
    /// CRLF and LF line ends, blank and space-only lines, Traditional characters, a byline last.
    static let longPlainText: String = {
        var lines: [String] = []
        let sample = Fixtures.sampleDocument
        for round in 0..<6 {
            for p in sample.paragraphs.indices {
                // Speaker labels: alone on their line (a label only when speech follows) and inline.
                if p % 2 == 0 { lines.append(p % 4 == 0 ? "黄仁勋:" : "Colette Kress") }
                lines.append((p % 5 == 0 ? "问:" : "") + sample.text(ofParagraph: p) + (round % 2 == 0 ? "" : "第\(round)轮"))
                if p % 7 == 0 { lines.append(p % 2 == 0 ? "" : "   ") }
            }
            lines.append("黃仁勳說ＧＰＵ需求增長３６％，台積電法說會")
        }
        lines.append("(文/腾讯科技特约编译金鹿,编辑/博阳)")
        let text = lines.enumerated().map { $0.element + ($0.offset % 3 == 0 ? "\r\n" : "\n") }.joined()
        let path = (directory as NSString).appendingPathComponent("long.txt")
        try! Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)).write(to: URL(fileURLWithPath: path))
        return path
    }()

    /// Every kind of document the loader reads, a file that fails, and the long file.
    var corpus: [String] {
        [Fixtures.path("corpus"), Fixtures.sample, Fixtures.path("plain.txt"), Fixtures.path("invalid-utf8.txt"),
         Fixtures.path("article.html"), Fixtures.path("traditional.big5.txt"), Self.longPlainText]
    }

    func runner(jobs: Int) -> CorpusRunner {
        let runner = CorpusRunner(jobs: jobs)
        runner.partBytes = 4096
        return runner
    }

    /// Compares two keyword tables row by row, reporting the first difference only.
    func assertSameTable(_ a: TermFrequencies, _ b: TermFrequencies, _ message: String = "",
                         file: StaticString = #filePath, line: UInt = #line) {
        let rowsA = a.table().rows, rowsB = b.table().rows
        XCTAssertEqual(rowsA.count, rowsB.count, "rows \(message)", file: file, line: line)
        if let k = zip(rowsA, rowsB).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            XCTFail("row \(k + 1) differs \(message): \(rowsA[k]) vs \(rowsB[k])", file: file, line: line)
        }
    }

    func testParallelAndSingleThreadedRunsGiveIdenticalTables() throws {
        // The reference: every file loaded whole and counted one after the other.
        let pipeline = Fixtures.pipeline
        var expected = pipeline.termFrequencies()
        var expectedFailures: [String] = []
        for path in try DocumentLoader.expand(corpus) {
            do { expected.add(pipeline.tokenize(try pipeline.load(path))) } catch { expectedFailures.append("\(error)") }
        }
        var failures: [String] = []
        let single = try runner(jobs: 1).termFrequencies(corpus) { delivery in
            if case .failure(let error) = delivery.result { failures.append("\(error)") }
        }
        XCTAssertEqual(expectedFailures.count, 1)
        XCTAssertEqual(failures, expectedFailures)
        assertSameTable(single, expected)
        XCTAssertEqual(single.documentCount, expected.documentCount)
        XCTAssertEqual(single.totalTokens, expected.totalTokens)
        XCTAssertGreaterThan(single.entries.count, 500)
        for jobs in [2, 3] {
            var order: [Int] = []
            let parallel = try runner(jobs: jobs).termFrequencies(corpus) { order.append($0.fileIndex) }
            assertSameTable(parallel, single, "\(jobs) jobs")
            XCTAssertEqual(order, order.sorted(), "deliveries come in input order")
            XCTAssertGreaterThan(order.count, 20, "the long file is read in parts")
        }
    }

    /// `zhtext freq`'s table of the top terms, made with entries for only the terms that can be
    /// in it, is the top of the full table: for every limit, also where it cuts through terms
    /// counted equally often (ties go by normalized form).
    func testTheTopTermsTableIsTheTopOfTheFullTable() throws {
        let counter = try TermCounter.count { makeState, process, deliver in
            try runner(jobs: 1).run(corpus, structure: .speakerLabels, makeState: makeState, process: process, deliver: deliver)
        }
        let full = counter.termFrequencies()
        let ranked = full.ranked()
        XCTAssertGreaterThan(ranked.count, 500)
        // Limits that split a run of equal counts, and the edges.
        let splits = (1..<ranked.count).filter { ranked[$0 - 1].entry.count == ranked[$0].entry.count }
        XCTAssertGreaterThan(splits.count, 100)
        let limits = [1, 2, 3, 10, 50, ranked.count - 1, ranked.count, ranked.count + 1]
            + stride(from: 0, to: splits.count, by: max(1, splits.count / 12)).map { splits[$0] }
        for top in limits {
            XCTAssertEqual(counter.termFrequencies(forTop: top).table(top: top).rows, full.table(top: top).rows, "top \(top)")
        }
        // What the command asks for.
        let source = try CorpusSource(pipeline: Fixtures.pipeline)
        XCTAssertEqual(try source.termFrequencyTable(corpus, top: 50).rows, try source.termFrequencies(corpus).table(top: 50).rows)
        XCTAssertEqual(try source.termFrequencyTable(corpus, top: nil).rows, full.table().rows)
    }

    func testAFileReadInPartsGivesTheTokensOfTheWholeFile() throws {
        let pipeline = Fixtures.pipeline
        let whole = try pipeline.load(Self.longPlainText)
        let wholeTokens = pipeline.tokenize(whole)
        XCTAssertEqual(whole.metadata.byline, "(文/腾讯科技特约编译金鹿,编辑/博阳)")

        var tokens: [Token] = [], paragraphIndex: [Int] = [], inLabel: [Bool] = [], paragraphs = 0, parts = 0
        var byline: String?
        _ = try runner(jobs: 2).run([Self.longPlainText], makeState: { _ in () }, process: { _, pipeline, item in
            (pipeline.tokenize(item.document), item.document.metadata.byline)
        }, deliver: { delivery in
            guard case .success(let (part, partByline)) = delivery.result else { return XCTFail("\(delivery.result)") }
            XCTAssertEqual(delivery.part, parts)
            XCTAssertEqual(delivery.paragraphOffset, paragraphs)
            parts += 1
            paragraphs += part.document.paragraphs.count
            // Shifted by the part's offsets, the part's tokens are the whole document's.
            for (i, token) in part.tokens.enumerated() {
                var shifted = token
                shifted.range = (token.range.lowerBound + delivery.textOffset)..<(token.range.upperBound + delivery.textOffset)
                tokens.append(shifted)
                paragraphIndex.append(part.paragraphIndex[i] + delivery.paragraphOffset)
                inLabel.append(part.inLabel[i])
                XCTAssertEqual(part.text(of: i), whole.string(shifted.range))
                // And it came from the same bytes of the file (the part's map is cut with its text).
                XCTAssertEqual(part.document.sourceByteRange(token.range), whole.sourceByteRange(shifted.range))
            }
            XCTAssertEqual(part.document.sourceMap?.count, part.document.utf16.count)
            if delivery.isLastPart { byline = partByline } else { XCTAssertNil(partByline) }
        })
        XCTAssertGreaterThan(parts, 10)
        XCTAssertEqual(paragraphs, whole.paragraphs.count)
        XCTAssertEqual(tokens, wholeTokens.tokens)
        XCTAssertEqual(paragraphIndex, wholeTokens.paragraphIndex)
        XCTAssertEqual(inLabel, wholeTokens.inLabel, "speaker labels are found as in the whole file")
        XCTAssertEqual(byline, whole.metadata.byline)
        XCTAssertGreaterThan(whole.paragraphs.filter { $0.labelRange != nil }.count, 100, "the file has speaker labels")
    }

    /// A symbolic link to a large file is read in parts as the file is (its size is the file's,
    /// not the link's few bytes).
    func testALinkToALargeFileIsReadInParts() throws {
        var parts = 0
        let linked = try Fixtures.withLink(to: Self.longPlainText) { link in
            try runner(jobs: 1).termFrequencies([link]) { _ in parts += 1 }
        }
        XCTAssertGreaterThan(parts, 10)
        assertSameTable(linked, try runner(jobs: 1).termFrequencies([Self.longPlainText]))
    }

    /// A large file with a bad byte late in it is not read in parts (decoding decides about it
    /// as about any file); it fails and counts for nothing.
    func testAFileThatFailsLateCountsForNothing() throws {
        var bytes = Array(try String(contentsOfFile: Self.longPlainText, encoding: .utf8).utf8)
        let badOffset = bytes.count * 3 / 4
        while bytes[badOffset] != 0x0A { bytes.remove(at: badOffset) }   // keep the bytes around it whole
        bytes.insert(0xFF, at: badOffset)
        let bad = (Self.directory as NSString).appendingPathComponent("bad-late.txt")
        try Data(bytes).write(to: URL(fileURLWithPath: bad))
        let wholeError = try XCTUnwrap(Result { try TextDecoding.decode(bytes, source: bad) }.failureDescription)

        var failures: [String] = []
        let counted = try runner(jobs: 2).termFrequencies([bad, Fixtures.path("corpus")]) { delivery in
            if case .failure(let error) = delivery.result { failures.append("\(error)") }
        }
        let reference = try runner(jobs: 1).termFrequencies([Fixtures.path("corpus")])
        XCTAssertEqual(failures, [wholeError], "the same error, with the byte offset in the whole file")
        assertSameTable(counted, reference)
        XCTAssertEqual(counted.documentCount, 2)
    }

    /// A worker on a large file does not hold the run up: while it is processed, the other
    /// goes on through the small files after it (past the few units a run keeps ahead), but
    /// only through as many bytes of them as a part holds, so memory stays bounded.
    func testSmallFilesGoOnWhileALargeOneIsProcessed() throws {
        let folder = (Self.directory as NSString).appendingPathComponent("behind-large")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let large = (folder as NSString).appendingPathComponent("large.txt")
        try String(repeating: "英伟达的数据中心业务继续增长。\n", count: 900).write(toFile: large, atomically: true, encoding: .utf8)
        let smallText = String(repeating: "测试文本。", count: 136) + "\n"
        let smallSize = smallText.utf8.count
        let smalls = try (0..<60).map { k -> String in
            let path = (folder as NSString).appendingPathComponent("small-\(k).txt")
            try smallText.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let runner = CorpusRunner(jobs: 2)
        runner.partBytes = 1 << 16       // the large file (40 KB) is one unit; the small ones 2 KB each
        XCTAssertLessThan(DocumentLoader.fileSize(large)!, runner.partBytes)
        let condition = NSCondition()
        var smallDone = 0, smallDoneWhileLargeWaited = 0, reachedTwenty = false
        _ = try runner.run([large] + smalls, makeState: { _ in () }, process: { _, _, item in
            condition.lock()
            defer { condition.unlock() }
            if item.fileIndex == 0 {
                // Waits for the other worker: for 20 small files (ten times as long as it may
                // take), then for one more than a part holds, which must not come.
                var deadline = Date().addingTimeInterval(10)
                while smallDone < 20, condition.wait(until: deadline) {}
                reachedTwenty = smallDone >= 20
                deadline = Date().addingTimeInterval(2)
                while smallDone * smallSize <= runner.partBytes, condition.wait(until: deadline) {}
                smallDoneWhileLargeWaited = smallDone
            } else {
                smallDone += 1
                condition.broadcast()
            }
        }, deliver: { _ in })
        XCTAssertTrue(reachedTwenty, "the small files went on while the large one was processed")
        XCTAssertLessThanOrEqual(smallDoneWhileLargeWaited * smallSize, runner.partBytes,
                                 "no more than a part's bytes behind the unit being processed")
    }

    func testProgressCountsFilesAndBytes() throws {
        let runner = runner(jobs: 2)
        var last: CorpusProgress?
        runner.progress = { last = $0 }
        _ = try runner.termFrequencies([Fixtures.path("corpus"), Self.longPlainText])
        let progress = try XCTUnwrap(last)
        XCTAssertEqual(progress.filesDone, 3)
        XCTAssertEqual(progress.filesTotal, 3)
        XCTAssertEqual(progress.bytesDone, progress.bytesTotal)
        // A path that does not exist is a failure like any other, and the run goes on.
        var failures: [String] = [], records: [DataQualityReport.Entry] = []
        let counted = try runner.termFrequencies(["/nonexistent/folder", Fixtures.path("corpus")]) { delivery in
            if case .failure(let error) = delivery.result { failures.append("\(error)") }
            if let entry = delivery.quality { records.append(entry) }
        }
        XCTAssertEqual(failures, ["/nonexistent/folder: no such file or folder"])
        XCTAssertEqual(counted.documentCount, 2)
        XCTAssertEqual(records.map(\.status), [.failed, .ok, .ok])
    }
}

private extension Result {
    var failureDescription: String? {
        if case .failure(let error) = self { return "\(error)" }
        return nil
    }
}
