import Foundation
import XCTest
@testable import ZHText

/// The metadata expressions (periods, call dates, tickers) run through `ICURegex` on UTF-16
/// units; they must find what `NSRegularExpression` finds on the same text, group for group.
final class ICURegexTests: XCTestCase {
    /// Every expression the metadata resolver runs on a document's text.
    private var expressions: [ICURegex] {
        PeriodInference.patterns.map(\.regex)
            + [CallDateInference.chineseDate, CallDateInference.englishDate, CallDateInference.monthDay, CompanyList.tickerPattern]
    }

    /// The normalized (lower-case) texts of the transcript fixtures, which name periods, dates
    /// and tickers as real calls do, and some made for the edges (empty, emoji, every form).
    private func texts() throws -> [String] {
        var files: [String] = []
        for folder in ["wild", "metadata", "transcripts", "quarters"] {
            let path = Fixtures.path(folder)
            let found = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
            files += found.filter { $0.hasSuffix(".txt") }.sorted().map { path + "/" + $0 }
        }
        XCTAssertGreaterThan(files.count, 10)
        var texts = try files.map { try String(contentsOfFile: $0, encoding: .utf8) }
        texts += ["", "截至2025年10月26日的第三财季", "FY2026 Q3 与 2025年6月份季度", "third quarter of fiscal 2026, 3Q25",
                  "NYSE: BABA 与 09988.HK，股票代码：600519", "2024年度暨2025年第一季度业绩说明会 7月17日法说会 2025-08-27",
                  "😀2025年第二季度😀 Q4 FY25 H1 2025 二季度 June 30, 2025"]
        let normalizer = TextNormalizer()
        return texts.map { NormalizedView($0, normalizer: normalizer).text as String }
    }

    func testSameMatchesAsNSRegularExpression() throws {
        var compared = 0
        for text in try texts() {
            let units = Array(text.utf16)
            for regex in expressions {
                let reference = try NSRegularExpression(pattern: regex.pattern)
                    .matches(in: text, range: NSRange(location: 0, length: units.count))
                let found = regex.matches(in: units)
                XCTAssertEqual(found.count, reference.count, regex.pattern)
                for (a, b) in zip(found, reference) {
                    for g in 0...regex.groupCount { XCTAssertEqual(a.range(at: g), b.range(at: g), regex.pattern) }
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 100, "the texts should hold many matches")
    }

    /// Searching only the runs that can hold a match (`RunSearch`) finds what the whole-text
    /// search finds, for the period, date and ticker expressions, on the same texts and across lines.
    func testRunSearchFindsTheWholeTextsMatches() throws {
        let searches: [(RunSearch?, [(ICURegex, [UInt64])])] = [
            (PeriodInference.runSearch, PeriodInference.patterns.map { ($0.regex, PeriodInference.runGroups[$0.kind] ?? []) }),
            (CallDateInference.runSearch, zip([CallDateInference.chineseDate, CallDateInference.englishDate, CallDateInference.monthDay],
                                              CallDateInference.runGroups).map { ($0, $1) }),
            (CompanyList.tickerSearch, [(CompanyList.tickerPattern, CompanyList.tickerSearch?.groups(CompanyList.tickerNeeds) ?? [])]),
        ]
        var extra = ["2024 年\n\n第三季度", "fy\n2025 q3；截至\n2025年6月30日止\n六个月", "quarter ended\njune 30,\n2025"]
        extra += extra.map { "前文。" + $0 + "。后文" }
        var compared = 0
        for text in try texts() + extra {
            let units = Array(text.utf16)
            for (search, expressions) in searches {
                let search = try XCTUnwrap(search, "the metadata expressions should have a listable alphabet")
                let index = search.index(units)
                for (regex, groups) in expressions {
                    let whole = regex.matches(in: units)
                    let narrowed = regex.matches(in: units, regions: index.runs(holdingOneOfEach: groups))
                    XCTAssertEqual(narrowed.map(\.range), whole.map(\.range), "\(regex.pattern) in \(text.prefix(40))")
                    for (a, b) in zip(narrowed, whole) {
                        for g in 0...regex.groupCount { XCTAssertEqual(a.range(at: g), b.range(at: g), regex.pattern) }
                    }
                    compared += whole.count
                }
            }
        }
        XCTAssertGreaterThan(compared, 100, "the texts should hold many matches")
    }

    /// Without a run search the whole text is searched when it holds the needed words, and
    /// nowhere when it does not; with one, only the runs holding them.
    func testSearchRegions() throws {
        let view = NormalizedView("他说2024年第三季度营收增长，全年目标不变", normalizer: TextNormalizer())
        let needs = [["季"], ["年"]]
        XCTAssertEqual(view.searchRegions(needs: needs, groups: [], runs: nil), [0..<view.units.count])
        XCTAssertEqual(view.searchRegions(needs: [["半年"]], groups: [], runs: nil), [])
        let search = try XCTUnwrap(RunSearch(patterns: [#"(\d{4})\s*年\s*第([一二三四])季度"#], words: ["季", "年"]))
        let runs = view.searchRegions(needs: needs, groups: search.groups(needs), runs: search.index(view.units))
        XCTAssertEqual(runs.map { String(utf16CodeUnits: view.units[$0]) }, ["2024年第三季度"])
    }

    /// An expression whose characters cannot be listed gives no alphabet (its user searches
    /// the whole text); the listed ones split a text where no match can cross.
    func testRegexAlphabet() throws {
        for pattern in [#"a.b"#, #"[^a]b"#, #"\w+"#, #"\S"#, #"(?i)q3"#, #"[一-龥]"#, #"\p{Han}"#, #"(?<name>a)"#] {
            XCTAssertNil(RegexAlphabet(patterns: [pattern]), pattern)
        }
        let alphabet = try XCTUnwrap(RegexAlphabet(patterns: [#"(?<![0-9])(\d{4})\s*年\s*第([一二三四1-4])季度?"#]))
        let text = "他说2024 年第三季度营收增长，2025年"
        let runs = alphabet.runs(in: Array(text.utf16))
        XCTAssertEqual(runs.map { String(text.utf16.dropFirst($0.lowerBound).prefix($0.count))! }, ["2024 年第三季度", "2025年"])
    }

    func testAGroupThatTakesNoPartIsNotFound() {
        let matches = ICURegex(#"(a)|(b)"#).matches(in: Array("xb".utf16))
        XCTAssertEqual(matches.count, 1)
        XCTAssertEqual(matches[0].range(at: 1).location, NSNotFound)
        XCTAssertEqual(matches[0].range(at: 2), NSRange(location: 1, length: 1))
        XCTAssertTrue(ICURegex("a").matches(in: []).isEmpty)
    }
}
