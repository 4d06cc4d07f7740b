import XCTest
@testable import ZHText

final class AnalyzeTests: XCTestCase {
    func sampleFrequencies(keepStopwords: Bool = false) -> TermFrequencies {
        var freq = TermFrequencies(stopwords: Fixtures.pipeline.stopwords, keepStopwords: keepStopwords)
        freq.add(Fixtures.sampleTokens)
        return freq
    }

    /// Counts checked by hand in the cleaned sample text (grep -o over the body, labels excluded).
    func testSampleCountsOfDomainTerms() {
        let freq = sampleFrequencies()
        let counts = [("英伟达", 26), ("生成式ai", 8), ("加速计算", 6), ("智能体ai", 6), ("黄仁勋", 3), ("财报", 5), ("rubin cpx", 2)]
        for (term, count) in counts {
            XCTAssertEqual(freq.entries[term]?.count, count, term)
        }
        XCTAssertEqual(freq.entries["生成式ai"]?.display, "生成式AI")
        XCTAssertNil(freq.entries["英伟"])
        XCTAssertNil(freq.entries["的"], "stopwords are left out")
        XCTAssertEqual(sampleFrequencies(keepStopwords: true).entries["的"]?.count, 191)   // every 的 in the body
    }

    func testSpeakerLabelsAreNotBodyText() {
        let freq = sampleFrequencies()
        // 黄仁勋 is written 9 times in the body: 6 labels, 3 in the text.
        XCTAssertEqual(Fixtures.sampleDocument.text.components(separatedBy: "黄仁勋").count - 1, 9)
        XCTAssertEqual(freq.entries["黄仁勋"]?.count, 3)
        XCTAssertNil(freq.entries["问"])
    }

    func testRatesAndTable() {
        let freq = sampleFrequencies()
        let table = freq.table(top: 5)
        XCTAssertEqual(table.columns.map(\.name), ["rank", "term", "norm", "type", "count", "per_10k", "documents"])
        XCTAssertEqual(table.rows.count, 5)
        XCTAssertEqual(table.rows[0][1], .text("英伟达"))
        let expected = (26.0 * 10_000 / Double(freq.totalTokens) * 100).rounded() / 100
        XCTAssertEqual(table.rows[0][5], .real(expected))
        let counts = table.rows.map { row -> Int in if case .integer(let n) = row[4] { return n } else { return -1 } }
        XCTAssertEqual(counts, counts.sorted(by: >))
    }

    func testMergeEqualsCountingTogether() throws {
        let pipeline = Fixtures.pipeline
        let docs = try DocumentLoader.expand([Fixtures.path("corpus")]).map { try pipeline.load($0) }
        var together = pipeline.termFrequencies()
        var parts: [TermFrequencies] = []
        for doc in docs {
            let tokens = pipeline.tokenize(doc)
            together.add(tokens)
            var part = pipeline.termFrequencies()
            part.add(tokens)
            parts.append(part)
        }
        var merged = pipeline.termFrequencies()
        for part in parts { merged.merge(part) }
        XCTAssertEqual(merged.table().rows, together.table().rows)
        XCTAssertEqual(together.entries["智能体ai"]?.documents, 2)
        XCTAssertEqual(together.entries["智能体ai"]?.count, 3)   // titles are metadata, not body
    }

    func testCSVQuotingAndJSON() {
        var table = Table(name: "t", columns: [.init("term", .text), .init("count", .integer)])
        table.append([.text("a,\"b\"\n"), .integer(3)])
        XCTAssertEqual(TableWriter.renderCSV(table), "term,count\n\"a,\"\"b\"\"\n\",3\n")
        XCTAssertEqual(TableWriter.renderJSON(table), "[\n  {\"term\":\"a,\\\"b\\\"\\n\",\"count\":3}\n]\n")
        XCTAssertEqual(TableWriter.displayWidth("英伟达GPU"), 9)
    }
}
