import Foundation
import XCTest
@testable import ZHText

/// What a first reading of a corpus found, remembered for the second (`LabelMemo`), as
/// `--discover-words` reads it twice: the second reading's documents must be the documents a
/// search gives.
final class LabelMemoTests: XCTestCase {
    /// Transcripts in the wild, news stories, market reports, the sample, HTML with bold
    /// labels, Big5 text, and a long file read in parts.
    var corpus: [String] {
        WildEvaluation.files.map { (WildEvaluation.directory as NSString).appendingPathComponent($0) }
            + [Fixtures.path("transcripts"), Fixtures.path("market"), Fixtures.path("corpus"), Fixtures.sample,
               Fixtures.path("article.html"), Fixtures.path("traditional.big5.txt"), Fixtures.path("plain.txt"), Self.longFile]
    }

    /// A wild transcript's text and the sample's, three times over: a file the runs read in parts.
    static let longFile: String = {
        let wild = (WildEvaluation.directory as NSString).appendingPathComponent(WildEvaluation.files[0])
        let text = (try! String(contentsOfFile: wild, encoding: .utf8)) + "\n" + Fixtures.sampleDocument.text + "\n"
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("zhtext-memo-long-\(UUID().uuidString).txt")
        try! String(repeating: text, count: 3).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: longFile)
        super.tearDown()
    }

    /// What the structure stage (to `.speakerLabels`) leaves on each document of a run, in order.
    struct Labelled: Equatable {
        var source: String
        var part: Int
        var paragraphs: [Paragraph]
        var fields: [String: String]
        var provenance: [String: String]
        var normalized: [[UInt16]]
    }

    func read(_ paths: [String], _ pipeline: Pipeline, jobs: Int, remember: Bool = false) throws -> [Labelled] {
        let runner = CorpusRunner(pipeline: pipeline, jobs: jobs)
        runner.partBytes = 4096
        runner.structure = .speakerLabels
        runner.remembersLabels = remember
        var read: [Labelled] = []
        _ = try runner.run(paths, makeState: { _ in () }, process: { _, _, item in
            let d = item.document
            return Labelled(source: d.metadata.source, part: item.part, paragraphs: d.paragraphs, fields: d.metadata.fields,
                            provenance: d.metadata.provenance, normalized: d.normalizedParagraphs?.texts.map(\.units) ?? [])
        }) { delivery in
            if case .success(let labelled) = delivery.result { read.append(labelled) }
        }
        return read
    }

    /// The flow of `--discover-words`: a first run remembers the documents with no label and no
    /// section header, the run with the extended pipeline writes their kind on them, its
    /// documents are what a search with that pipeline gives, and then no record is left.
    func testTheSecondReadingGetsTheLabelsASearchFinds() throws {
        for jobs in [1, 2] {
            let pipeline = try Pipeline()
            let first = try read(corpus, pipeline, jobs: jobs, remember: true)
            let memo = try XCTUnwrap(pipeline.labelMemo, "the first run keeps a memo on its pipeline")
            let labelled = first.filter { $0.paragraphs.contains { $0.label != nil } }.count
            XCTAssertGreaterThan(labelled, 10, "transcripts among them")
            // Every document the search found no label and no section header in (no transcript,
            // as its evidence says: a part's includes the lines after it) is remembered.
            let plain = first.filter {
                $0.fields[DocumentKind.field] != DocumentKind.transcript.rawValue
                    && !($0.provenance[DocumentKind.field] ?? "").contains("section header")
            }.count
            XCTAssertGreaterThan(plain, 5)
            XCTAssertEqual(memo.count, plain, "jobs \(jobs)")
            XCTAssertLessThanOrEqual(memo.count, first.count - labelled, "jobs \(jobs)")

            let documents = try DocumentLoader.expand(corpus).map { try pipeline.load($0) }
            let (extended, words) = try pipeline.discoveringWords(in: documents)
            XCTAssertFalse(words.isEmpty)
            XCTAssertTrue(extended.labelMemo === memo, "the extended pipeline reads the same memo")
            let second = try read(corpus, extended, jobs: jobs)
            XCTAssertEqual(memo.count, 0, "every record used once (jobs \(jobs))")

            // The same words as a user dictionary, in a pipeline with no memo: searched.
            let list = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-memo-\(UUID().uuidString).tsv").path
            try NewWordDiscovery.dictionary(words, options: .init()).write(toFile: list, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: list) }
            var options = pipeline.options
            options.dictionaries.userDictionaries.append(list)
            let searched = try read(corpus, try Pipeline(options: options), jobs: jobs)
            XCTAssertEqual(second.count, searched.count)
            for (a, b) in zip(second, searched) {
                XCTAssertEqual(a, b, "\(a.source) part \(a.part) (jobs \(jobs))")
            }
        }
    }

    /// A document is known by everything the search reads of it: a change to any of it
    /// searches again.
    func testAChangedDocumentIsSearchedAgain() throws {
        let pipeline = try Pipeline()
        let cleaned = try newsStory(pipeline)
        let labelled = cleaned.paragraphs.indices.first { cleaned.paragraphs[$0].range.count > 4 }!
        var changes: [(String, Document)] = []
        var d = cleaned; d.metadata.title = (d.metadata.title ?? "") + "X"; changes.append(("title", d))
        if cleaned.metadata.title != nil { d = cleaned; d.metadata.title = nil; changes.append(("no title", d)) }
        d = cleaned; d.paragraphs[labelled].kind = d.paragraphs[labelled].kind == .heading ? .body : .heading; changes.append(("kind", d))
        d = cleaned; d.paragraphs[labelled].boldLead = d.paragraphs[labelled].range.lowerBound..<(d.paragraphs[labelled].range.lowerBound + 2)
        changes.append(("bold lead", d))
        d = cleaned; d.paragraphs[labelled].label = "问"; d.paragraphs[labelled].labelRange = d.paragraphs[labelled].range.lowerBound..<(d.paragraphs[labelled].range.lowerBound + 2)
        changes.append(("cleaner's label", d))
        d = cleaned; d.paragraphs[labelled].range = d.paragraphs[labelled].range.lowerBound..<(d.paragraphs[labelled].range.upperBound - 1)
        changes.append(("range", d))
        let key = LabelMemo.key(of: cleaned)
        XCTAssertEqual(LabelMemo.key(of: cleaned), key, "the same document, the same key")
        // Unchanged, the document is written from its record.
        let memo = LabelMemo()
        let searched = pipeline.structure.labelSpeakers(cleaned, memo: memo, remember: true)
        XCTAssertEqual(memo.count, 1)
        let written = pipeline.structure.labelSpeakers(cleaned, memo: memo, remember: false)
        XCTAssertEqual(memo.count, 0, "taken")
        XCTAssertEqual(written.paragraphs, searched.paragraphs)
        XCTAssertEqual(written.metadata.fields, searched.metadata.fields)
        XCTAssertEqual(written.metadata.provenance, searched.metadata.provenance)
        // A transcript (labels) is not remembered: the second reading searches it.
        let transcript = Cleaner.clean(try DocumentLoader.load((WildEvaluation.directory as NSString)
            .appendingPathComponent(WildEvaluation.files[0])))
        XCTAssertGreaterThan(pipeline.structure.labelSpeakers(transcript, memo: memo, remember: true).paragraphs
            .filter { $0.label != nil }.count, 5, "a transcript")
        XCTAssertEqual(memo.count, 0)
        for (what, changed) in changes {
            XCTAssertNotEqual(LabelMemo.key(of: changed), key, what)
            let memo = LabelMemo()
            _ = pipeline.structure.labelSpeakers(cleaned, memo: memo, remember: true)
            let again = pipeline.structure.labelSpeakers(changed, memo: memo, remember: false)
            XCTAssertEqual(memo.count, 1, "\(what): not taken")
            XCTAssertEqual(again.paragraphs, pipeline.structure.labelSpeakers(changed).paragraphs, what)
        }
    }

    /// Past the budget nothing more is remembered, and the documents are what they were.
    func testNothingIsRememberedPastTheBudget() throws {
        let pipeline = try Pipeline()
        let cleaned = try newsStory(pipeline)
        let memo = LabelMemo(budget: 0)
        let once = pipeline.structure.labelSpeakers(cleaned, memo: memo, remember: true)
        XCTAssertEqual(memo.count, 0)
        XCTAssertEqual(once.paragraphs, pipeline.structure.labelSpeakers(cleaned).paragraphs)
        let roomy = LabelMemo()
        _ = pipeline.structure.labelSpeakers(cleaned, memo: roomy, remember: true)
        XCTAssertEqual(roomy.count, 1)
        let evidence = try XCTUnwrap(roomy.take(LabelMemo.key(of: cleaned)))
        XCTAssertEqual(evidence.description, once.metadata.provenance[DocumentKind.field], "the evidence as it was")
        XCTAssertNil(roomy.take(LabelMemo.key(of: cleaned)), "given up when taken")
        XCTAssertEqual(LabelMemo.countFields.count, Mirror(reflecting: DocumentKindEvidence()).children.count,
                       "the memo keeps every count of the evidence")
    }

    /// A news story of the wild set: no label, no heading (the documents the memo holds).
    func newsStory(_ pipeline: Pipeline) throws -> Document {
        for file in WildEvaluation.files {
            let cleaned = Cleaner.clean(try DocumentLoader.load((WildEvaluation.directory as NSString).appendingPathComponent(file)))
            let labelled = pipeline.structure.labelSpeakers(cleaned)
            if labelled.metadata.fields[DocumentKind.field] == DocumentKind.news.rawValue,
               !labelled.paragraphs.contains(where: { $0.label != nil || $0.kind == .heading }) { return cleaned }
        }
        throw XCTSkip("no news story without headings in the wild set")
    }
}
