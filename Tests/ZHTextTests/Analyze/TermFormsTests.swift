import XCTest
@testable import ZHText

/// A term's surface forms are kept without a dictionary while there is only one: added,
/// merged and read back, they must be what a `[String: Int]` of every form would hold.
final class TermFormsTests: XCTestCase {
    /// The count of the top-th term, which decides which terms a `--top` table builds entries
    /// for, is the top-th of the counts sorted: on counts as a corpus has them (most small, many
    /// equal) and on any, for tops from none to all.
    func testTheLeastCountInTheTopIsTheTopthOfTheCountsSorted() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<400 {
            let n = Int.random(in: 0...300, using: &generator)
            let counts = (0..<n).map { _ in
                round.isMultiple(of: 2) ? Int.random(in: 1...3, using: &generator) : Int.random(in: 1...1_000_000, using: &generator)
            }
            let sorted = counts.sorted(by: >)
            for top in [0, 1, 2, 5, 50, n / 2, max(n - 1, 0), n, n + 1] {
                let expected: Int? = top >= n ? nil : top == 0 ? .max : sorted[top - 1]
                XCTAssertEqual(TermFrequencies.leastCount(inTop: top, of: counts), expected, "top \(top) of \(counts)")
            }
        }
    }

    func testFormsAddAndMergeAsADictionaryWould() {
        let spellings = ["黄仁勋", "黃仁勳", "GPU", "gpu", "e\u{301}", "é", "数据中心"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var a = TermFrequencies.Entry(), b = TermFrequencies.Entry()
            var expectedA: [String: Int] = [:], expectedB: [String: Int] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let form = spellings.randomElement(using: &generator)!, n = Int.random(in: 1...3, using: &generator)
                a.addForm(form, n)
                expectedA[form, default: 0] += n
            }
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let form = spellings.randomElement(using: &generator)!, n = Int.random(in: 1...3, using: &generator)
                b.addForm(form, n)
                expectedB[form, default: 0] += n
            }
            XCTAssertEqual(a.forms, expectedA)
            var seen: [String: Int] = [:]
            a.forEachForm { seen[$0, default: 0] += $1 }
            XCTAssertEqual(seen, expectedA)
            a.addForms(of: b)
            for (form, n) in expectedB { expectedA[form, default: 0] += n }
            XCTAssertEqual(a.forms, expectedA)
            XCTAssertEqual(a.display, expectedA.max { x, y in x.value != y.value ? x.value < y.value : x.key > y.key }?.key ?? "")
        }
    }

    func testFormsSetWholeReadBackTheSame() {
        var entry = TermFrequencies.Entry()
        for forms in [["英伟达": 3], [:], ["英伟达": 2, "英偉達": 1], ["NVIDIA": 0]] {
            entry.forms = forms
            XCTAssertEqual(entry.forms, forms)
        }
        entry.forms = ["英伟达": 2]
        entry.addForm("英偉達", 5)
        XCTAssertEqual(entry.forms, ["英伟达": 2, "英偉達": 5])
        XCTAssertEqual(entry.display, "英偉達")
    }
}
