import Foundation
import XCTest
@testable import ZHText

/// `KeynessComparison`: the comparisons `zhtext compare` and `merge --table keyness` make from
/// groups or two sides, their per-comparison limit and the text they print.
final class KeynessComparisonTests: XCTestCase {
    var byQuarter: [CorpusGroup] { CorpusAnalysisTests.quarters.corpus.groups(by: Grouping(parsing: "quarter")).groups }

    func testGroupsAreComparedEachWithTheRestOneWithTheRestOrOneWithAnother() throws {
        let groups = byQuarter
        let labels = groups.map(\.label)
        XCTAssertGreaterThanOrEqual(labels.count, 3)
        let options = KeynessOptions(minCount: 1, alpha: 1)
        let each = try KeynessComparison(groups: groups, grouping: "quarter", options: options)
        XCTAssertEqual(each.results.map(\.labelA), labels)
        XCTAssertEqual(Set(each.results.map(\.labelB)), ["rest"])
        XCTAssertEqual(each.sides, groups.map { g in
            "\(g.label): \(g.members.count) document\(g.members.count == 1 ? "" : "s"), \(g.frequencies.totalTokens) word tokens"
        })
        let one = try KeynessComparison(groups: groups, grouping: "quarter", groupA: labels[1], options: options)
        XCTAssertEqual(one.results.map { [$0.labelA, $0.labelB] }, [[labels[1], "rest"]])
        XCTAssertEqual(one.results[0].rows, each.results[1].rows, "the same comparison as in the full run")
        let pair = try KeynessComparison(groups: groups, grouping: "quarter", groupA: labels[2], groupB: labels[0], options: options)
        XCTAssertEqual(pair.results.map { [$0.labelA, $0.labelB] }, [[labels[2], labels[0]]])
        XCTAssertEqual(pair.results[0].rows, Keyness.compare(groups[2], groups[0], options: options).rows)
    }

    func testAGroupingThatCannotBeComparedIsAnErrorNamingTheGroups() {
        let groups = byQuarter
        XCTAssertThrowsError(try KeynessComparison(groups: Array(groups.prefix(1)), grouping: "quarter")) { error in
            XCTAssertEqual(error as? KeynessComparison.Failure, .tooFewGroups(grouping: "quarter", groups: [groups[0].label]))
            XCTAssertEqual("\(error)", "grouping by quarter gives 1 group (\(groups[0].label)); comparing needs two")
        }
        XCTAssertThrowsError(try KeynessComparison(groups: groups, grouping: "quarter", groupA: "FY1999Q9")) { error in
            XCTAssertEqual("\(error)", "no group 'FY1999Q9' by quarter; groups: " + groups.map(\.label).joined(separator: ", "))
        }
        XCTAssertThrowsError(try KeynessComparison(groups: groups, grouping: "quarter", groupA: groups[0].label, groupB: "FY1999Q9"))
    }

    func testTopKeepsTheStrongestRowsOfEachComparison() throws {
        let comparison = try KeynessComparison(groups: byQuarter, grouping: "quarter", options: KeynessOptions(minCount: 1, alpha: 1))
        let all = comparison.table(show: .all)
        let top = comparison.table(show: .all, top: 3)
        for result in comparison.results {
            let rows = { (table: Table) in table.rows.filter { $0[0].plainText == result.labelA }.map { $0.map(\.plainText) } }
            XCTAssertEqual(rows(top), Array(rows(all).prefix(3)), result.labelA)
            XCTAssertEqual(rows(top).count, min(3, result.rows.count))
        }
        XCTAssertEqual(comparison.table(show: .all, top: 0).rows.count, all.rows.count, "0: every row")
    }

    func testTheTerminalTableHasAHeadingAndLeavesOutWhatItSays() throws {
        let q3 = CorpusAnalysisTests.quarters.corpus.groups(by: Grouping(parsing: "quarter")).groups
        let pair = KeynessComparison(q3[0].frequencies, q3[1].frequencies, labelA: "A", labelB: "B", options: KeynessOptions(alpha: 1))
        XCTAssertEqual(pair.sides[0], "A: \(q3[0].frequencies.documentCount) document\(q3[0].frequencies.documentCount == 1 ? "" : "s"), \(q3[0].frequencies.totalTokens) word tokens")
        let text = pair.render(show: .all, top: 5, format: .table)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(Array(lines.prefix(2)).map(String.init), pair.sides)
        XCTAssertTrue(lines[2].hasPrefix("A vs B: \(pair.results[0].tested) terms tested (count ≥ 3), "), text)
        XCTAssertEqual(lines[3], "", "a blank line before the table")
        XCTAssertTrue(lines[4].hasPrefix("term "), "one comparison: its sides are in the heading, not in columns: \(lines[4])")
        XCTAssertFalse(lines[4].contains("norm"))
        // CSV and JSON carry every column; Excel's CSV has its byte-order mark.
        XCTAssertEqual(pair.render(show: .all, top: 5, format: .csv), TableWriter.render(pair.table(show: .all, top: 5), as: .csv))
        XCTAssertTrue(pair.render(format: .csv, excel: true).hasPrefix("\u{FEFF}group,reference,term,norm,"))
        XCTAssertTrue(pair.render(format: .json).hasPrefix("[\n"))
    }
}
