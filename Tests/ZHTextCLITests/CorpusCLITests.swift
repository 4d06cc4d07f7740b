import Foundation
import XCTest
@testable import ZHText

/// The corpus commands end to end: compare, trends, kwic, collocations, metadata.
extension CLITests {
    /// Tests/crosscheck_stats.py, which recomputes the statistics in Python (standard library).
    static var crosscheckScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("crosscheck_stats.py").path
    }

    /// Runs the Python cross-check on a CSV zhtext printed; returns its report.
    func crosscheck(_ kind: String, csv: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-\(kind)-\(UUID().uuidString).csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.crosscheckScript, kind, file.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let report = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "python cross-check of \(kind): \(report)")
        return report
    }

    func testCompareTwoQuartersEndToEnd() throws {
        let q3 = Fixtures.path("quarters/nvidia/nvda_q3.txt"), q2 = Fixtures.path("quarters/nvidia/nvda_q2.txt")
        let csv = try run(["compare", q3, q2, "--format", "csv", "--p", "1", "--min-count", "1"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        for column in ["term", "count_a", "count_b", "total_a", "total_b", "g2", "log_ratio"] {
            XCTAssertTrue(header.contains(column), column)
        }
        let g2 = header.firstIndex(of: "g2")!
        let values = lines.dropFirst().map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[g2])! }
        XCTAssertEqual(values, values.sorted(by: >), "sorted by G²")
        // Totals are the counted tokens of each quarter (Q3: 181 since issue 6 splits 商业模式 and 三大, as PKU
        // does; 185 since issue 12 took one document's phrases out of domain.tsv: AI | 泡沫, 数据中心 | 业务;
        // Q2 192 since issue 12's number rule keeps a magnitude with its number).
        XCTAssertTrue(lines.contains { $0.contains(",网络,网络,word,0,6,185,192,") }, "网络: 0 in Q3, 6 in Q2")
        // The G², p, log ratio and %DIFF of every row, recomputed independently.
        let report = try crosscheck("keyness", csv: csv.stdout)
        XCTAssertTrue(report.contains("g2 0"), report)

        let table = try run(["compare", q3, q2])
        XCTAssertEqual(table.status, 0)
        XCTAssertTrue(table.stdout.contains("21 terms tested (count ≥ 3), 10 key at p < 0.05"), table.stdout)
    }

    /// A missing path and an undecodable file among good ones: reported on standard error and in
    /// --report, the rest analysed, exit 1; --strict writes nothing; a side of compare that is
    /// all failures ends the run without a usage message.
    func testCorpusCommandsGoOnPastBadFiles() throws {
        let q3 = Fixtures.path("quarters/nvidia/nvda_q3.txt"), q2 = Fixtures.path("quarters/nvidia/nvda_q2.txt")
        let missing = "/no/such/call.txt", undecodable = Fixtures.path("invalid-utf8.txt")
        let report = NSTemporaryDirectory() + "zhtext-kwic-report-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: report) }
        let kwic = try run(["kwic", "英伟达", q3, missing, undecodable, q2, "--format", "csv", "--report", report])
        XCTAssertEqual(kwic.status, 1, kwic.stderr)
        XCTAssertTrue(kwic.stderr.contains("zhtext: error: \(missing): no such file or folder"), kwic.stderr)
        XCTAssertTrue(kwic.stderr.contains("zhtext: error: \(undecodable): byte 12: invalid UTF-8"), kwic.stderr)
        XCTAssertTrue(kwic.stderr.contains("2 of 4 files failed"), kwic.stderr)
        let documents = Set(kwic.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] })
        // Keyed by file name (files given directly), as the export names them.
        XCTAssertEqual(documents, ["nvda_q3.txt", "nvda_q2.txt"], "both good files are searched")
        let records = Array(try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").dropFirst())
        XCTAssertEqual(records.map { $0.split(separator: ",", omittingEmptySubsequences: false)[1] }, ["ok", "failed", "failed", "ok"])
        XCTAssertTrue(records[1].hasPrefix(missing + ",failed,"), String(records[1]))

        let strict = try run(["trends", q3, missing, q2, "--by", "document", "--strict"])
        XCTAssertEqual(strict.status, 1)
        XCTAssertEqual(strict.stdout, "")
        XCTAssertTrue(strict.stderr.contains("1 of 3 files failed; --strict: no output written"), strict.stderr)

        let compare = try run(["compare", missing, q2])
        XCTAssertEqual(compare.status, 1)
        XCTAssertTrue(compare.stderr.contains("zhtext: error: \(missing): no such file or folder"), compare.stderr)
        XCTAssertTrue(compare.stderr.contains("\(missing): no word tokens to compare"), compare.stderr)
        XCTAssertFalse(compare.stderr.contains("Usage:"), compare.stderr)
    }

    func testCompareByQuarterAndItsErrors() throws {
        let byQuarter = try run(["compare", "--by", "quarter", Fixtures.path("quarters"), "--where", "company=英伟达",
                                 "--a", "FY2026Q3", "--b", "FY2026Q2", "--format", "csv"])
        XCTAssertEqual(byQuarter.status, 0, byQuarter.stderr)
        let lines = byQuarter.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 11, "ten key terms")
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("FY2026Q3,FY2026Q2,") })
        XCTAssertTrue(lines[1].hasPrefix("FY2026Q3,FY2026Q2,网络,"))
        // One group cannot be compared; a group that is not there is named with the ones that are.
        let one = try run(["compare", "--by", "quarter", Fixtures.sample])
        XCTAssertNotEqual(one.status, 0)
        XCTAssertTrue(one.stderr.contains("1 group (Q3)"), one.stderr)
        XCTAssertNotEqual(try run(["compare", Fixtures.sample]).status, 0, "A and B are both needed")
    }

    func testTrendsKWICCollocationsAndMetadataCommands() throws {
        let trends = try run(["trends", Fixtures.path("quarters/nvidia"), "--by", "quarter", "--term", "出口", "--term", "智能体AI", "--format", "csv"])
        XCTAssertEqual(trends.status, 0, trends.stderr)
        let rows = trends.stdout.split(separator: "\n")
        XCTAssertEqual(rows[0], "group,documents,measure,item,count,total,value")
        XCTAssertEqual(rows.filter { $0.contains(",term_per_10k,") }.count, 8)
        XCTAssertTrue(rows[1].hasPrefix("FY2026Q1,1,term_per_10k,出口,6,"), String(rows[1]))
        XCTAssertTrue(rows.contains { $0.hasPrefix("FY2026Q3,1,questions,,3,1,3") })
        XCTAssertTrue(rows.contains { $0.hasPrefix("FY2026Q3,1,theme_share,agentic-ai,") })
        XCTAssertTrue(rows.contains { $0.hasPrefix("FY2026Q3,1,talk_share,CEO,") })

        let kwic = try run(["kwic", "智能体AI", Fixtures.sample, "--window", "6", "--unit", "characters"])
        XCTAssertEqual(kwic.status, 0, kwic.stderr)
        XCTAssertEqual(kwic.stdout.split(separator: "\n").count, 2 + 6)
        XCTAssertTrue(kwic.stdout.contains("黄仁勋"))

        let bigrams = try run(["collocations", Fixtures.path("quarters"), Fixtures.sample, "--format", "csv", "--top", "0", "--min-count", "1"])
        XCTAssertEqual(bigrams.status, 0, bigrams.stderr)
        XCTAssertTrue(bigrams.stdout.hasPrefix("ngram,norm,count,count_1,count_2,positions,pmi,g2\n"))
        _ = try crosscheck("collocations", csv: bigrams.stdout)
        // Trigrams and every one-against-the-rest comparison, from the library's CSV.
        var trigrams = Collocations(size: 3, stopwords: Fixtures.pipeline.stopwords)
        for path in try DocumentLoader.expand([Fixtures.path("quarters")]) {
            trigrams.add(Fixtures.pipeline.tokenize(try Fixtures.pipeline.load(path)))
        }
        _ = try crosscheck("collocations", csv: TableWriter.renderCSV(trigrams.table(minCount: 1)))
        let quarters = try CorpusReader(pipeline: Fixtures.pipeline).corpus([Fixtures.path("quarters")])
        let groups = quarters.corpus.groups(by: Grouping(parsing: "company,quarter")).groups
        let keyness = Keyness.table(Keyness.eachAgainstRest(groups, options: KeynessOptions(minCount: 1)), selection: .all)
        _ = try crosscheck("keyness", csv: TableWriter.renderCSV(keyness))

        let metadata = try run(["metadata", Fixtures.path("metadata"), "--format", "csv"])
        XCTAssertEqual(metadata.status, 0)
        XCTAssertTrue(metadata.stdout.contains("nvda_q2_conflict.txt,fiscal_quarter,,conflict,"), metadata.stdout)
        XCTAssertTrue(metadata.stderr.contains("nvda_q2_conflict.txt: fiscal_quarter: sources disagree"), metadata.stderr)
        XCTAssertTrue(metadata.stderr.contains("no such file 'missing.txt'"), metadata.stderr)
    }
}
