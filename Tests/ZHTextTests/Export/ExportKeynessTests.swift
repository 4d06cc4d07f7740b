import Foundation
import XCTest
@testable import ZHText

/// The export's keyness table, counted compactly one document at a time (`KeynessGroups`), is
/// the table of the full per-group counts (`Corpus.groups(by:)` and `Keyness.eachAgainstRest`),
/// and the report keeps only the keyness rows its charts draw.
final class ExportKeynessTests: XCTestCase {
    /// Real-format calls of two companies over six quarters (manifests and inferred metadata),
    /// transcripts in several layouts and scripts, and metadata edge cases: some documents have
    /// no quarter or company, so groupings leave some out.
    static let loaded: CorpusReader.Loaded = {
        let reader = try! CorpusReader(pipeline: Fixtures.pipeline)
        return try! reader.corpus(["quarters", "transcripts", "metadata", "corpus"].map(Fixtures.path))
    }()

    /// The keyness table as the export used to make it: a `TermFrequencies` per group.
    func perGroupTable(_ corpus: Corpus, _ grouping: Grouping, _ options: KeynessOptions) -> (table: Table, groups: [CorpusGroup], ungrouped: [UngroupedDocument]) {
        let (groups, ungrouped) = corpus.groups(by: grouping)
        return (Keyness.table(Keyness.eachAgainstRest(groups, options: options), selection: .all), groups, ungrouped)
    }

    /// The keyness table from the compact counts.
    func compactTable(_ corpus: Corpus, _ grouping: Grouping, _ options: KeynessOptions) -> (table: Table, groups: KeynessGroups) {
        var groups = KeynessGroups(grouping)
        for document in corpus.documents { groups.add(document.metadata, document.frequencies) }
        var results: [KeynessResult] = []
        groups.eachAgainstRest(options: options) { results.append($0) }
        return (Keyness.table(results, selection: .all), groups)
    }

    func testCompactGroupsGiveTheTableOfPerGroupCounts() {
        let corpus = Self.loaded.corpus
        XCTAssertGreaterThanOrEqual(corpus.documents.count, 15)
        var filtered = Grouping(parsing: "quarter")
        filtered.filters = [(.company, "英伟达")]
        let groupings = [Grouping(parsing: "quarter"), Grouping(parsing: "company"), Grouping(parsing: "company,quarter"),
                         Grouping(parsing: "document"), filtered]
        let settings = [KeynessOptions(), KeynessOptions(minCount: 1, alpha: 1), KeynessOptions(minCount: 5, alpha: 0.01, bonferroni: true)]
        var compared = 0
        for grouping in groupings {
            for options in settings {
                let old = perGroupTable(corpus, grouping, options)
                let new = compactTable(corpus, grouping, options)
                XCTAssertEqual(new.groups.groups.map { $0.label }, old.groups.map(\.label), "\(grouping)")
                XCTAssertEqual(new.groups.groups.map { $0.documents }, old.groups.map(\.members.count), "\(grouping)")
                XCTAssertEqual(new.groups.ungrouped, old.ungrouped, "\(grouping)")
                XCTAssertEqual(new.table.columns.map(\.name), old.table.columns.map(\.name))
                XCTAssertEqual(new.table.rows.count, old.table.rows.count, "\(grouping) \(options)")
                for (k, (a, b)) in zip(new.table.rows, old.table.rows).enumerated() where a != b {
                    XCTFail("\(grouping) \(options): row \(k) is \(a), was \(b)")
                    break
                }
                compared += old.table.rows.count
            }
        }
        // Not a comparison of empty tables: groups of several documents, thousands of rows.
        XCTAssertGreaterThan(compared, 10_000)
        let byQuarter = perGroupTable(corpus, Grouping(parsing: "quarter"), KeynessOptions())
        XCTAssertGreaterThanOrEqual(byQuarter.groups.count, 6)
        XCTAssertFalse(byQuarter.ungrouped.isEmpty, "some fixtures have no quarter")
        // Every group has rows, terms more and less frequent than in the rest among them.
        XCTAssertEqual(Set(byQuarter.table.rows.map { $0[0].plainText }).count, byQuarter.groups.count)
        XCTAssertTrue(Set(byQuarter.table.rows.map { $0[16].plainText }).isSuperset(of: ["higher", "lower"]))
    }

    /// The report keeps the strongest rows of the first groups it charts, and draws the same
    /// charts from them as from the whole table.
    func testReportKeepsTheKeynessRowsItsChartsDraw() {
        let corpus = Self.loaded.corpus
        var groups = KeynessGroups(Grouping(parsing: "document"))
        for document in corpus.documents { groups.add(document.metadata, document.frequencies) }
        var collector = ReportCollector()
        var all = ExportTableSpec.keyness.emptyTable()
        let options = KeynessOptions(minCount: 1, alpha: 1)
        groups.eachAgainstRest(options: options) { result in
            let rows = Keyness.table([result], selection: .all).rows
            all.rows += rows
            collector.keep(rows, .keyness, document: nil)
        }
        let kept = collector.tables["keyness"]!
        XCTAssertGreaterThan(groups.groups.count, ReportData.keynessChartGroups)
        XCTAssertLessThan(kept.rows.count, all.rows.count / 10)
        XCTAssertEqual(Set(kept.rows.map { $0[0] }).count, ReportData.keynessChartGroups)
        let charts = ReportData.keynessCharts(all)
        XCTAssertEqual(charts.count, ReportData.keynessChartGroups)
        XCTAssertEqual(ReportData.keynessCharts(kept), charts)
    }
}

/// The notebook stores text as Jupyter does: a list of lines, each but the last ending in `\n`.
final class NotebookLinesTests: XCTestCase {
    func testLinesEndAfterEachLineFeedThatIsItsOwnCharacter() {
        XCTAssertEqual(NotebookWriter.lines("a\nb\n"), ["a\n", "b\n"])
        XCTAssertEqual(NotebookWriter.lines("营收\n\n增长"), ["营收\n", "\n", "增长"])
        XCTAssertEqual(NotebookWriter.lines(""), [])
        XCTAssertEqual(NotebookWriter.lines("\n"), ["\n"])
        // `\r\n` is one Character: the line goes on, as when the lines were found by Characters.
        XCTAssertEqual(NotebookWriter.lines("x\r\ny\r\r\nz\n"), ["x\r\ny\r\r\nz\n"])
        XCTAssertEqual(NotebookWriter.lines("<svg>\n<text>黄仁勋</text>\n</svg>"), ["<svg>\n", "<text>黄仁勋</text>\n", "</svg>"])
    }
}
